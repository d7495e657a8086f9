import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Writes a file so that a reader (the catalogue sync, a compile, git) sees either the old content or the new, never a
 * half-written one: a temporary file beside it, flushed, then renamed over it (rename is atomic on one file system).
 */
export function writeFileAtomic(file: string, content: string | Uint8Array) {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${crypto.randomBytes(6).toString("hex")}.tmp`);
  const fd = fs.openSync(temp, "wx", 0o644);
  try {
    fs.writeSync(fd, typeof content === "string" ? Buffer.from(content, "utf8") : content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** The path of `parts` under `base`, or null when it would land outside it (`..`, an absolute part, a NUL byte). */
export function pathInside(base: string, ...parts: string[]): string | null {
  if (parts.some((p) => !p || p.includes("\0") || path.isAbsolute(p))) return null;
  const root = path.resolve(base);
  const target = path.resolve(root, ...parts);
  return target.startsWith(root + path.sep) ? target : null;
}

export function sha256(content: string | Uint8Array) {
  return crypto.createHash("sha256").update(content).digest("hex");
}
