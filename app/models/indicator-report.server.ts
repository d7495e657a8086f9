import type { TFunction } from "i18next";
import type { Locale } from "../../db/schema";
import type { Cell, Table } from "~/utils/spreadsheet.server";
import { formatNumber, ltrText } from "~/utils/i18n";
import { localized } from "./course.server";
import {
  BREAKDOWNS,
  NOT_GIVEN,
  indicatorPeoplePages,
  type Breakdown,
  type BreakdownRow,
  type IndicatorFilters,
  type Indicators,
  type PeopleMetric,
} from "./indicators.server";

/**
 * The indicators as tables (for the CSV and XLSX exports and the printable report) and as a few sentences. Every
 * number here is the one computeIndicators returned: exports never compute anything of their own.
 */

const round = (v: number | null, digits = 1) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** The label of a breakdown's group in the interface language. */
export function groupLabel(ind: Pick<Indicators, "associationNames" | "courseTitles">, breakdown: Breakdown, key: string, t: TFunction, locale: Locale) {
  if (key === NOT_GIVEN) return t("reports.notGiven");
  switch (breakdown) {
    case "region":
      return t(`regions.${key}`);
    case "association":
      return ind.associationNames[key]?.name ?? key;
    case "course": {
      const title = ind.courseTitles[key];
      return title ? localized(title, locale) : key;
    }
    case "sex":
      return t(`reports.sex.${key}`);
    case "quarter":
    case "age":
      return key;
  }
}

/** The metric columns every breakdown table has, in order, with how to read each from a row. */
function metricColumns(t: TFunction) {
  const m = (key: string) => t(`reports.metrics.${key}`);
  return [
    { header: m("enrolled"), kind: "count", get: (r: BreakdownRow) => r.counts.enrolled },
    { header: m("completed"), kind: "count", get: (r: BreakdownRow) => r.counts.completed },
    { header: m("completionRate"), kind: "percent", get: (r: BreakdownRow) => r.counts.completionRate },
    { header: m("certified"), kind: "count", get: (r: BreakdownRow) => r.counts.certified },
    { header: m("issued"), kind: "count", get: (r: BreakdownRow) => r.counts.certificatesIssued },
    { header: m("revoked"), kind: "count", get: (r: BreakdownRow) => r.counts.certificatesRevoked },
    { header: m("associationsReached"), kind: "count", get: (r: BreakdownRow) => r.counts.associationsReached },
    { header: m("associationsTrained"), kind: "count", get: (r: BreakdownRow) => r.counts.associationsTrained },
    { header: m("gainN"), kind: "count", get: (r: BreakdownRow) => r.gain.n },
    { header: m("meanPre"), kind: "number", get: (r: BreakdownRow) => round(r.gain.meanPre) },
    { header: m("meanPost"), kind: "number", get: (r: BreakdownRow) => round(r.gain.meanPost) },
    { header: m("meanGain"), kind: "number", get: (r: BreakdownRow) => round(r.gain.meanGain) },
    { header: m("shareImproved"), kind: "percent", get: (r: BreakdownRow) => r.gain.shareImproved },
    { header: m("surveyN"), kind: "count", get: (r: BreakdownRow) => r.satisfaction.n },
    { header: m("satisfaction"), kind: "number", get: (r: BreakdownRow) => round(r.satisfaction.mean, 2) },
    { header: m("shareSatisfied"), kind: "percent", get: (r: BreakdownRow) => r.satisfaction.shareHigh },
  ] as const;
}

/** The totals as a breakdown row, so the summary and the breakdowns read the same columns. */
function totalRow(ind: Indicators): BreakdownRow {
  return { key: "total", counts: ind.totals, gain: ind.gain, satisfaction: ind.satisfaction };
}

/** "Summary": one line per indicator, its value as a number (counts, means) or a share (rates). */
export function summaryTable(ind: Indicators, t: TFunction): Table {
  const total = totalRow(ind);
  return {
    name: t("reports.sheets.summary"),
    columns: [
      { header: t("reports.columns.metric"), kind: "text" },
      { header: t("reports.columns.value"), kind: "number" },
      { header: t("reports.metrics.completionRate"), kind: "percent" },
    ],
    rows: [
      [t("reports.period"), ind.filters.period.label, null],
      ...metricColumns(t).map((c): Cell[] => [c.header, c.kind === "percent" ? null : c.get(total), c.kind === "percent" ? c.get(total) : null]),
    ],
  };
}

/** One table per breakdown: its groups (in the page's order) and every metric. */
export function breakdownTable(ind: Indicators, breakdown: Breakdown, t: TFunction, locale: Locale): Table {
  const columns = metricColumns(t);
  return {
    name: t(`reports.breakdowns.${breakdown}`),
    columns: [{ header: t(`reports.breakdowns.${breakdown}`), kind: "text" }, ...columns.map((c) => ({ header: c.header, kind: c.kind }))],
    rows: ind.breakdowns[breakdown].map((r) => [groupLabel(ind, breakdown, r.key, t, locale), ...columns.map((c) => c.get(r))]),
  };
}

/** Every breakdown in one long table (the CSV): a column says which breakdown, the first line is the total. */
export function longTable(ind: Indicators, t: TFunction, locale: Locale): Table {
  const columns = metricColumns(t);
  const rows: Cell[][] = [[t("reports.sheets.summary"), ind.filters.period.label, ...columns.map((c) => c.get(totalRow(ind)))]];
  for (const b of BREAKDOWNS)
    for (const r of ind.breakdowns[b]) rows.push([t(`reports.breakdowns.${b}`), groupLabel(ind, b, r.key, t, locale), ...columns.map((c) => c.get(r))]);
  return {
    name: t("reports.sheets.breakdowns"),
    columns: [
      { header: t("reports.columns.breakdown"), kind: "text" },
      { header: t("reports.columns.group"), kind: "text" },
      ...columns.map((c) => ({ header: c.header, kind: c.kind })),
    ],
    rows,
  };
}

/** When a person is behind a number through several rows, the line shows the furthest they got. */
const STATUS_RANK = ["withdrawn", "waitlisted", "enrolled", "tested", "revoked", "completed", "certified"];

/**
 * The name list behind a number: one line per person (counted once, as in the number), with the courses and sessions
 * that put them there, how many, the first and last date, and the furthest state. The rows are read page by page and
 * folded per person, so a year of 50,000 learners and 300,000 enrolments never sits in memory as rows.
 */
export function peopleTable(filters: IndicatorFilters, metric: PeopleMetric, name: string, t: TFunction, courseTitle: (id: string) => string): Table {
  type Person = {
    name: string;
    association: string | null;
    region: string | null;
    offerings: string[];
    first: number | null;
    last: number | null;
    status: string;
  };
  const people = new Map<number, Person>();
  for (const page of indicatorPeoplePages(filters, metric))
    for (const item of page) {
      const offering = `${courseTitle(item.courseId)} ${item.periodLabel}`;
      const p = people.get(item.userId);
      if (!p) {
        people.set(item.userId, {
          name: item.name,
          association: item.association,
          region: item.region,
          offerings: [offering],
          first: item.date,
          last: item.date,
          status: item.status,
        });
        continue;
      }
      p.offerings.push(offering);
      if (item.date !== null) {
        if (p.first === null || item.date < p.first) p.first = item.date;
        if (p.last === null || item.date > p.last) p.last = item.date;
      }
      if (STATUS_RANK.indexOf(item.status) > STATUS_RANK.indexOf(p.status)) p.status = item.status;
    }
  // A dozen regions and a handful of statuses, translated once each rather than once per person (i18next took
  // ~0.5 s of a year's workbook).
  const labels = new Map<string, string>();
  const label = (key: string, translate: () => string) => {
    let text = labels.get(key);
    if (text === undefined) labels.set(key, (text = translate()));
    return text;
  };
  function* rows(): Generator<Cell[]> {
    for (const p of people.values())
      yield [
        p.name,
        p.association,
        label(`region:${p.region ?? ""}`, () => (p.region ? t(`regions.${p.region}`) : t("reports.notGiven"))),
        p.offerings.join(" ; "),
        p.offerings.length,
        p.first,
        p.last,
        label(`status:${p.status}`, () => t(`reports.status.${p.status}`, { defaultValue: p.status })),
      ];
  }
  return {
    name,
    columns: [
      { header: t("reports.columns.name"), kind: "text" },
      { header: t("reports.columns.association"), kind: "text" },
      { header: t("reports.columns.region"), kind: "text" },
      { header: t("reports.columns.offerings"), kind: "text" },
      { header: t("reports.columns.count"), kind: "count" },
      { header: t("reports.columns.firstDate"), kind: "date" },
      { header: t("reports.columns.lastDate"), kind: "date" },
      { header: t("reports.columns.status"), kind: "text" },
    ],
    rows: rows(),
  };
}

/** The workbook: Summary, one sheet per breakdown, then the name lists (people enrolled, people who completed). */
export function* workbookTables(ind: Indicators, t: TFunction, locale: Locale, courseTitle: (id: string) => string): Generator<Table> {
  yield summaryTable(ind, t);
  for (const b of BREAKDOWNS) yield breakdownTable(ind, b, t, locale);
  yield peopleTable(ind.filters, "enrolled", t("reports.sheets.enrolledPeople"), t, courseTitle);
  yield peopleTable(ind.filters, "completed", t("reports.sheets.completedPeople"), t, courseTitle);
}

/**
 * The report's few sentences, from i18next sentences with plural forms (Arabic has six): who completed, from how many
 * associations and regions; the completion rate; certificates; learning gain and satisfaction when there are any.
 */
export function reportSummary(ind: Indicators, t: TFunction, locale: Locale): string[] {
  const n = (v: number) => formatNumber(v, locale);
  const pct = (v: number) => formatNumber(v, locale, { style: "percent", maximumFractionDigits: 0 });
  // Isolated (LRI … PDI) so 2026-Q4 keeps its order inside an Arabic sentence, on the page and in the PDF.
  const period = ltrText(ind.filters.period.label);
  const c = ind.totals;
  if (!c.enrolled && !c.completed) return [t("reports.summary.none", { period })];
  const regions = ind.breakdowns.region.filter((r) => r.key !== NOT_GIVEN && r.counts.completed > 0).length;
  const out = [
    t("reports.summary.completed", {
      count: c.completed,
      period,
      people: t("reports.summary.people", { count: c.completed, n: n(c.completed) }),
      associations: t("reports.summary.associations", { count: c.associationsTrained, n: n(c.associationsTrained) }),
      regions: t("reports.summary.regions", { count: regions, n: n(regions) }),
    }),
    t("reports.summary.enrolled", { count: c.enrolled, n: n(c.enrolled) }),
  ];
  if (c.completionRate !== null) out.push(t("reports.summary.rate", { rate: pct(c.completionRate) }));
  out.push(t("reports.summary.certified", { count: c.certificatesIssued, n: n(c.certificatesIssued) }));
  if (ind.gain.n && ind.gain.meanPre !== null && ind.gain.meanPost !== null)
    out.push(t("reports.summary.gain", { pre: pct(ind.gain.meanPre / 100), post: pct(ind.gain.meanPost / 100) }));
  if (ind.satisfaction.n && ind.satisfaction.shareHigh !== null) out.push(t("reports.summary.satisfaction", { share: pct(ind.satisfaction.shareHigh) }));
  return out;
}
