import { describe, expect, it } from "vitest";
import { action as setLocale } from "~/routes/set-locale";
import { getLocale, localeCookie } from "~/utils/i18n.server";
import { cookieFor, getRequest, makeUser, postRequest, run } from "../helpers";

describe("choice of language", () => {
  it("defaults to Arabic", async () => {
    expect(await getLocale(getRequest("/"))).toBe("ar");
    expect(await getLocale(getRequest("/", { headers: { "Accept-Language": "de-DE,de;q=0.9" } }))).toBe("ar");
  });

  it("follows Accept-Language, then the cookie over it, then the signed-in user's preference over both", async () => {
    expect(await getLocale(getRequest("/", { headers: { "Accept-Language": "fr-MA,fr;q=0.9,en;q=0.5" } }))).toBe("fr");
    const cookie = (await localeCookie.serialize("en")).split(";")[0];
    expect(await getLocale(getRequest("/", { cookie, headers: { "Accept-Language": "fr" } }))).toBe("en");
    const user = makeUser("learner", { locale: "ar" });
    const session = await cookieFor(user.id);
    expect(await getLocale(getRequest("/", { cookie: `${cookie}; ${session.cookie}`, headers: { "Accept-Language": "fr" } }))).toBe("ar");
  });

  it("the switcher sets the cookie, saves the user's preference and keeps the current page", async () => {
    const user = makeUser("learner", { locale: "ar" });
    const session = await cookieFor(user.id);
    const outcome = await run(setLocale, postRequest("/set-locale", { locale: "fr", redirectTo: "/account?x=1" }, { cookie: session.cookie }));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/account?x=1");
    expect(outcome.headers.get("Set-Cookie")).toContain("tamkeen_lng=");
    expect(await getLocale(getRequest("/", { cookie: session.cookie }))).toBe("fr");
  });

  it("ignores an unknown locale and a foreign redirect", async () => {
    const outcome = await run(setLocale, postRequest("/set-locale", { locale: "xx", redirectTo: "https://evil.example" }));
    expect(outcome.headers.get("Location")).toBe("/");
    expect(outcome.headers.get("Set-Cookie")).toBeNull();
  });
});
