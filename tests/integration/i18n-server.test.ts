import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nFor, resources } from "~/utils/i18n.server";
import { SUPPORTED_LOCALES, i18nConfig } from "~/utils/i18n";

// The server's i18next instances remember the text of plain keys (app/utils/i18n.server.ts). Whatever they remember
// must be exactly what a fresh i18next answers, and a key with a count, values or a default is never taken from memory.
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
});
