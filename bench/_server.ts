// Starts the production build against a fresh SQLite file with the demo data, for benchmarks.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");

export type BenchServer = {
  url: string;
  dir: string;
  dbFile: string;
  cookie: string;
  lessonPaths: string[];
  stop: () => void;
  /** Stops the server, runs `between` on its stopped database, starts it again (sessions stay valid). */
  restart: (between?: () => void | Promise<void>) => Promise<void>;
  sessionCookie: (email: string) => Promise<string>;
  proc: ChildProcess;
};

export async function startServer(port: number): Promise<BenchServer> {
  if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
    spawnSync("npx", ["remix", "vite:build"], { cwd: root, stdio: "inherit" });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tamkeen-bench-"));
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    PORT: String(port),
    DATABASE_PATH: path.join(dir, "bench.db"),
    PUBLIC_URL: `http://localhost:${port}`,
    LOG_EMAILS: "false",
    SEED_DEMO: "true",
  };
  // The app's modules prepare statements when imported: the tables must exist before courses:build loads them.
  const { migrateFile } = await import("../db/migrate.js");
  migrateFile(env.DATABASE_PATH);
  const build = spawnSync("npx", ["tsx", "scripts/courses-build.ts"], { cwd: root, env, encoding: "utf8" });
  if (build.status !== 0) throw new Error(build.stderr);

  const url = `http://localhost:${port}`;
  const launch = async () => {
    // The heap bound scripts/start.js gives production (its RSS is one of the targets).
    const child = spawn(
      process.execPath,
      [...(process.env.BENCH_SERVER_ARGS ?? `--max-old-space-size=${process.env.NODE_MAX_OLD_SPACE_MB ?? 192}`).split(" ").filter(Boolean), "server.js"],
      { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] },
    );
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return child;
  };
  let proc = await launch();
  // The server seeds the demo data at start-up; then a session for the demo learner (enrolled in this quarter's communication course).
  process.env.DATABASE_PATH = env.DATABASE_PATH;
  process.env.SEED_DEMO = "false";
  process.env.LOG_EMAILS = "false";
  const { createSession, sessionSetCookie } = await import("../app/utils/session.server");
  const { getUserByEmail } = await import("../app/models/user.server");
  const learner = getUserByEmail("learner@tamkeen.test")!;
  const { token } = createSession(learner.id);
  const cookie = (await sessionSetCookie(token)).split(";")[0];
  const sessionCookie = async (email: string) => (await sessionSetCookie(createSession(getUserByEmail(email)!.id).token)).split(";")[0];

  // Every lesson of every course open to that learner: one running offering per course (memory bench reads them all).
  const { listOfferings } = await import("../app/models/offering.server");
  const { enrol } = await import("../app/models/enrolment.server");
  const { listCourses, getCourse } = await import("../app/models/course.server");
  const seen = new Set<string>();
  for (const { offering } of listOfferings({ includeClosed: false })) {
    if (offering.status !== "running" || seen.has(offering.courseId)) continue;
    seen.add(offering.courseId);
    enrol(offering.id, learner.id, { ignoreWindow: true });
  }
  const lessonPaths = listCourses().flatMap(({ course }) =>
    seen.has(course.id) ? getCourse(course.id)!.lessons.map((l) => `/courses/${course.id}/${l.slug}`) : [],
  );

  const server: BenchServer = {
    url,
    dir,
    dbFile: env.DATABASE_PATH,
    cookie,
    lessonPaths,
    proc,
    sessionCookie,
    restart: async (between) => {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
      await between?.();
      proc = server.proc = await launch();
    },
    stop: () => {
      server.proc.kill("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
