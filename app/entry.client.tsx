import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, i18nConfig, isLocale } from "./utils/i18n";

// Only the page's own language is downloaded: each locale is a separate, cacheable chunk.
const loaders = {
  ar: () => import("./locales/ar/common.json"),
  fr: () => import("./locales/fr/common.json"),
  en: () => import("./locales/en/common.json"),
};

async function hydrate() {
  const lang = document.documentElement.lang;
  const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
  const common = (await loaders[locale]()).default;
  await i18next.use(initReactI18next).init({ ...i18nConfig, lng: locale, resources: { [locale]: { common } } });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
