import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import ar from "~/locales/ar/common.json";
import en from "~/locales/en/common.json";
import fr from "~/locales/fr/common.json";
import { getUser } from "./auth.server";
import { env } from "./env.server";
import type { Locale } from "../../db/enums";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, i18nConfig, isLocale } from "./i18n";

export const resources = { ar: { common: ar }, fr: { common: fr }, en: { common: en } };

export const localeCookie = createCookie("tamkeen_lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  secure: env.isProduction,
  maxAge: 60 * 60 * 24 * 365,
});

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    // A signed-in user's saved preference wins over the cookie and the browser's languages.
    order: ["custom", "cookie", "header"],
    async findLocale(request) {
      const user = await getUser(request);
      return user?.locale ?? null;
    },
  },
  i18next: { ...i18nConfig, resources },
});

// The root loader, the route's loader and the document each ask; detection parses the cookie and Accept-Language
// every time (~2 % of a small page), so it is done once per request, as getAuth does for the session.
const localeOf = new WeakMap<Request, Promise<Locale>>();

export function getLocale(request: Request): Promise<Locale> {
  let pending = localeOf.get(request);
  if (!pending) {
    pending = i18nServer.getLocale(request).then((locale) => (isLocale(locale) ? locale : DEFAULT_LOCALE));
    localeOf.set(request, pending);
  }
  return pending;
}

// One initialised i18next instance per locale for the whole process: creating one per request
// (what remix-i18next's getFixedT does) cost more than the rest of a page's translation work.
const instances = Object.fromEntries(
  SUPPORTED_LOCALES.map((locale) => {
    const instance = createInstance();
    void instance.use(initReactI18next).init({ ...i18nConfig, lng: locale, resources, initImmediate: false });
    rememberPlainTranslations(instance);
    return [locale, instance];
  }),
) as Record<(typeof SUPPORTED_LOCALES)[number], I18n>;

// What a fixed t() (react-i18next's, getFixedT's) passes along with every key; anything else (a count, values to
// interpolate, a default) makes the call translated afresh.
const PLAIN_OPTIONS = new Set(["lng", "lngs", "ns", "keyPrefix"]);
const MAX_REMEMBERED = 20_000;

/**
 * A page asks i18next for ~100 labels, nearly all plain keys, and each goes through its resolver (namespaces, key
 * separators, plural and context suffixes, post-processing): ~10 % of a lesson page. The resources never change while
 * the process runs, so a plain key's text is remembered per language and namespace.
 */
function rememberPlainTranslations(instance: I18n) {
  const translate = instance.t.bind(instance);
  const remembered = new Map<string, string>();
  instance.t = ((key: unknown, options?: unknown) => {
    if (typeof key !== "string" || (options !== undefined && (typeof options !== "object" || options === null)))
      return translate(key as never, options as never);
    const o = (options ?? {}) as Record<string, unknown>;
    for (const name in o) if (!PLAIN_OPTIONS.has(name)) return translate(key as never, options as never);
    const id = `${String(o.lng ?? "")}\u0000${String(o.lngs ?? "")}\u0000${String(o.ns ?? "")}\u0000${String(o.keyPrefix ?? "")}\u0000${key}`;
    const known = remembered.get(id);
    if (known !== undefined) return known;
    const text = translate(key as never, options as never) as unknown;
    if (typeof text === "string" && remembered.size < MAX_REMEMBERED) remembered.set(id, text);
    return text;
  }) as I18n["t"];
}

/** The shared instance for a locale; never change its language. */
export function i18nFor(locale: string): I18n {
  return instances[isLocale(locale) ? locale : DEFAULT_LOCALE];
}

export async function getTranslator(request: Request) {
  const locale = await getLocale(request);
  return i18nFor(locale).getFixedT(locale, "common");
}

export async function translatorFor(locale: string) {
  const l = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return i18nFor(l).getFixedT(l, "common");
}
