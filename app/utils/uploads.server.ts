import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import yauzl from "yauzl";
import { env } from "./env.server";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const UPLOAD_DIR = path.resolve(path.dirname(env.DATABASE_PATH), "uploads");

export const UPLOAD_TYPES = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  odt: "application/vnd.oasis.opendocument.text",
  png: "image/png",
  jpg: "image/jpeg",
} as const;
export type UploadKind = keyof typeof UPLOAD_TYPES;

const KIND_OF_MIME = new Map<string, UploadKind>(Object.entries(UPLOAD_TYPES).map(([kind, mime]) => [mime, kind as UploadKind]));

/** Office files are ZIP archives: refuse those that would inflate past this, or by more than this ratio (zip bombs). */
const MAX_INFLATED_BYTES = 100 * 1024 * 1024;
const MAX_RATIO = 100;
const MAX_ENTRIES = 5000;

function archiveIsReasonable(bytes: Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return resolve(false);
      if (zip.entryCount > MAX_ENTRIES) return resolve(false);
      let inflated = 0;
      zip.on("entry", (entry: yauzl.Entry) => {
        inflated += entry.uncompressedSize;
        const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : entry.uncompressedSize > 0 ? Infinity : 1;
        if (inflated > MAX_INFLATED_BYTES || (entry.uncompressedSize > 1024 * 1024 && ratio > MAX_RATIO)) {
          zip.close();
          return resolve(false);
        }
        zip.readEntry();
      });
      zip.on("end", () => resolve(true));
      zip.on("error", () => resolve(false));
      zip.readEntry();
    });
  });
}

/** A PDF that carries markup a browser would run if it ever rendered it as a page (polyglot files). */
function pdfHidesMarkup(bytes: Uint8Array) {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024 * 1024))
    .toString("latin1")
    .toLowerCase();
  return /<(script|html|iframe|svg)[\s>]/.test(head);
}

/**
 * Identifies a file by its content with `file-type`, not by its name: an .exe renamed .pdf is refused, and so are
 * archives that would inflate enormously and PDFs with HTML inside.
 */
export async function detectUploadKind(bytes: Uint8Array): Promise<UploadKind | null> {
  const found = await fileTypeFromBuffer(bytes);
  const kind = found ? KIND_OF_MIME.get(found.mime) : undefined;
  if (!kind) return null;
  if ((kind === "docx" || kind === "xlsx" || kind === "odt") && !(await archiveIsReasonable(bytes))) return null;
  if (kind === "pdf" && pdfHidesMarkup(bytes)) return null;
  return kind;
}

/** Logos and signatures: PNG or JPEG only, by content. */
export async function detectImageKind(bytes: Uint8Array): Promise<"png" | "jpg" | null> {
  const found = await fileTypeFromBuffer(bytes);
  return found?.mime === "image/png" ? "png" : found?.mime === "image/jpeg" ? "jpg" : null;
}

export function extensionOf(name: string): UploadKind | null {
  const ext = path.extname(name).slice(1).toLowerCase();
  if (ext === "jpeg") return "jpg";
  return ext in UPLOAD_TYPES ? (ext as UploadKind) : null;
}

export function saveUpload(content: Uint8Array, kind: UploadKind) {
  fs.mkdirSync(UPLOAD_DIR, { recursive: true });
  const key = `${crypto.randomBytes(16).toString("hex")}.${kind}`;
  fs.writeFileSync(path.join(UPLOAD_DIR, key), content, { flag: "wx" });
  return key;
}

export function uploadPath(key: string) {
  if (!/^[a-f0-9]{32}\.(pdf|docx|xlsx|odt|png|jpg)$/.test(key)) return null;
  return path.join(UPLOAD_DIR, key);
}

/** A safe download name: the learner's name without path, controls or quotes. */
export function cleanFileName(name: string) {
  const base = path
    .basename(name.replace(/\\/g, "/"))
    // eslint-disable-next-line no-control-regex -- control characters are removed from names on purpose
    .replace(/[\u0000-\u001f\u007f"\\/\u202a-\u202e\u2066-\u2069]/g, "")
    .trim();
  return base.slice(-120) || "file";
}

/**
 * What a lesson file is by its content (the MIME type `file-type` reports), after the same zip-bomb and polyglot
 * checks as exercise uploads; null when it is unrecognisable or refused. The caller compares it with the extension.
 */
export async function detectLessonFileMime(bytes: Uint8Array): Promise<string | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found) return null;
  if ((found.mime.startsWith("application/vnd.openxmlformats") || found.mime.startsWith("application/vnd.oasis")) && !(await archiveIsReasonable(bytes)))
    return null;
  if (found.mime === "application/pdf" && pdfHidesMarkup(bytes)) return null;
  return found.mime;
}
