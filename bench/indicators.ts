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

// Computed indicators are kept with the rows they were folded from; a write names the people whose figures moved
// (migration 0013) and only their rows are read again. "Cold" is the first request after such a change: here a real
// write through a second connection, a completion written again for a learner picked at random each time, as a learner
// finishing a course would; "warm" is a request with nothing changed since the same figures were last asked for.
const Database = (await import("better-sqlite3")).default;
const writer = new Database(server.dbFile);
writer.pragma("busy_timeout = 5000");
const completed = writer.prepare("SELECT id FROM enrolments WHERE completed_at IS NOT NULL ORDER BY random() LIMIT 200").pluck().all() as number[];
const touch = writer.prepare("UPDATE enrolments SET completed_at = completed_at WHERE id = ?");
let changes = 0;
const change = () => touch.run(completed[changes++ % completed.length]);

// The model in this process, as the page's loader calls it.
const { computeIndicators, computeIndicatorsAfresh, parseIndicatorFilters } = await import("../app/models/indicators.server");
const parsed = parseIndicatorFilters(new URLSearchParams({ period: year }));
if (!parsed.ok) throw new Error("filters");
const modelTimes: number[] = [];
const modelWarmTimes: number[] = [];
let totals = computeIndicators(parsed.filters).totals;
for (let i = 0; i < 10; i++) {
  change();
  let t = performance.now();
  totals = computeIndicators(parsed.filters).totals;
  modelTimes.push(performance.now() - t);
  t = performance.now();
  computeIndicators(parsed.filters);
  modelWarmTimes.push(performance.now() - t);
}
// A question not asked since the server started (or one of more than the few kept): everyone's rows are read.
const modelFreshTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  computeIndicatorsAfresh(parsed.filters);
  modelFreshTimes.push(performance.now() - t);
}
// The model runs above block this process's event loop for seconds: the keep-alive socket left from startServer's
// health checks is closed by the server meanwhile, and fetch would reuse it unknowingly ("other side closed" on the
// first page request, the failure of earlier runs). One turn of the loop lets it see the close.
await new Promise((r) => setTimeout(r, 100));

async function page(path: string, n = 10, cold = false) {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  try {
    for (let i = 0; i < n + 2; i++) {
      if (cold) change();
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
  return { path, status, bytes, medianMs: Number(median(times).toFixed(1)), ...(cold ? { afterAChange: true } : {}) };
}

function serverRssMb() {
  const status = fs.readFileSync(`/proc/${server.proc.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function xlsx(cold: boolean) {
  if (serverExit) return { status: 0, error: serverExit };
  if (cold) change();
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
const indicatorsPageCold = await page(`/admin/indicators?period=${year}`, 5, true);
const reportPage = await page(`/admin/indicators/report?period=${year}`, 5);
const reportPageCold = await page(`/admin/indicators/report?period=${year}`, 5, true);
const workbookCold = await xlsx(true);
const workbook = await xlsx(false);
const csv = await page(`/admin/indicators.csv?period=${year}`, 3);
writer.close();
server.stop();

const modelMs = Number(median(modelTimes).toFixed(1));
const modelWarmMs = Number(median(modelWarmTimes).toFixed(3));
const modelFreshMs = Number(median(modelFreshTimes).toFixed(1));
const under = (p: { medianMs: number | null }, ms: number) => p.medianMs !== null && p.medianMs < ms;
console.log(
  JSON.stringify({
    bench: "indicators",
    dataset: { ...dataset.counts, ...outcomes, period: year },
    totals: { enrolled: totals.enrolled, completed: totals.completed, certified: totals.certified },
    modelMedianMs: { afterAChange: modelMs, unchanged: modelWarmMs, neverAsked: modelFreshMs },
    indicatorsPage,
    indicatorsPageCold,
    reportPage,
    reportPageCold,
    csv,
    xlsx: workbook,
    xlsxCold: workbookCold,
    targets: {
      "indicators page for a year < 300 ms (median, data unchanged since last asked)": under(indicatorsPage, 300),
      "indicators page for a year < 300 ms (median, first request after a change)": under(indicatorsPageCold, 300),
      "indicators for a year < 300 ms (model, after a change)": modelMs < 300,
      "printable report for a year < 300 ms (median, unchanged)": under(reportPage, 300),
      "printable report for a year < 300 ms (median, after a change)": under(reportPageCold, 300),
      "XLSX of a year < 5 s (after a change)": "seconds" in workbookCold && workbookCold.seconds! < 5,
      "XLSX of a year < 150 MB extra RSS (after a change)": "extraRssMb" in workbookCold && workbookCold.extraRssMb! < 150,
    },
  }),
);
process.exit(0);
