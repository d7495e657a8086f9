// Scale (issue 9): the lesson page's throughput on the demo database, then on the same database grown to 50,000
// learners, 1,000 offerings, 2,000,000 progress rows and 50,000 certificates (bench/_dataset.ts); and, on the big
// database, the time to answer the catalogue, /learn, a trainer's roster of 200 learners and an offering's
// certificate overview (sequential requests, so it is the time one person waits). Loopback only; bounded.
import fs from "node:fs";
import autocannon from "autocannon";
import { generateDataset } from "./_dataset";
import { startServer } from "./_server";

const duration = Number(process.env.BENCH_SECONDS ?? 8);
const server = await startServer(3392);
process.on("exit", () => server.proc.kill("SIGTERM"));
const lessonPath = "/courses/digital-communication/strategy";
const browser = { "accept-language": "ar-MA,ar;q=0.9", "accept-encoding": "gzip" };

async function throughput() {
  const opts = { url: `${server.url}${lessonPath}`, headers: { ...browser, cookie: server.cookie } };
  await autocannon({ ...opts, connections: 10, duration: 2 });
  const r = await autocannon({ ...opts, connections: 50, duration });
  return { rps: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

async function latency(path: string, cookie: string, n = 20) {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < n + 3; i++) {
    const t = performance.now();
    const res = await fetch(`${server.url}${path}`, { headers: { ...browser, cookie }, redirect: "manual" });
    bytes = (await res.arrayBuffer()).byteLength;
    status = res.status;
    if (i >= 3) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { path, status, bytes, medianMs: Number(times[n >> 1].toFixed(1)), p95Ms: Number(times[Math.floor(n * 0.95)].toFixed(1)) };
}

const empty = await throughput();
let dataset!: ReturnType<typeof generateDataset>;
await server.restart(() => {
  dataset = generateDataset(server.dbFile);
});
const dbMb = Math.round(fs.statSync(server.dbFile).size / 2 ** 20);
const big = await throughput();

const learner = await server.sessionCookie(dataset.sampleLearnerEmail);
const trainer = await server.sessionCookie(dataset.rosterTrainerEmail);
const admin = await server.sessionCookie("admin@tamkeen.test");
const pages = {
  catalogue: await latency("/courses", ""),
  learn: await latency("/learn", learner),
  roster: await latency(`/trainer/offerings/${dataset.rosterOfferingId}`, trainer),
  certificates: await latency(`/admin/offerings/${dataset.rosterOfferingId}/certificates`, admin),
};
server.stop();

const lessonVsEmpty = Number((big.rps / empty.rps).toFixed(2));
console.log(
  JSON.stringify({
    bench: "scale",
    dataset: { ...dataset.counts, generatedMs: dataset.ms, dbMb },
    lessonEmptyDb: empty,
    lessonBigDb: big,
    lessonVsEmpty,
    pages,
    targets: {
      "lesson within 10 % of empty database": lessonVsEmpty >= 0.9,
      ...Object.fromEntries(Object.entries(pages).map(([k, v]) => [`${k} < 100 ms (median) and 200`, v.medianMs < 100 && v.status === 200])),
    },
  }),
);
process.exit(0);
