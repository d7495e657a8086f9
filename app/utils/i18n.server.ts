import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import ar from "~/locales/ar/common.json";
import en from "~/locales/en/common.json";
import fr from "~/locales/fr/common.json";
import { getUser } from "./auth.server";
import { env } from "./env.server";
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

export async function getLocale(request: Request) {
  const locale = await i18nServer.getLocale(request);
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

export async function getTranslator(request: Request) {
  return i18nServer.getFixedT(await getLocale(request), "common");
}

export function translatorFor(locale: string) {
  return i18nServer.getFixedT(isLocale(locale) ? locale : DEFAULT_LOCALE, "common");
}
