import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nFor, resources } from "~/utils/i18n.server";
import { SUPPORTED_LOCALES, i18nConfig } from "~/utils/i18n";

// The server's i18next instances remember the text of a call whose options are only strings, numbers and booleans
// (app/utils/i18n.server.ts). Whatever they remember must be exactly what a fresh i18next answers for the same call:
// another count, another value or another prefix is another text.
function fresh(locale: string) {
  const instance = createInstance();
  void instance.init({ ...i18nConfig, lng: locale, resources, initImmediate: false });
  return instance.getFixedT(locale, "common");
}

function keysOf(tree: unknown, prefix = ""): string[] {
  if (typeof tree !== "object" || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations remembered by the server", () => {
  it("gives every key of every language the same text as a fresh i18next, asked twice", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const t = i18nFor(locale).getFixedT(locale, "common");
      const reference = fresh(locale);
      const keys = keysOf(resources[locale].common).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, ""));
      expect(keys.length).toBeGreaterThan(500);
      for (const key of keys) {
        expect(t(key)).toBe(reference(key));
        expect(t(key)).toBe(reference(key));
      }
    }
  });

  it("translates afresh what depends on the call: Arabic plurals by count, values, a prefix", () => {
    const t = i18nFor("ar").getFixedT("ar", "common");
    const reference = fresh("ar");
    for (const count of [0, 1, 2, 3, 11, 100]) {
      const text = t("login.throttled", { count, time: "10:30" });
      expect(text).toBe(reference("login.throttled", { count, time: "10:30" }));
      expect(text).toContain("10:30");
    }
    expect(t("login.throttled", { count: 1, time: "10:30" })).not.toBe(t("login.throttled", { count: 3, time: "10:30" }));
    const prefixed = i18nFor("fr").getFixedT("fr", "common", "login");
    expect(prefixed("title")).toBe(fresh("fr")("login.title"));
    expect(i18nFor("fr").getFixedT("fr", "common")("title")).not.toBe(prefixed("title"));
  });

  it("answers values, counts and defaults like a fresh i18next, asked again, in every language", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const t = i18nFor(locale).getFixedT(locale, "common");
      const reference = fresh(locale);
      for (const org of ["Tamkeen", "Centre Al Amal", "مركز الأمل", "1:2", ""]) {
        expect(t("footer.about", { org })).toBe(reference("footer.about", { org }));
        expect(t("footer.about", { org })).toBe(reference("footer.about", { org }));
      }
      // Values that look alike must not share a text: the length-prefixed id keeps them apart.
      expect(t("footer.about", { org: "a" })).not.toBe(t("footer.about", { org: "b" }));
      expect(t("nav.homeLabel", { org: "1" })).not.toBe(t("nav.homeLabel", { org: "12" }));
      expect(t("no.such.key", { defaultValue: "Plan B" })).toBe("Plan B");
      expect(t("no.such.key", { defaultValue: "Plan C" })).toBe("Plan C");
    }
  });

  it("translates afresh a call with objects, and stays right after its memory starts over", () => {
    const t = i18nFor("fr").getFixedT("fr", "common");
    const reference = fresh("fr");
    // An object option (nested values, an interpolation setting) is not something a text can be remembered by.
    const nested = { interpolation: { escapeValue: true } };
    expect(t("footer.about", { org: "<b>", ...nested })).toBe(reference("footer.about", { org: "<b>", ...nested }));
    expect(t("footer.about", { org: "<b>" })).toBe(reference("footer.about", { org: "<b>" }));
    // Far more distinct values than it keeps (anyone's names): every answer is still the fresh one.
    for (let i = 0; i < 12_000; i++) {
      const org = `Association ${i}`;
      expect(t("footer.about", { org })).toBe(reference("footer.about", { org }));
    }
    expect(t("nav.login")).toBe(reference("nav.login"));
  });
});
