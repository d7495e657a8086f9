import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { Certificate, FrozenBranding } from "../../../db/schema";
import { formatDate } from "~/utils/i18n";
import arStrings from "~/locales/ar/common.json";
import frStrings from "~/locales/fr/common.json";
import { BRANDING_DIR } from "./files.server";
import { ltrText } from "~/utils/i18n";
import { cleanForPrint, fitText, visualRuns } from "./bidi-layout.server";

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

function selectFont(doc: PDFKit.PDFDocument, name: string, data: Buffer) {
  const internal = doc as unknown as {
    _fontFamilies: Record<string, unknown>;
    _fontCount: number;
    _font: { constructor: EmbeddedFontClass; font: unknown; layoutRun: LayoutRun };
  };
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
> &
  Partial<Pick<Certificate, "startsAt" | "endsAt">> & { verifyUrl: string };

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

type Tagging = { root: PDFKit.PDFStructureElement | null };
const tagging = new WeakMap<PDFKit.PDFDocument, Tagging>();

function drawLine(doc: PDFKit.PDFDocument, text: string, direction: "rtl" | "ltr", y: number, size: number, font: string, centerX = W / 2, colour = "#1f2933") {
  selectFont(doc, font, font === "AmiriBold" ? AMIRI_BOLD : AMIRI);
  doc.fontSize(size).fillColor(colour);
  const runs = visualRuns(text, direction);
  const widths = runs.map((r) => textWidth(doc, font, r.text, size));
  doc.fontSize(size);
  let x = centerX - widths.reduce((a, b) => a + b, 0) / 2;
  const draw = () =>
    runs.forEach((run, i) => {
      doc.text(run.text, x, y, { lineBreak: false, ...FEATURES });
      x += widths[i];
    });
  // Tagged PDF: runs are drawn in visual order; the paragraph carries the line in logical order (ActualText) and its
  // language, so screen readers and text extraction read it as written.
  const root = tagging.get(doc)?.root;
  const logical = text.replace(/[\u2066-\u2069]/g, "");
  if (root) root.add(doc.struct("P", { lang: direction === "rtl" ? "ar" : "fr", actual: logical }, draw));
  else draw();
}

/** Draws a block of text centred, wrapped and shrunk to fit maxWidth × maxLines. Returns the y after it. */
function drawBlock(
  doc: PDFKit.PDFDocument,
  text: string,
  direction: "rtl" | "ltr",
  y: number,
  opts: { size: number; minSize: number; maxWidth: number; maxLines: number; font?: string; colour?: string; dry?: boolean },
) {
  const font = opts.font ?? "Amiri";
  selectFont(doc, font, font === "AmiriBold" ? AMIRI_BOLD : AMIRI);
  const measure = (t: string, s: number) => textWidth(doc, font, t, s);
  const fitted = fitText(text, direction, opts.maxWidth, opts.maxLines, opts.size, opts.minSize, measure);
  const lineHeight = fitted.size * LEADING[direction];
  for (const line of fitted.lines) {
    if (!opts.dry) drawLine(doc, line, direction, y, fitted.size, font, W / 2, opts.colour);
    y += lineHeight;
  }
  return y;
}

// Amiri's Arabic reaches far above (shadda over a tall letter) and below (descenders of ي ج ع) its em box: at 1.35
// they touched the neighbouring lines; 1.75 keeps them apart at 200 dpi. Latin lines need less.
const LEADING = { rtl: 1.75, ltr: 1.4 } as const;

function image(doc: PDFKit.PDFDocument, key: string | null, x: number, y: number, fit: [number, number]) {
  if (!key) return false;
  const file = path.join(BRANDING_DIR, path.basename(key));
  if (!fs.existsSync(file)) return false;
  doc.markContent("Artifact", { type: "Layout" });
  try {
    doc.image(file, x, y, { fit, align: "center", valign: "center" });
    return true;
  } catch {
    return false;
  } finally {
    doc.endMarkedContent();
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

/** "40 ساعة", "3 ساعات", "1 heure": the plural forms of the site's own strings, chosen by CLDR rules as i18next does. */
function hoursIn(locale: "ar" | "fr", count: number) {
  const forms = (locale === "ar" ? arStrings : frStrings).courses as unknown as Record<string, string>;
  const form = forms[`hours_${new Intl.PluralRules(locale).select(count)}`] ?? forms.hours_other;
  return form.replace("{{count}}", String(count));
}

/** The certificate as a PDF (A4 landscape), Arabic shaped and ordered right to left, mixed with Latin and digits. */
export function renderCertificatePdf(cert: CertificatePrint, branding: FrozenBranding): Promise<Buffer> {
  const ar = cert.language === "ar" || cert.language === "ar-fr";
  const fr = cert.language === "fr" || cert.language === "ar-fr";
  const both = ar && fr;
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 0,
    info: { Title: `${ar ? "شهادة" : "Certificat"} ${cert.code}`, Author: cert.issuer.fr },
    compress: true,
    tagged: true,
    lang: ar ? "ar" : "fr",
    displayTitle: true,
    pdfVersion: "1.7",
  });
  const root = doc.struct("Document");
  doc.addStructure(root);
  tagging.set(doc, { root });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const colour = /^#[0-9a-f]{6}$/i.test(branding.colour) ? branding.colour : "#0f766e";

  // Frame (decoration: an artifact for screen readers)
  doc.markContent("Artifact", { type: "Pagination" });
  doc
    .lineWidth(6)
    .strokeColor(colour)
    .rect(18, 18, W - 36, H - 36)
    .stroke();
  doc
    .lineWidth(1)
    .rect(30, 30, W - 60, H - 60)
    .stroke();
  doc.endMarkedContent();

  // Issuers and their logos: the centre on the right (Arabic reading side), the co-issuer on the left.
  const hasCo = Boolean(cert.coIssuer);
  image(doc, branding.centreLogo, W - 170, 44, [110, 60]);
  if (hasCo) image(doc, branding.partnerLogo, 60, 44, [110, 60]);
  drawLine(doc, cleanForPrint(cert.issuer.ar), "rtl", 108, 11, "Amiri", W - 115);
  drawLine(doc, cleanForPrint(cert.issuer.fr), "ltr", 126, 10, "Amiri", W - 115);
  if (hasCo && cert.coIssuer) {
    drawLine(doc, cleanForPrint(cert.coIssuer.ar), "rtl", 108, 11, "Amiri", 115);
    drawLine(doc, cleanForPrint(cert.coIssuer.fr), "ltr", 126, 10, "Amiri", 115);
  }

  // Everything that comes from people (names, titles, issuers) is cleaned of control characters before layout.
  const c = cleanForPrint;
  const issuersAr = hasCo && cert.coIssuer ? `${c(cert.issuer.ar)} و${c(cert.coIssuer.ar)}` : c(cert.issuer.ar);
  const issuersFr = hasCo && cert.coIssuer ? `${c(cert.issuer.fr)} et ${c(cert.coIssuer.fr)}` : c(cert.issuer.fr);
  const day = (d: Date, l: "ar" | "fr") => formatDate(d, l, { dateStyle: "long", timeZone: "UTC" });
  const hoursAr = hoursIn("ar", cert.hours);
  const hoursFr = hoursIn("fr", cert.hours);
  const datesAr = cert.startsAt && cert.endsAt ? `، من ${day(cert.startsAt, "ar")} إلى ${day(cert.endsAt, "ar")}` : "";
  const datesFr = cert.startsAt && cert.endsAt ? `, du ${day(cert.startsAt, "fr")} au ${day(cert.endsAt, "fr")}` : "";
  const maxWidth = W - 200;

  // Gender-neutral Arabic: the verbal noun (بإتمام … للدورة) needs no agreement with the holder.
  type Block = { text: string; direction: "rtl" | "ltr"; size: number; minSize: number; maxLines: number; font?: string; colour?: string; gap?: number };
  const blocks: Block[] = [];
  if (ar)
    blocks.push({
      text: "شهادة إتمام التكوين",
      direction: "rtl",
      size: both ? 26 : 32,
      minSize: 20,
      maxLines: 1,
      font: "AmiriBold",
      colour,
      gap: both ? 0 : 6,
    });
  if (fr)
    blocks.push({
      text: "Certificat de fin de formation",
      direction: "ltr",
      size: both ? 22 : 30,
      minSize: 18,
      maxLines: 1,
      font: "AmiriBold",
      colour,
      gap: 8,
    });
  if (ar) {
    blocks.push({ text: `يشهد ${issuersAr} بإتمام`, direction: "rtl", size: 13, minSize: 9, maxLines: 2 });
    blocks.push({ text: c(cert.nameArabic ?? ""), direction: "rtl", size: both ? 22 : 28, minSize: 12, maxLines: 1, font: "AmiriBold", gap: 4 });
    blocks.push({
      text: `للدورة التكوينية «${c(cert.courseTitle.ar)}» بنجاح (${ltrText(cert.periodLabel)})`,
      direction: "rtl",
      size: 14,
      minSize: 8,
      maxLines: 2,
    });
    blocks.push({ text: `مدة التكوين: ${hoursAr}${datesAr}`, direction: "rtl", size: 12, minSize: 8, maxLines: 1 });
    blocks.push({ text: `سُلِّمت هذه الشهادة بتاريخ ${day(cert.issuedAt, "ar")}`, direction: "rtl", size: 11, minSize: 8, maxLines: 1, gap: both ? 8 : 0 });
  }
  if (fr) {
    blocks.push({ text: `${issuersFr} certifie${hasCo ? "nt" : ""} que`, direction: "ltr", size: 12, minSize: 9, maxLines: 2 });
    blocks.push({ text: c(cert.nameLatin ?? ""), direction: "ltr", size: both ? 20 : 28, minSize: 12, maxLines: 1, font: "AmiriBold", gap: 2 });
    blocks.push({
      text: `a suivi avec succès la formation « ${c(cert.courseTitle.fr)} » (${cert.periodLabel})`,
      direction: "ltr",
      size: 13,
      minSize: 8,
      maxLines: 2,
    });
    blocks.push({ text: `Durée : ${hoursFr}${datesFr}`, direction: "ltr", size: 11, minSize: 8, maxLines: 1 });
    blocks.push({ text: `Délivré le ${day(cert.issuedAt, "fr")}`, direction: "ltr", size: 10, minSize: 8, maxLines: 1 });
  }
  // A single language has the page to itself: its text is set larger.
  if (!both) for (const b of blocks.slice(1)) b.size = Math.round(b.size * 1.25);
  // Balanced: measure the text first, then centre it between the issuers' band and the signatures.
  const top = 146;
  const bottom = H - 150;
  const measureAll = (dry: boolean, y0: number) =>
    blocks.reduce(
      (y, b) =>
        drawBlock(doc, b.text, b.direction, y, { size: b.size, minSize: b.minSize, maxWidth, maxLines: b.maxLines, font: b.font, colour: b.colour, dry }) +
        (b.gap ?? 0),
      y0,
    );
  const height = measureAll(true, 0);
  measureAll(false, top + Math.max(0, (bottom - top - height) / 2));

  // Signatures: the centre's signatory on the right, the second (partner) on the left.
  const sigY = H - 132;
  branding.signatories.forEach((s, i) => {
    if (i === 1 && !hasCo) return;
    const cx = i === 0 ? W - 190 : 190;
    image(doc, s.signature, cx - 70, sigY - 12, [140, 45]);
    doc.markContent("Artifact", { type: "Layout" });
    doc
      .lineWidth(0.7)
      .strokeColor("#52606d")
      .moveTo(cx - 80, sigY + 36)
      .lineTo(cx + 80, sigY + 36)
      .stroke();
    doc.endMarkedContent();
    drawLine(doc, cleanForPrint(`${s.name.ar} — ${s.title.ar}`), "rtl", sigY + 40, 10, "Amiri", cx);
    drawLine(doc, cleanForPrint(`${s.name.fr} — ${s.title.fr}`), "ltr", sigY + 58, 9, "Amiri", cx);
  });

  // QR code to the public verification page, with the code beside it.
  doc.markContent("Artifact", { type: "Layout" });
  drawQr(doc, cert.verifyUrl, W / 2 - 36, H - 130, 72);
  doc.endMarkedContent();
  drawLine(doc, cert.code, "ltr", H - 54, 11, "AmiriBold", W / 2);
  drawLine(doc, cert.verifyUrl, "ltr", H - 40, 7, "Amiri", W / 2, "#52606d");

  root.end();
  doc.end();
  return done;
}
