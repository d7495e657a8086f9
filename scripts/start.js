// `npm start`: builds the app when the build is missing or older than the sources,
// then serves the production build. The database is migrated (and, when empty,
// seeded with demo data) by the server itself on start.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const marker = path.join(root, "build/server/index.js");
const sources = ["app", "db", "courses", "public", "vite.config.ts", "package-lock.json"];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const builtAt = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
const changedAt = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
if (!builtAt || changedAt > builtAt) {
  console.log(builtAt ? "Sources changed since the last build: rebuilding…" : "No build yet: building…");
  const result = spawnSync("npx", ["remix", "vite:build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Compile the lessons that changed since the last start (none, usually) before serving.
const courses = spawnSync("npx", ["tsx", "scripts/courses-build.ts"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
if (courses.status !== 0) console.warn("Some lessons failed to compile; the site serves their last good version. Run npm run courses:check.");

const server = spawnSync(process.execPath, ["server.js"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
process.exit(server.status ?? 0);
