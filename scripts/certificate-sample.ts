// npm run certificate:sample — renders a sample bilingual certificate (mixed Arabic/Latin name and title)
// to docs/certificate-sample.pdf and, with poppler's pdftoppm, docs/certificate-sample.png.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

process.env.DATABASE_PATH ??= path.join(fs.mkdtempSync("/tmp/tamkeen-sample-"), "sample.db");
process.env.SEED_DEMO = "false";
const { renderCertificatePdf } = await import("../app/models/certificate/pdf.server");
const { defaultBranding } = await import("../app/models/settings.server");

const pdf = await renderCertificatePdf(
  {
    code: "TMK-2026Q4-7F3K9H",
    language: "ar-fr",
    nameArabic: "فاطمة الزهراء بن علي",
    nameLatin: "Fatima Zahra Ben Ali",
    courseTitle: { ar: "التكوين في المعلوميات: Word وExcel و2FA", fr: "Formation en informatique : Word, Excel et 2FA" },
    hours: 40,
    periodLabel: "2026-11",
    issuedAt: new Date(Date.UTC(2026, 10, 23)),
    issuer: { ar: "مركز تمكين للابتكار الاجتماعي", fr: "Centre Tamkeen d'innovation sociale" },
    coIssuer: { ar: "مؤسسة الأمل", fr: "Fondation Al Amal" },
    verifyUrl: "http://localhost:3000/verify/TMK-2026Q4-7F3K9H",
  },
  defaultBranding(),
);
fs.mkdirSync("docs", { recursive: true });
fs.writeFileSync("docs/certificate-sample.pdf", pdf);
const png = spawnSync("pdftoppm", ["-png", "-r", "60", "-singlefile", "docs/certificate-sample.pdf", "docs/certificate-sample"]);
console.log(`docs/certificate-sample.pdf (${pdf.length} bytes)${png.status === 0 ? " and docs/certificate-sample.png" : " (pdftoppm not found: no PNG)"}`);
process.exit(0);
