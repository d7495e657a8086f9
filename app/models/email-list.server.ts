import { z } from "zod";

const email = z.string().email();

export type EmailListResult =
  | { ok: true; emails: string[] }
  | { ok: false; reason: "encoding" }
  | { ok: false; reason: "junk"; lines: { line: number; text: string }[] }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "tooMany" };

export const MAX_BULK = 500;

/** Decodes an uploaded CSV: UTF-8 only (with or without BOM). Anything else is refused rather than guessed. */
export function decodeCsv(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
}

/**
 * Reads emails from pasted text or CSV: one per line, or a column among others (comma, semicolon or tab separated).
 * A header line (a line with no email that mentions "mail") is skipped; any other line without exactly one email is junk,
 * and a list with junk is refused whole, so nothing is half-done.
 */
export function parseEmailList(text: string): EmailListResult {
  const lines = text.split(/\r\n|\r|\n/);
  const emails: string[] = [];
  const junk: { line: number; text: string }[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const cells = line.split(/[,;\t]/).map((c) =>
      c
        .trim()
        .replace(/^"(.*)"$/, "$1")
        .trim(),
    );
    const found = cells.filter((c) => email.safeParse(c).success);
    if (found.length === 1) emails.push(found[0].toLowerCase());
    else if (found.length === 0 && i === 0 && /mail|البريد|courriel/i.test(line)) return;
    else junk.push({ line: i + 1, text: line.slice(0, 80) });
  });
  if (junk.length) return { ok: false, reason: "junk", lines: junk.slice(0, 20) };
  const unique = [...new Set(emails)];
  if (!unique.length) return { ok: false, reason: "empty" };
  if (unique.length > MAX_BULK) return { ok: false, reason: "tooMany" };
  return { ok: true, emails: unique };
}
