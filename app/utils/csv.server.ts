import contentDisposition from "content-disposition";

/** A cell Excel or LibreOffice would run as a formula (OWASP "CSV injection"): =, +, -, @, tab or carriage return first. */
export function looksLikeFormula(text: string) {
  return /^[=+\-@\t\r]/.test(text);
}

/** Text that stays text in a spreadsheet: a formula-like value gets a leading apostrophe. */
export function neutraliseFormula(text: string) {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** One RFC 4180 field: always quoted, quotes doubled, formulas neutralised. Numbers stay bare so they stay numbers. */
export function csvCell(value: unknown) {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  const text = value === null || value === undefined ? "" : String(value);
  return `"${neutraliseFormula(text).replace(/"/g, '""')}"`;
}

/** The whole file: UTF-8 with a BOM (so Excel reads Arabic correctly), CRLF line ends, a trailing CRLF. */
export function toCsv(rows: unknown[][]): string {
  return "\uFEFF" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** A CSV download: rows, or a file already written by toCsv. */
export function csvResponse(rows: unknown[][] | string, fileName: string) {
  return new Response(typeof rows === "string" ? rows : toCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(fileName),
      "Cache-Control": "private, no-store",
    },
  });
}
