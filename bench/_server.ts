// Starts the production build against a fresh SQLite file with the demo data, for benchmarks.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

export type BenchServer = { url: string; dir: string; cookie: string; stop: () => void; proc: ChildProcess };

export async function startServer(port: number): Promise<BenchServer> {
  if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
    spawnSync("npx", ["remix", "vite:build"], { cwd: root, stdio: "inherit" });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tamkeen-bench-"));
  const env = { ...process.env, NODE_ENV: "production" as const, PORT: String(port), DATABASE_PATH: path.join(dir, "bench.db"), PUBLIC_URL: `http://localhost:${port}`, LOG_EMAILS: "false", SEED_DEMO: "true" };
  const build = spawnSync("npx", ["tsx", "scripts/courses-build.ts"], { cwd: root, env, encoding: "utf8" });
  if (build.status !== 0) throw new Error(build.stderr);

  // A session for the demo learner (enrolled in this quarter's communication course by the demo seed).
  process.env.DATABASE_PATH = env.DATABASE_PATH;
  process.env.SEED_DEMO = "false";
  process.env.LOG_EMAILS = "false";
  const { createSession, sessionSetCookie } = await import("../app/utils/session.server");
  const { getUserByEmail } = await import("../app/models/user.server");
  const learner = getUserByEmail("learner@tamkeen.test")!;
  const { token } = createSession(learner.id);
  const cookie = (await sessionSetCookie(token)).split(";")[0];

  const proc = spawn(process.execPath, ["server.js"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dir,
    cookie,
    proc,
    stop: () => {
      proc.kill("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
