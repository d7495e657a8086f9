// npm run certificate:sample — renders sample certificates to docs/: a bilingual one (mixed Arabic/Latin name and
// title), an Arabic one with a long name, and a French one; with poppler's pdftoppm, a PNG of each at 200 dpi
// (the resolution at which the leading was checked: no glyph touches the line above or below).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

process.env.DATABASE_PATH ??= path.join(fs.mkdtempSync("/tmp/tamkeen-sample-"), "sample.db");
process.env.SEED_DEMO = "false";
const { renderCertificatePdf } = await import("../app/models/certificate/pdf.server");
const { defaultBranding, freezeBranding } = await import("../app/models/settings.server");

const base = {
  code: "TMK-2026Q4-7F3K9H",
  hours: 40,
  periodLabel: "2026-11",
  issuedAt: new Date(Date.UTC(2026, 10, 23)),
  startsAt: new Date(Date.UTC(2026, 9, 5)),
  endsAt: new Date(Date.UTC(2026, 10, 20)),
  issuer: { ar: "مركز تمكين للابتكار الاجتماعي", fr: "Centre Tamkeen d'innovation sociale" },
  courseTitle: { ar: "التكوين في المعلوميات: Word وExcel و2FA", fr: "Formation en informatique : Word, Excel et 2FA" },
  verifyUrl: "http://localhost:3000/verify/TMK-2026Q4-7F3K9H",
};
const samples = {
  sample: {
    ...base,
    language: "ar-fr" as const,
    nameArabic: "فاطمة الزهراء بن علي",
    nameLatin: "Fatima Zahra Ben Ali",
    coIssuer: { ar: "مؤسسة الأمل", fr: "Fondation Al Amal" },
  },
  "arabic-long-name": {
    ...base,
    language: "ar" as const,
    nameArabic: "عبد الرّحمٰن بن محمّد الأمين الشّرقاوي الإدريسي الحسني الجيلالي",
    nameLatin: null,
    coIssuer: null,
    courseTitle: { ar: "كتابة المشاريع الجمعوية وطلب التمويل من الشركاء المؤسساتيين", fr: "" },
  },
  french: {
    ...base,
    language: "fr" as const,
    nameArabic: null,
    nameLatin: "Anne-Sophie Lefèvre-Benjelloun",
    coIssuer: null,
    courseTitle: { ar: "", fr: "Financement participatif : préparer et animer une campagne" },
  },
};
const out = process.argv[2] ?? "docs";
fs.mkdirSync(out, { recursive: true });
for (const [name, cert] of Object.entries(samples)) {
  const pdf = await renderCertificatePdf(cert, freezeBranding(defaultBranding(), Boolean(cert.coIssuer)));
  const file = `${out}/certificate-${name}`;
  fs.writeFileSync(`${file}.pdf`, pdf);
  const png = spawnSync("pdftoppm", ["-png", "-r", "200", "-singlefile", `${file}.pdf`, file]);
  console.log(`${file}.pdf (${pdf.length} bytes)${png.status === 0 ? ` and ${file}.png` : " (pdftoppm not found: no PNG)"}`);
}
process.exit(0);
