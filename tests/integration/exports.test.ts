import "../fixtures/world-env";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { computeIndicators, parseIndicatorFilters, type Indicators } from "~/models/indicators.server";
import { reportSummary } from "~/models/indicator-report.server";
import * as csvRoute from "~/routes/admin.indicators[.csv]";
import * as xlsxRoute from "~/routes/admin.indicators[.xlsx]";
import * as reportRoute from "~/routes/admin.indicators_.report";
import * as logoRoute from "~/routes/admin.branding_.logo";
import { saveBrandingImage } from "~/models/certificate/files.server";
import { getBranding, setSetting } from "~/models/settings.server";
import { PNG } from "./certificate-fixtures";
import { translatorFor } from "~/utils/i18n.server";
import { cookieFor, getRequest, makeUser, run } from "../helpers";
import { at, reportsWorld } from "./reports-fixture";
import { eq } from "drizzle-orm";
import { enrolments } from "../../db/schema";
import { enrol } from "~/models/enrolment.server";
import { db } from "~/utils/db.server";

// Fixture (reports-fixture.ts), 2026-Q4, all offerings: 17 people enrolled (8 Amal, 3 Atlas, 1 + 5 Nour), 14 completed
// (6 Amal, 3 Atlas, 5 Nour), 5 certified (Amal), completion rate 14/17; 3 associations reached, 3 trained, in 3 regions.

type W = Awaited<ReturnType<typeof reportsWorld>>;
let w: W;
const cookies = {} as Record<"ar" | "fr" | "en", string>;
let ind: Indicators;

beforeAll(async () => {
  w = await reportsWorld();
  for (const locale of ["ar", "fr", "en"] as const) cookies[locale] = (await cookieFor(makeUser("admin", { locale }).id)).cookie;
  const parsed = parseIndicatorFilters(new URLSearchParams("period=2026-Q4"));
  if (!parsed.ok) throw new Error("fixture filters");
  ind = computeIndicators(parsed.filters);
});

async function download(route: { loader: (...args: never[]) => unknown }, path: string, cookie: string) {
  const res = (await (route.loader as (args: unknown) => Promise<Response>)({ request: getRequest(path, { cookie }), params: {}, context: {} })) as Response;
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Splits RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string) {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  return rows;
}

describe("the fixture's numbers (what the page shows)", () => {
  it("counts people once across offerings", () => {
    expect(ind.totals).toMatchObject({ enrolled: 17, completed: 14, cohortCompleted: 14, certified: 5, associationsReached: 3, associationsTrained: 3 });
    expect(ind.totals.completionRate).toBeCloseTo(14 / 17);
  });
});

describe("CSV", () => {
  it("the breakdowns: BOM, CRLF, every field quoted but numbers, a formula-like name neutralised, Arabic intact", async () => {
    const { res, bytes } = await download(csvRoute, "/admin/indicators.csv?period=2026-Q4", cookies.fr);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="indicators-2026-Q4.csv"');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
    const rows = parseCsv(text);
    expect(rows[0]!.slice(0, 5)).toEqual(["Ventilation", "Groupe", "personnes inscrites", "personnes ayant terminé", "taux d'achèvement (%)"]);
    // The total line: 17 enrolled, 14 completed, 82.4 %, 5 certified.
    expect(rows[1]!.slice(0, 6)).toEqual(["Synthèse", "2026-Q4", "17", "14", "82.4", "5"]);
    expect(text).toContain('"Synthèse","2026-Q4",17,14,82.4,5,');
    const region = (name: string) => rows.find((r) => r[0] === "Région" && r[1] === name)!;
    expect(region("Souss-Massa").slice(2, 4)).toEqual(["8", "6"]);
    expect(region("L'Oriental").slice(2, 4)).toEqual(["3", "3"]);
    expect(region("Drâa-Tafilalet").slice(2, 4)).toEqual(["0", "0"]);
    expect(text).toContain(`"'=Nour Casablanca",6,5,`);
    expect(text).toContain('"جمعية الأمل أكادير",8,6,');
  });

  it("the name list behind 'enrolled': one line per person, names and associations as text", async () => {
    const { res, bytes } = await download(csvRoute, "/admin/indicators.csv?period=2026-Q4&list=enrolled", cookies.fr);
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="indicators-2026-Q4-enrolled.csv"');
    const rows = parseCsv(bytes.toString("utf8").slice(1));
    expect(rows[0]).toEqual(["Nom", "Association", "Région", "Cours et sessions", "Nombre", "Première date", "Dernière date", "Statut"]);
    expect(rows).toHaveLength(1 + 17);
    expect(rows.find((r) => r[0] === "Atlas 2")).toEqual([
      "Atlas 2",
      "Association Atlas Oujda",
      "L'Oriental",
      expect.stringMatching(/ 2026-Q4$/),
      "1",
      "2026-10-05",
      "2026-10-05",
      "terminé",
    ]);
    expect(rows.find((r) => r[0] === "Nour 1")![3]).toMatch(/ 2026-Q4-B$/);
    expect(rows.find((r) => r[0] === "Nour 1")![1]).toBe("'=Nour Casablanca");
  });

  it("refuses what it does not understand with a translated 400, and anyone but an admin", async () => {
    expect((await run(csvRoute.loader, getRequest("/admin/indicators.csv?list=__proto__", { cookie: cookies.fr }))).status).toBe(400);
    const bad = await run(csvRoute.loader, getRequest("/admin/indicators.csv?from=2026-12-01&to=2026-10-01", { cookie: cookies.fr }));
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual(["reports.filterErrors.endBeforeStart"]);
    expect((await run(csvRoute.loader, getRequest("/admin/indicators.csv?region=XXX", { cookie: cookies.fr }))).status).toBe(400);
    expect((await run(csvRoute.loader, getRequest("/admin/indicators.csv", { cookie: w.cookies.partner1 }))).status).toBe(403);
    expect((await run(xlsxRoute.loader, getRequest("/admin/indicators.xlsx", { cookie: w.cookies.learner }))).status).toBe(403);
  });
});

describe("XLSX", () => {
  async function workbook(locale: "ar" | "fr") {
    const { res, bytes } = await download(xlsxRoute, "/admin/indicators.xlsx?period=2026-Q4", cookies[locale]);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    return book;
  }

  it("one sheet per breakdown plus Summary and the name lists; numbers as numbers equal to the indicators; % format", async () => {
    const book = await workbook("fr");
    expect(book.worksheets.map((s) => s.name)).toEqual([
      "Synthèse",
      "Région",
      "Association",
      "Cours",
      "Trimestre",
      "Sexe",
      "Tranche d'âge",
      "Personnes inscrites",
      "Personnes ayant terminé",
    ]);
    const summary = book.getWorksheet("Synthèse")!;
    const line = (label: string) => summary.getColumn(1).values.findIndex((v) => v === label);
    expect(summary.getRow(line("personnes inscrites")).getCell(2).value).toBe(17);
    expect(summary.getRow(line("personnes ayant terminé")).getCell(2).value).toBe(14);
    expect(summary.getRow(line("personnes certifiées")).getCell(2).value).toBe(5);
    const rate = summary.getRow(line("taux d'achèvement")).getCell(3);
    expect(rate.value).toBeCloseTo(14 / 17);
    expect(rate.numFmt).toBe("0%");
    // Header bold and frozen, left-to-right in French.
    expect(summary.getRow(1).font?.bold).toBe(true);
    expect(summary.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(summary.views[0]!.rightToLeft).toBeFalsy();

    // Every number of the region sheet is the indicators' own, as a number.
    const regions = book.getWorksheet("Région")!;
    expect(regions.rowCount).toBe(1 + ind.breakdowns.region.length);
    ind.breakdowns.region.forEach((r, i) => {
      const row = regions.getRow(i + 2);
      expect([row.getCell(2).value, row.getCell(3).value, row.getCell(5).value]).toEqual([r.counts.enrolled, r.counts.completed, r.counts.certified]);
      if (r.counts.completionRate === null) expect(row.getCell(4).value).toBeNull();
      else expect(row.getCell(4).value).toBeCloseTo(r.counts.completionRate);
    });
    const associations = book.getWorksheet("Association")!;
    const names = associations.getColumn(1).values.slice(2);
    expect(names).toEqual(expect.arrayContaining(["جمعية الأمل أكادير", "Association Atlas Oujda", "'=Nour Casablanca"]));
    for (const cell of associations.getColumn(2).values.slice(2)) expect(typeof cell).toBe("number");
    // Name lists: 17 lines of people enrolled, 14 who completed; dates are dates.
    expect(book.getWorksheet("Personnes inscrites")!.rowCount).toBe(1 + 17);
    const completed = book.getWorksheet("Personnes ayant terminé")!;
    expect(completed.rowCount).toBe(1 + 14);
    expect(completed.getRow(2).getCell(6).value).toBeInstanceOf(Date);
    // Shown as dates and counts, not as serial numbers (the formats are shared style objects, one per kind of column).
    expect(completed.getRow(2).getCell(6).numFmt).toBe("yyyy-mm-dd");
    expect(completed.getRow(2).getCell(5).numFmt).toBe("#,##0");
    expect(completed.getRow(1).font?.bold).toBe(true);
    // No text cell anywhere starts with "=".
    for (const sheet of book.worksheets)
      sheet.eachRow((row) => row.eachCell((cell) => expect(typeof cell.value === "string" && cell.value.startsWith("=")).toBe(false)));
  });

  it("in Arabic: sheets right-to-left, Arabic sheet names and labels intact", async () => {
    const book = await workbook("ar");
    expect(book.worksheets[0]!.name).toBe("ملخّص");
    expect(book.worksheets.map((s) => s.name)).toContain("الجهة");
    for (const sheet of book.worksheets) expect(sheet.views[0]!.rightToLeft).toBe(true);
    const regions = book.getWorksheet("الجهة")!;
    expect(regions.getColumn(1).values).toContain("سوس ماسة");
    expect(regions.getRow(1).getCell(2).value).toBe("المسجَّلون");
  });
});

describe("the printable report", () => {
  it("writes its summary in Arabic and French with the right plural forms", async () => {
    const fr = reportSummary(ind, await translatorFor("fr"), "fr");
    expect(fr[0]).toBe("En \u20662026-Q4\u2069, 14 personnes issues de 3 associations dans 3 régions ont terminé un cours.");
    // Intl puts a no-break space before % in French.
    expect(fr).toContainEqual(expect.stringMatching(/^82\s% des personnes inscrites pendant la période ont terminé leur cours\.$/));
    expect(fr).toContain("5 certificats ont été délivrés.");
    const ar = reportSummary(ind, await translatorFor("ar"), "ar");
    expect(ar[0]).toBe("خلال \u20662026-Q4\u2069، أتمّ 14 شخصًا دورة تكوينية، من 3 جمعيات في 3 جهات.");
    expect(ar).toContain("سجّل 17 شخصًا.");
    expect(ar).toContain("سُلّمت 5 شهادات.");
  });

  it("the page carries the branding, the period, the headline numbers and the summary; a bad period is a 400", async () => {
    const page = await run(reportRoute.loader, getRequest("/admin/indicators/report?period=2026-Q4", { cookie: cookies.fr }));
    expect(page.status).toBe(200);
    expect(page.data.period).toBe("2026-Q4");
    expect(page.data.centreName).toMatch(/Centre/);
    expect(page.data.indicators.totals.enrolled).toBe(17);
    expect(page.data.summary[0]).toContain("14 personnes");
    expect(page.data.hasLogo).toBe(false);
    // With a logo under Branding, the page shows it from our own origin.
    setSetting("branding", { ...getBranding(), centreLogo: await saveBrandingImage(PNG) });
    expect((await run(reportRoute.loader, getRequest("/admin/indicators/report?period=2026-Q4", { cookie: cookies.fr }))).data.hasLogo).toBe(true);
    const logo = (await logoRoute.loader({
      request: getRequest("/admin/branding/logo", { cookie: cookies.fr }),
      params: {},
      context: {},
    } as never)) as Response;
    expect(logo.headers.get("Content-Type")).toBe("image/png");
    expect(Buffer.from(await logo.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
    const bad = await run(reportRoute.loader, getRequest("/admin/indicators/report?period=2026-Q9", { cookie: cookies.fr }));
    expect(bad.status).toBe(400);
    expect((await run(reportRoute.loader, getRequest("/admin/indicators/report", { cookie: w.cookies.partner1 }))).status).toBe(403);
  });
});

describe("counted once", () => {
  // Last in the file: it adds a person to the fixture.
  it("a person in two offerings is one line of the name list, with both sessions", async () => {
    const both = makeUser("learner", { displayName: "Deux Sessions", associationId: w.associations.atlas });
    for (const offering of [w.offerings.O1, w.offerings.O2]) {
      const { enrolment } = enrol(offering, both.id, { ignoreWindow: true });
      db.update(enrolments)
        .set({ enrolledAt: at(10, 6), requestedAt: at(10, 6) })
        .where(eq(enrolments.id, enrolment.id))
        .run();
    }
    const { bytes } = await download(csvRoute, "/admin/indicators.csv?period=2026-Q4&list=enrolled", cookies.fr);
    const rows = parseCsv(bytes.toString("utf8").slice(1));
    expect(rows).toHaveLength(1 + 18);
    const line = rows.filter((r) => r[0] === "Deux Sessions");
    expect(line).toHaveLength(1);
    expect(line[0]![3]).toMatch(/2026-Q4 ; .*2026-Q4-B$/);
    expect(line[0]![4]).toBe("2");
    const total = parseCsv((await download(csvRoute, "/admin/indicators.csv?period=2026-Q4", cookies.fr)).bytes.toString("utf8").slice(1))[1]!;
    expect(total.slice(2, 3)).toEqual(["18"]);
  });
});
