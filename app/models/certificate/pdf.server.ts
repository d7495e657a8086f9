import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { Certificate } from "../../../db/schema";
import type { Branding } from "~/models/settings.server";
import { formatDate } from "~/utils/i18n";
import { BRANDING_DIR } from "./files.server";
import { cleanForPrint, fitText, ltrIsolate, visualRuns } from "./bidi-layout.server";

const require = createRequire(import.meta.url);
// Amiri (SIL OFL) covers Arabic and Latin in one face, so mixed names and titles share one font.
const AMIRI = fs.readFileSync(require.resolve("@expo-google-fonts/amiri/400Regular/Amiri_400Regular.ttf"));
const AMIRI_BOLD = fs.readFileSync(require.resolve("@expo-google-fonts/amiri/700Bold/Amiri_700Bold.ttf"));

type EmbeddedFontClass = new (doc: PDFKit.PDFDocument, font: unknown, id: string) => unknown;
const parsed = new Map<string, { ctor: EmbeddedFontClass; font: unknown }>();

/**
 * Parsing Amiri takes ~100 ms and a lot of memory; pdfkit would do it for every document. The first document
 * parses it, later ones reuse the parsed font (each still gets its own subset).
 */
type LayoutRun = (text: string, features?: unknown) => unknown;
// pdfkit skips its layout cache whenever features are given (we give [] to stop word-by-word shaping), so shaped
// runs are cached here, shared by all documents: they hold glyph ids and positions, never document state.
const shapedRuns = new Map<string, unknown>();
function withSharedLayout(embedded: { layoutRun: LayoutRun }, name: string) {
  const original = embedded.layoutRun.bind(embedded);
  embedded.layoutRun = (text, features) => {
    const key = `${name}\u0000${text}\u0000${JSON.stringify(features ?? null)}`;
    let run = shapedRuns.get(key);
    if (!run) {
      run = original(text, features);
      if (shapedRuns.size > 20_000) shapedRuns.clear();
      shapedRuns.set(key, run);
    }
    return run;
  };
  return embedded;
}

function useFont(doc: PDFKit.PDFDocument, name: string, data: Buffer) {
  const internal = doc as unknown as { _fontFamilies: Record<string, unknown>; _fontCount: number; _font: { constructor: EmbeddedFontClass; font: unknown; layoutRun: LayoutRun } };
  const cached = parsed.get(name);
  if (!cached) {
    doc.font(data);
    parsed.set(name, { ctor: internal._font.constructor, font: internal._font.font });
    internal._fontFamilies[name] = withSharedLayout(internal._font, name);
    return;
  }
  if (!internal._fontFamilies[name]) {
    internal._fontCount += 1;
    internal._fontFamilies[name] = withSharedLayout(new cached.ctor(doc, cached.font, `F${internal._fontCount}`) as { layoutRun: LayoutRun }, name);
  }
  doc.font(name);
}

export type CertificatePrint = Pick<
  Certificate,
  "code" | "language" | "nameArabic" | "nameLatin" | "courseTitle" | "hours" | "periodLabel" | "issuedAt" | "issuer" | "coIssuer"
> & { verifyUrl: string };

// Shaping Arabic is the costly part of a certificate, and the same strings are measured again and again while
// fitting; advances do not depend on the document, so they are kept per font and text (at size 1).
const advances = new Map<string, number>();
function textWidth(doc: PDFKit.PDFDocument, font: string, text: string, size: number) {
  const key = `${font}\u0000${text}`;
  let advance = advances.get(key);
  if (advance === undefined) {
    doc.fontSize(1000);
    advance = doc.widthOfString(text, { features: [] }) / 1000;
    if (advances.size > 20_000) advances.clear();
    advances.set(key, advance);
  }
  return advance * size;
}

const W = 841.89;
const H = 595.28;
const FEATURES = { features: [] as PDFKit.Mixins.OpenTypeFeatures[] };

function drawLine(doc: PDFKit.PDFDocument, text: string, direction: "rtl" | "ltr", y: number, size: number, font: string, centerX = W / 2, colour = "#1f2933") {
  useFont(doc, font, font === "AmiriBold" ? AMIRI_BOLD : AMIRI);
  doc.fontSize(size).fillColor(colour);
  const runs = visualRuns(text, direction);
  const widths = runs.map((r) => textWidth(doc, font, r.text, size));
  doc.fontSize(size);
  let x = centerX - widths.reduce((a, b) => a + b, 0) / 2;
  runs.forEach((run, i) => {
    doc.text(run.text, x, y, { lineBreak: false, ...FEATURES });
    x += widths[i];
  });
}

/** Draws a block of text centred, wrapped and shrunk to fit maxWidth × maxLines. Returns the y after it. */
function drawBlock(doc: PDFKit.PDFDocument, text: string, direction: "rtl" | "ltr", y: number, opts: { size: number; minSize: number; maxWidth: number; maxLines: number; font?: string; colour?: string }) {
  const font = opts.font ?? "Amiri";
  useFont(doc, font, font === "AmiriBold" ? AMIRI_BOLD : AMIRI);
  const measure = (t: string, s: number) => textWidth(doc, font, t, s);
  const fitted = fitText(text, direction, opts.maxWidth, opts.maxLines, opts.size, opts.minSize, measure);
  const lineHeight = fitted.size * 1.35;
  for (const line of fitted.lines) {
    drawLine(doc, line, direction, y, fitted.size, font, W / 2, opts.colour);
    y += lineHeight;
  }
  return y;
}

function image(doc: PDFKit.PDFDocument, key: string | null, x: number, y: number, fit: [number, number]) {
  if (!key) return false;
  const file = path.join(BRANDING_DIR, path.basename(key));
  if (!fs.existsSync(file)) return false;
  try {
    doc.image(file, x, y, { fit, align: "center", valign: "center" });
    return true;
  } catch {
    return false;
  }
}

function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number) {
  // Vector squares: sharp at any zoom, a few hundred bytes.
  const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const cell = size / n;
  doc.save().fillColor("#000000");
  for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) if (qr.modules.get(row, col)) doc.rect(x + col * cell, y + row * cell, cell, cell);
  doc.fill().restore();
}

/** The certificate as a PDF (A4 landscape), Arabic shaped and ordered right to left, mixed with Latin and digits. */
export function renderCertificatePdf(cert: CertificatePrint, branding: Branding): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 0, info: { Title: `Certificate ${cert.code}`, Author: cert.issuer.fr }, compress: true });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const colour = /^#[0-9a-f]{6}$/i.test(branding.colour) ? branding.colour : "#0f766e";

  // Frame
  doc.lineWidth(6).strokeColor(colour).rect(18, 18, W - 36, H - 36).stroke();
  doc.lineWidth(1).rect(30, 30, W - 60, H - 60).stroke();

  // Issuers and their logos: the centre on the right (Arabic reading side), the co-issuer on the left.
  const hasCo = Boolean(cert.coIssuer);
  image(doc, branding.centreLogo, W - 170, 44, [110, 60]);
  if (hasCo) image(doc, branding.partnerLogo, 60, 44, [110, 60]);
  drawLine(doc, cleanForPrint(cert.issuer.ar), "rtl", 108, 11, "Amiri", W - 115);
  drawLine(doc, cleanForPrint(cert.issuer.fr), "ltr", 124, 10, "Amiri", W - 115);
  if (hasCo && cert.coIssuer) {
    drawLine(doc, cleanForPrint(cert.coIssuer.ar), "rtl", 108, 11, "Amiri", 115);
    drawLine(doc, cleanForPrint(cert.coIssuer.fr), "ltr", 124, 10, "Amiri", 115);
  }

  const ar = cert.language === "ar" || cert.language === "ar-fr";
  const fr = cert.language === "fr" || cert.language === "ar-fr";
  const both = ar && fr;
  // Everything that comes from people (names, titles, issuers) is cleaned of control characters before layout.
  const c = cleanForPrint;
  const issuersAr = hasCo && cert.coIssuer ? `${c(cert.issuer.ar)} و${c(cert.coIssuer.ar)}` : c(cert.issuer.ar);
  const issuersFr = hasCo && cert.coIssuer ? `${c(cert.issuer.fr)} et ${c(cert.coIssuer.fr)}` : c(cert.issuer.fr);
  const dateAr = formatDate(cert.issuedAt, "ar", { dateStyle: "long", timeZone: "UTC" });
  const dateFr = formatDate(cert.issuedAt, "fr", { dateStyle: "long", timeZone: "UTC" });
  const maxWidth = W - 200;

  let y = 150;
  if (ar) drawLine(doc, "شهادة إتمام التكوين", "rtl", y, both ? 26 : 32, "AmiriBold", W / 2, colour), (y += both ? 34 : 44);
  if (fr) drawLine(doc, "Certificat de fin de formation", "ltr", y, both ? 22 : 30, "AmiriBold", W / 2, colour), (y += both ? 34 : 44);

  if (ar) {
    y = drawBlock(doc, `يشهد ${issuersAr} بأن`, "rtl", y, { size: 13, minSize: 9, maxWidth, maxLines: 2 });
    y = drawBlock(doc, c(cert.nameArabic ?? ""), "rtl", y, { size: both ? 22 : 28, minSize: 12, maxWidth, maxLines: 1, font: "AmiriBold" });
    y = drawBlock(doc, `قد أتم بنجاح الدورة التكوينية «${c(cert.courseTitle.ar)}» (${cert.hours} ساعة، ${ltrIsolate(cert.periodLabel)})`, "rtl", y, { size: 14, minSize: 8, maxWidth, maxLines: 2 });
    y = drawBlock(doc, `سُلّمت بتاريخ ${dateAr}`, "rtl", y, { size: 12, minSize: 9, maxWidth, maxLines: 1 });
    if (both) y += 6;
  }
  if (fr) {
    y = drawBlock(doc, `${issuersFr} certifie${hasCo ? "nt" : ""} que`, "ltr", y, { size: 12, minSize: 9, maxWidth, maxLines: 2 });
    y = drawBlock(doc, c(cert.nameLatin ?? ""), "ltr", y, { size: both ? 20 : 28, minSize: 12, maxWidth, maxLines: 1, font: "AmiriBold" });
    y = drawBlock(doc, `a suivi avec succès la formation « ${c(cert.courseTitle.fr)} » (${cert.hours} heures, ${cert.periodLabel})`, "ltr", y, { size: 13, minSize: 8, maxWidth, maxLines: 2 });
    y = drawBlock(doc, `Délivré le ${dateFr}`, "ltr", y, { size: 11, minSize: 9, maxWidth, maxLines: 1 });
  }

  // Signatures: the centre's signatory on the right, the second (partner) on the left.
  const sigY = H - 130;
  branding.signatories.forEach((s, i) => {
    if (i === 1 && !hasCo) return;
    const cx = i === 0 ? W - 190 : 190;
    image(doc, s.signature, cx - 70, sigY - 10, [140, 45]);
    doc.lineWidth(0.7).strokeColor("#52606d").moveTo(cx - 80, sigY + 38).lineTo(cx + 80, sigY + 38).stroke();
    drawLine(doc, cleanForPrint(`${s.name.ar} — ${s.title.ar}`), "rtl", sigY + 42, 10, "Amiri", cx);
    drawLine(doc, cleanForPrint(`${s.name.fr} — ${s.title.fr}`), "ltr", sigY + 56, 9, "Amiri", cx);
  });

  // QR code to the public verification page, with the code beside it.
  drawQr(doc, cert.verifyUrl, W / 2 - 36, H - 128, 72);
  drawLine(doc, cert.code, "ltr", H - 52, 11, "AmiriBold", W / 2);
  drawLine(doc, cert.verifyUrl, "ltr", H - 40, 7, "Amiri", W / 2, "#52606d");

  doc.end();
  return done;
}
