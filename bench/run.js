// npm run bench — runs every bench/*.ts, then writes bench/RESULTS.md with the machine it ran on.
// Benchmarks are measurements, not tests: they never fail the build; RESULTS.md says how they compare with the targets.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_"))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort();

// The benches start the production build: build it from the code as it is now, or they measure an older one.
const build = spawnSync("npx", ["remix", "vite:build"], { cwd: path.resolve(dir, ".."), stdio: ["ignore", "ignore", "inherit"] });
if (build.status !== 0) process.exit(build.status ?? 1);

const resultsFile = path.join(dir, "results.json");
const previous = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, "utf8")) : {};
for (const file of files) {
  console.log(`\n▶ bench/${file}`);
  const run = spawnSync("npx", ["tsx", path.join("bench", file)], {
    cwd: path.resolve(dir, ".."),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NODE_OPTIONS: "--expose-gc" },
  });
  process.stdout.write(run.stdout);
  for (const line of run.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const result = JSON.parse(line);
    previous[result.bench] = { ...result, ranAt: new Date().toISOString() };
  }
}
fs.writeFileSync(resultsFile, JSON.stringify(previous, null, 2) + "\n");

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const machine = `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
const template = fs.readFileSync(path.join(dir, "RESULTS.template.md"), "utf8");
const tables = Object.values(previous)
  .map((r) => {
    const rows = Object.entries(r)
      .filter(([k]) => k !== "bench")
      .map(([k, v]) => `| ${k} | ${typeof v === "object" ? JSON.stringify(v) : v} |`);
    return `### ${r.bench}\n\n| measure | value |\n|---|---|\n${rows.join("\n")}\n`;
  })
  .join("\n");
fs.writeFileSync(path.join(dir, "RESULTS.md"), template.replace("{{machine}}", machine).replace("{{tables}}", tables));
console.log(`\nWrote bench/RESULTS.md (${machine})`);
