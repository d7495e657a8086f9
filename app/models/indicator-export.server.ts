import { computeIndicators, parseIndicatorFilters, type Indicators } from "./indicators.server";
import { localized } from "./course.server";
import type { Locale } from "../../db/schema";

/**
 * The indicators an export or the printable report is made of, from the same query string as the indicators page.
 * Filters the page would show as errors (end before start, unknown region…) come back as i18next keys: a file is
 * never made from filters that were not understood.
 */
export function indicatorsForExport(searchParams: URLSearchParams, now = new Date()): { ok: true; indicators: Indicators } | { ok: false; errors: string[] } {
  const parsed = parseIndicatorFilters(searchParams, now);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => `reports.filterErrors.${e.error}`) };
  return { ok: true, indicators: computeIndicators(parsed.filters) };
}

export function courseTitleIn(ind: Indicators, locale: Locale) {
  return (id: string) => {
    const title = ind.courseTitles[id];
    return title ? localized(title, locale) : id;
  };
}

/** A file name that says what it holds: indicators-2026-Q4.xlsx, indicators-2026-10-01_2026-12-31.csv. */
export function exportFileName(ind: Indicators, suffix: string, ext: string) {
  return `indicators-${ind.filters.period.label.replace("/", "_")}${suffix}.${ext}`;
}
