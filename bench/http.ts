// Throughput and latency at 50 connections, side by side in one run with a bare Remix floor (bench/floor: same
// package versions, future flags and Express shape): the floor's ~4 KB and ~45 KB pages, Tamkeen's /healthz, /login,
// a signed-in learner's lesson and "mark as complete"; then the server's RSS after 10,000 lesson requests spread
// over every lesson. Loopback only; bounded: BENCH_SECONDS (default 8) per measure after a 2 s warm-up.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { root, startServer } from "./_server";

const duration = Number(process.env.BENCH_SECONDS ?? 8);
const floorDir = path.join(root, "bench/floor");
const floorBuilt = path.join(floorDir, "build/server/index.js");
const floorSources = ["app/root.tsx", "app/entry.server.tsx", "app/routes/small.tsx", "app/routes/large.tsx", "vite.config.ts"].map((f) =>
  path.join(floorDir, f),
);
if (!fs.existsSync(floorBuilt) || floorSources.some((f) => fs.statSync(f).mtimeMs > fs.statSync(floorBuilt).mtimeMs)) {
  spawnSync("npx", ["remix", "vite:build"], { cwd: floorDir, stdio: ["ignore", "ignore", "inherit"] });
}
// Ports away from the ones the app and tests use; another process on them would be measured instead.
const floorPort = 3391;
const floorProc = spawn(process.execPath, ["server.js"], {
  cwd: floorDir,
  env: { ...process.env, NODE_ENV: "production", PORT: String(floorPort) },
  stdio: ["ignore", "ignore", "inherit"],
});
process.on("exit", () => floorProc.kill("SIGTERM"));
const floorUrl = `http://localhost:${floorPort}`;
const server = await startServer(3390);
process.on("exit", () => server.proc.kill("SIGTERM"));
for (let i = 0; i < 100; i++) {
  if (
    await fetch(`${floorUrl}/small`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  await new Promise((r) => setTimeout(r, 100));
}
if (floorProc.exitCode !== null || !(await fetch(`${floorUrl}/large`).then((r) => r.text())).includes("A long lesson"))
  throw new Error("the floor did not start");
const lessonPath = "/courses/digital-communication/strategy";

type Measure = {
  name: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  status5xx: number;
  bytesPerRequest: number;
};
async function measure(name: string, base: string, { path: p, ...opts }: Partial<autocannon.Options> & { path: string }): Promise<Measure> {
  const url = `${base}${p}`;
  await autocannon({ url, connections: 10, duration: 2, ...opts });
  const r = await autocannon({ url, connections: 50, duration, ...opts });
  return {
    name,
    rps: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    status5xx: r["5xx"],
    bytesPerRequest: Math.round(r.throughput.average / Math.max(1, r.requests.average)),
  };
}

// A returning browser: it keeps the cookie saying it has the stylesheet, so documents link it rather than inline it
// (only a first visit carries the stylesheet; see app/utils/first-visit-css.server.ts and bench/weight.ts).
const cssCookie = ((await fetch(`${server.url}/login`)).headers.getSetCookie().find((c) => c.startsWith("tk_css=")) ?? "").split(";")[0];
const browser = { "accept-language": "ar-MA,ar;q=0.9", "accept-encoding": "gzip", cookie: cssCookie };
// Interleaved so that a neighbour's load on this shared machine hits both sides of a ratio alike.
const floorSmall = await measure("floor small page (~4 KB)", floorUrl, { path: "/small", headers: browser });
const login = await measure("/login", server.url, { path: "/login", headers: browser });
// The same page rendered for each request: a session cookie (here an unknown one, so still a visitor) means the page
// is never taken from the visitors' copies (server/document-cache.js); what /login costs when it is rendered.
const loginRendered = await measure("/login rendered (not the kept copy)", server.url, {
  path: "/login",
  headers: { ...browser, cookie: `tamkeen_session=unknown; ${cssCookie}` },
});
const floorLarge = await measure("floor large page (~45 KB)", floorUrl, { path: "/large", headers: browser });
const lesson = await measure("lesson page (signed-in learner)", server.url, {
  path: lessonPath,
  headers: { ...browser, cookie: `${server.cookie}; ${cssCookie}` },
});
const healthz = await measure("/healthz", server.url, { path: "/healthz" });
const complete = await measure("mark as complete (POST)", server.url, {
  path: lessonPath,
  method: "POST",
  body: "intent=complete",
  headers: { cookie: `${server.cookie}; ${cssCookie}`, "content-type": "application/x-www-form-urlencoded", origin: server.url },
});
floorProc.kill("SIGTERM");

// Memory: 10,000 lesson requests spread over every lesson the learner can open (bodies differ, so caches fill).
const rssMb = () => {
  const status = fs.readFileSync(`/proc/${server.proc.pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
};
const rssBeforeMb = rssMb();
const memoryRun = await autocannon({
  url: server.url,
  connections: 20,
  amount: 10_000,
  requests: server.lessonPaths.map((p) => ({ path: p, headers: { ...browser, cookie: `${server.cookie}; ${cssCookie}` } })),
});
const rssAfterMb = rssMb();
server.stop();

const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
const loginVsFloorSmall = ratio(login.rps, floorSmall.rps);
const loginRenderedVsFloorSmall = ratio(loginRendered.rps, floorSmall.rps);
const lessonVsFloorLarge = ratio(lesson.rps, floorLarge.rps);
const completeVsHealthz = ratio(complete.rps, healthz.rps);
// The POST answers with a redirect back to the lesson (post/redirect/get): 302 is its success.
console.log(
  JSON.stringify({
    bench: "http",
    connections: 50,
    seconds: duration,
    floorSmall,
    login,
    loginRendered,
    floorLarge,
    lesson,
    healthz,
    complete,
    memory: {
      lessons: server.lessonPaths.length,
      requests: memoryRun.requests.total,
      non2xx: memoryRun.non2xx,
      errors: memoryRun.errors,
      rssBeforeMb,
      rssAfterMb,
    },
    loginVsFloorSmall,
    loginRenderedVsFloorSmall,
    lessonVsFloorLarge,
    completeVsHealthz,
    targets: {
      "login >= 0.9 x floor small": loginVsFloorSmall >= 0.9,
      "lesson >= 1.2 x floor large": lessonVsFloorLarge >= 1.2,
      "lesson p99 < 300 ms": lesson.p99Ms < 300,
      "complete >= 0.7 x healthz": completeVsHealthz >= 0.7,
      "complete 0 errors": complete.errors === 0 && complete.timeouts === 0 && complete.status5xx === 0,
      "RSS after 10,000 lessons < 250 MB": rssAfterMb < 250,
    },
  }),
);
process.exit(0);
