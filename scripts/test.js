// `npm test`: lint (ESLint), format check (Prettier), typecheck, course checker, unit + integration tests (vitest, real SQLite files),
// production build, end-to-end tests (Playwright, real server, real Chromium).
// Stops at the first failing step and ends with one line that totals every test.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const reports = path.join(root, "tests/.reports");
fs.mkdirSync(reports, { recursive: true });
const vitestJson = path.join(reports, "vitest.json");
const playwrightJson = path.join(reports, "playwright.json");

const steps = [
  { name: "lint", cmd: ["npx", "eslint", "."] },
  { name: "format", cmd: ["npx", "prettier", "--check", "."] },
  { name: "typecheck", cmd: ["npx", "tsc"] },
  ...(fs.existsSync(path.join(root, "scripts/courses-check.ts")) ? [{ name: "courses:check", cmd: ["npx", "tsx", "scripts/courses-check.ts"] }] : []),
  { name: "vitest", cmd: ["npx", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`] },
  { name: "build", cmd: ["npx", "remix", "vite:build"] },
  { name: "playwright", cmd: ["npx", "playwright", "test", "--reporter=list,json"], env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson } },
];

let passed = 0;
let failed = 0;
let failedStep = null;
const started = Date.now();

for (const step of steps) {
  const t0 = Date.now();
  console.log(`\n▶ ${step.name}`);
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), { cwd: root, stdio: "inherit", env: { ...process.env, ...step.env } });
  console.log(`◀ ${step.name}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    failedStep = step.name;
    break;
  }
}

try {
  const v = JSON.parse(fs.readFileSync(vitestJson, "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
} catch {
  /* vitest did not run */
}
try {
  const p = JSON.parse(fs.readFileSync(playwrightJson, "utf8"));
  passed += p.stats.expected;
  failed += p.stats.unexpected + (p.stats.flaky ?? 0);
} catch {
  /* playwright did not run */
}
if (failedStep && failed === 0) failed = 1;

console.log(`\nnpm test took ${((Date.now() - started) / 1000).toFixed(0)} s${failedStep ? `; failed at step "${failedStep}"` : ""}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedStep ? 1 : 0);
