import type { Locale } from "../../db/enums";

export const SUPPORTED_LOCALES = ["ar", "fr", "en"] as const satisfies readonly Locale[];
export const DEFAULT_LOCALE: Locale = "ar";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export function localeDir(locale: string): "rtl" | "ltr" {
  return locale === "ar" ? "rtl" : "ltr";
}

/** Locale tag for Intl: Moroccan Arabic formatting uses Latin digits, as users here expect. */
export function intlLocale(locale: string): string {
  return locale === "ar" ? "ar-MA" : locale === "fr" ? "fr-MA" : "en-GB";
}

export const LOCALE_NAMES: Record<Locale, string> = { ar: "العربية", fr: "Français", en: "English" };

export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "common",
  ns: ["common"],
  interpolation: { escapeValue: false },
} as const;

// Building an Intl formatter costs far more than using one: keep them.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatDate(date: Date | number, locale: string, options: Intl.DateTimeFormatOptions = { dateStyle: "long" }) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(intlLocale(locale), options)));
  return format.format(date);
}

export function formatNumber(value: number, locale: string, options?: Intl.NumberFormatOptions) {
  const key = `${locale}|${JSON.stringify(options ?? {})}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(intlLocale(locale), options)));
  return format.format(value);
}

/**
 * Isolates a left-to-right fragment (a period such as 2026-Q4, a code, an email, a range of numbers) with LRI … PDI,
 * for text that cannot hold markup: an <option>, a document title, an email, a PDF, a chart's legend. In markup the
 * <Ltr> component does the same with <bdi dir="ltr">.
 */
export function ltrText(text: string) {
  return `\u2066${text}\u2069`;
}
