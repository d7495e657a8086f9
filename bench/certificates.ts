// Certificate PDFs: median milliseconds per PDF after warm-up, time for 500 in a row, and memory growth meanwhile.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

process.env.DATABASE_PATH = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tamkeen-bench-pdf-")), "bench.db");
const { migrateFile } = await import("../db/migrate.js");
migrateFile(process.env.DATABASE_PATH);
process.env.SEED_DEMO = "false";
const { renderCertificatePdf } = await import("../app/models/certificate/pdf.server");
const { defaultBranding, freezeBranding } = await import("../app/models/settings.server");

const names = defaultBranding();
const branding = freezeBranding(names, true);
const cert = (i: number) => ({
  code: `TMK-2026Q4-${String(i).padStart(5, "0")}X`,
  language: "ar-fr" as const,
  nameArabic: i % 2 ? "فاطمة الزهراء بن علي" : "محمد أمين العلوي الإدريسي",
  nameLatin: i % 2 ? "Fatima Zahra Ben Ali" : "Mohamed Amine Alaoui Idrissi",
  courseTitle: { ar: "التكوين في المعلوميات: Word وExcel", fr: "Formation en informatique : Word et Excel" },
  hours: 40,
  periodLabel: "2026-11",
  issuedAt: new Date(),
  issuer: names.centre,
  coIssuer: names.partner,
  verifyUrl: `http://localhost:3000/verify/TMK-2026Q4-${i}`,
});

const first0 = performance.now();
await renderCertificatePdf(cert(0), branding);
const firstMs = performance.now() - first0;
for (let i = 1; i <= 20; i++) await renderCertificatePdf(cert(i), branding); // warm-up

(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const times: number[] = [];
let bytes = 0;
const t0 = performance.now();
for (let i = 0; i < 500; i++) {
  const s = performance.now();
  bytes += (await renderCertificatePdf(cert(i), branding)).length;
  times.push(performance.now() - s);
  if (i % 25 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  // With --expose-gc (npm run bench passes it), collect now and then so RSS shows what is kept, not what awaits collection.
  if (i % 50 === 0) (globalThis as { gc?: () => void }).gc?.();
}
const totalMs = performance.now() - t0;
peak = Math.max(peak, process.memoryUsage().rss);
times.sort((a, b) => a - b);
const medianMs = times[250];
console.log(
  JSON.stringify({
    bench: "certificates",
    firstPdfMs: Math.round(firstMs),
    medianMs: Math.round(medianMs * 10) / 10,
    p95Ms: Math.round(times[475] * 10) / 10,
    bulk500Seconds: Math.round(totalMs / 100) / 10,
    averagePdfKB: Math.round(bytes / 500 / 1024),
    rssGrowthMB: Math.round((peak - rssBefore) / 2 ** 20),
    targets: { medianAtMost40ms: medianMs <= 40, bulk500Within30s: totalMs <= 30_000, rssGrowthUnder50MB: peak - rssBefore < 50 * 2 ** 20 },
  }),
);
process.exit(0);
