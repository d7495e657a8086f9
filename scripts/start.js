// `npm start`: builds the app when the build is missing or older than the sources, then serves the production build
// with node. The server itself migrates, seeds demo data into an empty database and compiles the lessons on start.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const marker = path.join(root, "build/server/index.js");
const sources = ["app", "db", "public", "vite.config.ts", "package-lock.json"];

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
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// A bounded heap: without it V8 lets garbage pile up to ~600 MB of RSS after 10,000 lesson pages; at 192 MB the live
// set still fits (a cold start compiles every lesson within it) and RSS stays ~240 MB; at 128 MB garbage collection
// cost ~40 % of lesson throughput (bench/http.ts measures it). NODE_MAX_OLD_SPACE_MB overrides.
const heapFlag = `--max-old-space-size=${process.env.NODE_MAX_OLD_SPACE_MB ?? 192}`;
const server = spawnSync(process.execPath, [heapFlag, "server.js"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
process.exit(server.status ?? 0);
