import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
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

function startsWith(buf: Uint8Array, bytes: number[]) {
  return bytes.every((b, i) => buf[i] === b);
}

/** Identifies a file by its content, not its name: an .exe renamed .pdf is refused. */
export function detectUploadKind(buf: Uint8Array): UploadKind | null {
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // %PDF-
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return "jpg";
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    // Office files are ZIP archives; the entry names tell which kind.
    const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString("latin1");
    if (text.includes("mimetypeapplication/vnd.oasis.opendocument.text")) return "odt";
    if (text.includes("word/document.xml") || text.includes("word/")) return text.includes("[Content_Types].xml") ? "docx" : null;
    if (text.includes("xl/workbook.xml") || text.includes("xl/")) return text.includes("[Content_Types].xml") ? "xlsx" : null;
  }
  return null;
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
  const base = path.basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f\u007f"\\/\u202a-\u202e\u2066-\u2069]/g, "").trim();
  return base.slice(-120) || "file";
}
