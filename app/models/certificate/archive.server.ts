import { PassThrough, Readable } from "node:stream";
import { createRequire } from "node:module";
import type { Archiver } from "archiver";
import type { Certificate } from "../../../db/schema";
import { env } from "~/utils/env.server";
import { toCsv } from "~/utils/csv.server";
import { pdfFor } from "./download.server";

// archiver is CommonJS with a callable export that its type definitions do not describe as a default export.
const archiver = createRequire(import.meta.url)("archiver") as (format: "zip", options: { zlib: { level: number } }) => Archiver;

/** A file-name part from a person's name: no path separators, controls or bidi marks; letters of any script kept. */
export function fileSafe(text: string) {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control and bidi characters never belong in a file name
      .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff/\\:*?"<>|]/g, "")
      .normalize("NFC")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^\.+/, "")
      .slice(0, 80) || "certificate"
  );
}

type Entry = { certificate: Certificate; holder: { displayName: string; email: string } };

export function entryName(e: Entry) {
  const name = e.certificate.nameLatin ?? e.certificate.nameArabic ?? e.holder.displayName;
  return `${fileSafe(name)} - ${e.certificate.code}.pdf`;
}

/** The manifest: UTF-8 with a BOM (Excel then shows Arabic), one row per PDF in the archive. */
export function manifestCsv(entries: Entry[], header: string[]) {
  const rows = entries.map((e) => [
    entryName(e),
    e.certificate.code,
    e.certificate.nameArabic,
    e.certificate.nameLatin,
    e.holder.email,
    e.certificate.language,
    e.certificate.issuedAt.toISOString().slice(0, 10),
    e.certificate.hours,
    e.certificate.periodLabel,
    `${env.PUBLIC_URL}/verify/${e.certificate.code}`,
  ]);
  return toCsv([header, ...rows]);
}

/** Every PDF (named after its holder and code) and the manifest, streamed: each PDF is rendered as the archive is written. */
export function certificatesZip(entries: Entry[], manifestHeader: string[]) {
  const zip = archiver("zip", { zlib: { level: 1 } });
  const out = new PassThrough();
  zip.pipe(out);
  (async () => {
    zip.append(manifestCsv(entries, manifestHeader), { name: "manifest.csv" });
    for (const e of entries) zip.append(Readable.from([await pdfFor(e.certificate)]), { name: entryName(e) });
    await zip.finalize();
  })().catch((error) => out.destroy(error));
  return out;
}
