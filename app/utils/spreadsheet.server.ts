import { once } from "node:events";
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import contentDisposition from "content-disposition";
import ExcelJS from "exceljs";
import { neutraliseFormula, toCsv } from "./csv.server";

/**
 * A table as exports write it: the same rows become a CSV section, an XLSX sheet, or a table on a page. Counts and
 * numbers stay numbers, a percentage is a fraction (0.58) formatted as such; text is never a formula.
 */
/** A date cell holds UTC milliseconds. */
export type ColumnKind = "text" | "count" | "number" | "percent" | "date";
export type Cell = string | number | null;
/** Rows may come from a generator (a year's name list, a page at a time): they are read once, as they are written. */
export type Table = { name: string; columns: { header: string; kind: ColumnKind }[]; rows: Iterable<Cell[]> };

const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = { text: undefined, count: "#,##0", number: undefined, percent: "0%", date: "yyyy-mm-dd" };
const CELL_STYLES = Object.fromEntries(
  (Object.keys(NUMBER_FORMATS) as ColumnKind[]).map((kind) => [kind, NUMBER_FORMATS[kind] ? { numFmt: NUMBER_FORMATS[kind] } : {}]),
) as Record<ColumnKind, Partial<ExcelJS.Style>>;

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ], unique without regard to case. */
export function sheetName(wanted: string, taken: Set<string>) {
  const base =
    wanted
      .replace(/[:\\/?*[\]]/g, " ")
      .trim()
      .slice(0, 31) || "Sheet";
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

function cellValue(value: Cell, kind: ColumnKind): Cell | Date {
  if (value === null) return null;
  if (kind === "date" && typeof value === "number") return new Date(value);
  if (kind !== "text" && typeof value === "number") return Number.isFinite(value) ? value : null;
  return neutraliseFormula(String(value));
}

/**
 * Streams a workbook, one sheet per table, written row by row (exceljs' WorkbookWriter): a year of 50,000 learners
 * never sits in memory as a whole workbook. Header row bold and frozen; right-to-left sheets for Arabic.
 */
export function workbookStream(tables: Iterable<Table>, options: { rightToLeft: boolean; creator: string }) {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = options.creator;
  workbook.created = new Date();
  const taken = new Set<string>();
  (async () => {
    for (const table of tables) {
      const sheet = workbook.addWorksheet(sheetName(table.name, taken), {
        views: [{ state: "frozen", ySplit: 1, rightToLeft: options.rightToLeft }],
      });
      sheet.columns = table.columns.map((c) => ({ header: neutraliseFormula(c.header), width: c.kind === "text" ? 28 : 14 }));
      const header = sheet.getRow(1);
      header.font = { bold: true };
      header.commit();
      const styles = table.columns.map((c) => CELL_STYLES[c.kind]);
      let written = 0;
      for (const row of table.rows) {
        const added = sheet.addRow(table.columns.map((c, i) => cellValue(row[i] ?? null, c.kind)));
        // One style object per kind, shared by every cell: exceljs finds its id by object identity, where a style of
        // each cell's own (what column styles give) is serialised to XML and looked up again for every cell.
        for (let i = 0; i < styles.length; i++) added.getCell(i + 1).style = styles[i]!;
        added.commit();
        // Let other requests run, and wait while the client has not taken what is already written.
        if (++written % 1000 === 0) await (out.writableNeedDrain ? once(out, "drain") : new Promise((resolve) => setImmediate(resolve)));
      }
      sheet.commit();
    }
    await workbook.commit();
  })().catch((error) => out.destroy(error));
  return out;
}

export function xlsxResponse(tables: Iterable<Table>, fileName: string, options: { rightToLeft: boolean; creator: string }) {
  return new Response(createReadableStreamFromReadable(workbookStream(tables, options)), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": contentDisposition(fileName),
      "Cache-Control": "private, no-store",
    },
  });
}

function csvValue(value: Cell, kind: ColumnKind): Cell {
  if (typeof value !== "number") return value;
  if (kind === "percent") return Math.round(value * 1000) / 10;
  if (kind === "date") return new Date(value).toISOString().slice(0, 10);
  return value;
}

/** One table as a CSV file: its header line, then its rows. */
export function tableToCsv(table: Table) {
  return toCsv([
    table.columns.map((c) => (c.kind === "percent" ? `${c.header} (%)` : c.header)),
    ...Array.from(table.rows, (row) => table.columns.map((c, i) => csvValue(row[i] ?? null, c.kind))),
  ]);
}
