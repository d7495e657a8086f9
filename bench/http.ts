// Throughput and latency of the production server at 50 connections: the framework's floor (/healthz),
// the catalogue, a signed-in learner's lesson page, and "mark as complete" posts.
import autocannon from "autocannon";
import { startServer } from "./_server";

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const server = await startServer(3310);
const lessonPath = "/courses/digital-communication/strategy";

async function measure(name: string, { path, ...opts }: Partial<autocannon.Options> & { path: string }) {
  const url = `${server.url}${path}`;
  // Warm-up: compiles nothing (all lessons are built) but fills SQLite's and V8's caches.
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

const browserHeaders = { "accept-language": "ar-MA,ar;q=0.9", "accept-encoding": "gzip" };
const floor = await measure("floor (/healthz)", { path: "/healthz" });
const catalogue = await measure("catalogue (/courses)", { path: "/courses", headers: browserHeaders });
const lesson = await measure("lesson page (signed-in learner)", { path: lessonPath, headers: { ...browserHeaders, cookie: server.cookie } });
const complete = await measure("mark as complete (POST)", {
  path: lessonPath,
  method: "POST",
  body: "intent=complete",
  headers: { cookie: server.cookie, "content-type": "application/x-www-form-urlencoded", origin: server.url },
});
server.stop();

// The POST answers with a redirect back to the lesson (post/redirect/get): 302 is its success.
console.log(
  JSON.stringify({
    bench: "http",
    connections: 50,
    seconds: duration,
    floor,
    catalogue,
    lesson,
    complete,
    lessonVsFloor: Number((lesson.rps / floor.rps).toFixed(2)),
    targets: {
      lessonAtLeastHalfFloor: lesson.rps >= floor.rps / 2,
      lessonP99Under100ms: lesson.p99Ms < 100,
      complete1000rps: complete.rps >= 1000,
      completeZeroErrors: complete.errors === 0 && complete.timeouts === 0 && complete.status5xx === 0,
    },
  }),
);
process.exit(0);
