// Funders' reports (issue 11) on the 50,000-learner data set (bench/_dataset.ts) with outcome data (bench/_outcomes.ts):
// the indicators for a whole year across all courses (the model alone, and the pages that show it), and the XLSX
// export of that year: time to the last byte and the server's extra RSS while it writes (sampled from /proc).
import fs from "node:fs";
import { generateDataset } from "./_dataset";
import { generateOutcomes } from "./_outcomes";
import { startServer } from "./_server";

const server = await startServer(3394);
process.on("exit", () => server.proc.kill("SIGTERM"));
let dataset!: ReturnType<typeof generateDataset>;
let outcomes!: ReturnType<typeof generateOutcomes>;
await server.restart(() => {
  dataset = generateDataset(server.dbFile);
  outcomes = generateOutcomes(server.dbFile);
});
const year = String(new Date().getUTCFullYear());
const admin = await server.sessionCookie("admin@tamkeen.test");
// A fresh connection per request: a request that waits longer than the server's keep-alive must not meet a closed socket.
const headers = { cookie: admin, "accept-language": "ar", "accept-encoding": "gzip", connection: "close" };
let serverExit: string | null = null;
server.proc.once("exit", (code, signal) => (serverExit = `server exited: ${code ?? signal}`));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

// The model in this process, as the page's loader calls it.
const { computeIndicators, parseIndicatorFilters } = await import("../app/models/indicators.server");
const parsed = parseIndicatorFilters(new URLSearchParams({ period: year }));
if (!parsed.ok) throw new Error("filters");
const modelTimes: number[] = [];
let totals = computeIndicators(parsed.filters).totals;
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  totals = computeIndicators(parsed.filters).totals;
  modelTimes.push(performance.now() - t);
}
// The model runs above block this process's event loop for seconds: the keep-alive socket left from startServer's
// health checks is closed by the server meanwhile, and fetch would reuse it unknowingly ("other side closed" on the
// first page request, the failure of earlier runs). One turn of the loop lets it see the close.
await new Promise((r) => setTimeout(r, 100));

async function page(path: string, n = 10) {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  try {
    for (let i = 0; i < n + 2; i++) {
      const t = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers });
      bytes = (await res.arrayBuffer()).byteLength;
      status = res.status;
      if (i >= 2) times.push(performance.now() - t);
    }
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    return { path, status, bytes, medianMs: null, error: `${(error as Error).message}: ${cause?.message ?? ""} ${serverExit ?? ""}`.trim() };
  }
  return { path, status, bytes, medianMs: Number(median(times).toFixed(1)) };
}

function serverRssMb() {
  const status = fs.readFileSync(`/proc/${server.proc.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function xlsx() {
  if (serverExit) return { status: 0, error: serverExit };
  await new Promise((r) => setTimeout(r, 500));
  const before = serverRssMb();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, serverRssMb())), 25);
  const t = performance.now();
  const res = await fetch(`${server.url}/admin/indicators.xlsx?period=${year}`, { headers });
  const bytes = (await res.arrayBuffer()).byteLength;
  const ms = performance.now() - t;
  clearInterval(sampler);
  peak = Math.max(peak, serverRssMb());
  return { status: res.status, mb: Number((bytes / 2 ** 20).toFixed(1)), seconds: Number((ms / 1000).toFixed(2)), extraRssMb: Math.round(peak - before) };
}

const indicatorsPage = await page(`/admin/indicators?period=${year}`, 5);
const reportPage = await page(`/admin/indicators/report?period=${year}`, 5);
const workbook = await xlsx();
const csv = await page(`/admin/indicators.csv?period=${year}`, 3);
server.stop();

const modelMs = Number(median(modelTimes).toFixed(1));
console.log(
  JSON.stringify({
    bench: "indicators",
    dataset: { ...dataset.counts, ...outcomes, period: year },
    totals: { enrolled: totals.enrolled, completed: totals.completed, certified: totals.certified },
    modelMedianMs: modelMs,
    indicatorsPage,
    reportPage,
    csv,
    xlsx: workbook,
    targets: {
      "indicators for a year < 300 ms (model)": modelMs < 300,
      "indicators page for a year < 300 ms (median)": indicatorsPage.medianMs !== null && indicatorsPage.medianMs < 300,
      "printable report for a year < 300 ms (median)": reportPage.medianMs !== null && reportPage.medianMs < 300,
      "XLSX of a year < 5 s": "seconds" in workbook && workbook.seconds! < 5,
      "XLSX of a year < 150 MB extra RSS": "extraRssMb" in workbook && workbook.extraRssMb! < 150,
    },
  }),
);
process.exit(0);
