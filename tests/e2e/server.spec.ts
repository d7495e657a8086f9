import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";

// The server process itself, started as production starts it (node server.js on the build): start-up on an empty
// database, two processes at once, no known password, the health probe, and stopping with a request half sent.
test.describe.configure({ mode: "serial" });

const root = path.resolve(import.meta.dirname, "../..");
let nextPort = 3400 + Math.floor(Math.random() * 200);

type Server = { child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> };

function start(dbFile: string, env: Record<string, string> = {}): Server {
  const port = nextPort++;
  let output = "";
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_PATH: dbFile,
    PUBLIC_URL: `http://localhost:${port}`,
    LOG_EMAILS: "false",
    SEED_DEMO: "true",
    SHUTDOWN_GRACE_MS: "2000",
    COURSES_DIR: path.join(root, "tests/fixtures/journey-courses"),
    ...env,
  };
  delete childEnv.DEMO_PASSWORD; // as on a real install: no password known in advance
  const child = spawn(process.execPath, ["server.js"], { cwd: root, env: childEnv });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, port, output: () => output, exited };
}

async function ready(server: Server) {
  for (let i = 0; i < 200; i++) {
    if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
    try {
      const res = await fetch(`http://localhost:${server.port}/healthz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready:\n${server.output()}`);
}

function tempDb() {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tamkeen-server-")), "t.db");
}

test("two processes starting on an empty database both serve; demo data is seeded once, with a random password printed once", async () => {
  const file = tempDb();
  const a = start(file);
  const b = start(file);
  await Promise.all([ready(a), ready(b)]);
  const printed = [a.output(), b.output()].map((o) => /write it down\): (\S+)/.exec(o)?.[1]).filter(Boolean);
  expect(printed).toHaveLength(1);
  expect(printed[0]).toMatch(/^[A-Za-z0-9]{16}$/);
  expect(a.output() + b.output()).not.toMatch(/UNIQUE|SqliteError/);
  const db = new Database(file, { readonly: true });
  expect(db.prepare("select count(*) as n from users where email in ('admin@tamkeen.test', 'trainer@tamkeen.test', 'learner@tamkeen.test')").get()).toEqual({
    n: 3,
  });
  db.close();

  // The printed password logs in; the one the README used to print does not.
  const login = (password: string) =>
    fetch(`http://localhost:${a.port}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "admin@tamkeen.test", password }),
    });
  expect((await login("tamkeen-demo-2026")).status).toBe(400);
  expect((await login(printed[0]!)).status).toBe(302);
  a.child.kill("SIGTERM");
  b.child.kill("SIGTERM");
  await Promise.all([a.exited, b.exited]);
});

test("SEED_DEMO=false seeds no account; admin:create prints a one-time link instead of a password", async () => {
  const file = tempDb();
  const s = start(file, { SEED_DEMO: "false" });
  await ready(s);
  const db = new Database(file, { readonly: true });
  expect(db.prepare("select count(*) as n from users").get()).toEqual({ n: 0 });
  db.close();
  const created = spawnSync(process.execPath, ["scripts/admin-create.js", "--email", "first@centre.ma", "--name", "First Admin"], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: file, PUBLIC_URL: `http://localhost:${s.port}` },
    encoding: "utf8",
  });
  expect(created.status).toBe(0);
  const link = /(http:\/\/\S+reset-password\?token=\S+)/.exec(created.stdout)?.[1];
  expect(link).toBeTruthy();
  const token = new URL(link!).searchParams.get("token")!;
  const check = new Database(file, { readonly: true });
  // Only the token's hash is stored.
  const stored = check.prepare("select id from password_tokens").all() as { id: string }[];
  check.close();
  expect(stored).toHaveLength(1);
  expect(stored[0]!.id).not.toContain(token);
  expect((await fetch(link!)).status).toBe(200);
  s.child.kill("SIGTERM");
  await s.exited;
});

test("the health probe answers 503 while the database cannot be written, and 200 again after", async () => {
  const file = tempDb();
  const s = start(file, { SEED_DEMO: "false" });
  await ready(s);
  // Another connection holds the write lock with a write of its own. Once in CI the first probe answered 200 while a
  // lock taken by BEGIN EXCLUSIVE alone was held: the probe is now asked again, and must answer 503 within 2 s.
  const blocker = new Database(file);
  blocker.pragma("busy_timeout = 5000");
  blocker.exec("BEGIN IMMEDIATE");
  blocker.exec("CREATE TABLE IF NOT EXISTS probe_lock (x)");
  let answer = { status: 0, text: "" };
  for (let i = 0; i < 10 && answer.status !== 503; i++) {
    const res = await fetch(`http://localhost:${s.port}/healthz`);
    answer = { status: res.status, text: await res.text() };
    if (answer.status !== 503) await new Promise((r) => setTimeout(r, 200));
  }
  expect(answer).toEqual({ status: 503, text: "database: locked" });
  blocker.exec("ROLLBACK");
  blocker.close();
  expect((await fetch(`http://localhost:${s.port}/healthz`)).status).toBe(200);
  s.child.kill("SIGTERM");
  await s.exited;
});

test("SIGTERM with a request half sent: the server exits after its grace period instead of hanging", async () => {
  const file = tempDb();
  const s = start(file, { SEED_DEMO: "false", SHUTDOWN_GRACE_MS: "1500" });
  await ready(s);
  const socket = net.connect(s.port, "127.0.0.1");
  await new Promise((r) => socket.once("connect", r));
  socket.on("error", () => undefined);
  socket.write("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a");
  await new Promise((r) => setTimeout(r, 200));
  const stoppedAt = Date.now();
  s.child.kill("SIGTERM");
  const code = await Promise.race([s.exited, new Promise((r) => setTimeout(() => r("hung"), 8000))]);
  expect(code).toBe(0);
  expect(Date.now() - stoppedAt).toBeLessThan(4000);
  socket.destroy();
});
