import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n, type TFunction } from "i18next";
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
    rememberTranslations(instance);
    return [locale, instance];
  }),
) as Record<(typeof SUPPORTED_LOCALES)[number], I18n>;

const MAX_REMEMBERED = 5_000;
const MAX_REMEMBERED_LENGTH = 500;
const MAX_FIXED = 100;

type LooseT = ((key?: unknown, options?: unknown, ...rest: unknown[]) => unknown) & Partial<Record<"lng" | "lngs" | "ns" | "keyPrefix", unknown>>;

/**
 * A page asks i18next for ~100 labels through the fixed t() functions of react-i18next (getFixedT), and each call
 * copies its options, then goes through the resolver (namespaces, key separators, plural and context suffixes,
 * interpolation, post-processing): ~12 % of a lesson page. The resources never change while the process runs, so the
 * text of a call is remembered, per language, namespace and prefix, when its key is a string and its options hold
 * only strings, numbers and booleans (a count, a name to interpolate): the text is then a function of those alone.
 * Anything else (objects, functions, arrays of keys) is translated afresh. Values can be anyone's (names, dates), so
 * the memory is bounded: it starts over when full, and long texts are not kept.
 */
function rememberTranslations(instance: I18n) {
  const getFixedT = instance.getFixedT.bind(instance);
  const fixed = new Map<string, TFunction>();
  const remembered = new Map<string, string>();
  instance.getFixedT = ((lng: unknown, ns: unknown, keyPrefix: unknown) => {
    const plain = (v: unknown) => v === undefined || v === null || typeof v === "string";
    if (!plain(lng) || !plain(ns) || !plain(keyPrefix)) return getFixedT(lng as never, ns as never, keyPrefix as never);
    const prefix = `${part(lng as string)}${part(ns as string)}${part(keyPrefix as string)}`;
    const known = fixed.get(prefix);
    if (known) return known;
    const translate = getFixedT(lng as never, ns as never, keyPrefix as never) as unknown as LooseT;
    const t: LooseT = (key, options, ...rest) => {
      const id = rest.length === 0 && typeof key === "string" ? callId(prefix, key, options) : null;
      if (id === null) return translate(key, options, ...rest);
      const hit = remembered.get(id);
      if (hit !== undefined) return hit;
      const text = translate(key, options);
      if (typeof text === "string" && text.length <= MAX_REMEMBERED_LENGTH && id.length <= MAX_REMEMBERED_LENGTH) {
        if (remembered.size >= MAX_REMEMBERED) remembered.clear();
        remembered.set(id, text);
      }
      return text;
    };
    // What react-i18next reads off a fixed t().
    Object.assign(t, { lng: translate.lng, lngs: translate.lngs, ns: translate.ns, keyPrefix: translate.keyPrefix });
    if (fixed.size < MAX_FIXED) fixed.set(prefix, t as unknown as TFunction);
    return t;
  }) as I18n["getFixedT"];
}

/** A length-prefixed part, so that no two different calls share an id whatever their strings hold. */
function part(value: string | null | undefined) {
  return value == null ? "-" : `${value.length}:${value}`;
}

function callId(prefix: string, key: string, options: unknown): string | null {
  let id = `${prefix}${part(key)}`;
  if (options === undefined) return id;
  if (typeof options !== "object" || options === null || Array.isArray(options)) return null;
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name];
    const type = typeof value;
    if (type === "string") id += `s${part(name)}${part(value as string)}`;
    else if (type === "number" || type === "boolean" || type === "undefined") id += `${type[0]}${part(name)}${part(String(value))}`;
    else return null;
  }
  return id;
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
