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

describe("the language switcher's redirect", () => {
  const hostile = [
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "/%0d%0aSet-Cookie:x=1",
    "//x",
    "/\\x",
    "\\\\evil.example",
    "https://x",
    "http:evil.example",
    "javascript:alert(1)",
    " /x",
    "",
    "/" + "a".repeat(3000),
  ];

  for (const redirectTo of hostile) {
    it(`sends ${JSON.stringify(redirectTo.slice(0, 30))} to the home page, never off-site, never 500`, async () => {
      const outcome = await run(setLocale, postRequest("/set-locale", { locale: "en", redirectTo }));
      expect(outcome.status).toBe(302);
      const location = outcome.headers.get("Location")!;
      // "/%0d%0a…" stays a path on this site: the encoded bytes are never decoded into a header.
      if (redirectTo.startsWith("/%0d")) expect(location).toBe(redirectTo);
      else expect(location).toBe("/");
      expect(new URL(location, "http://localhost:3000").origin).toBe("http://localhost:3000");
    });
  }

  it("a repeated redirectTo or locale is ignored rather than guessed", async () => {
    const twice = new URLSearchParams([
      ["locale", "fr"],
      ["locale", "en"],
      ["redirectTo", "/account"],
      ["redirectTo", "//evil.example"],
    ]);
    const outcome = await run(
      setLocale,
      new Request("http://localhost:3000/set-locale", { method: "POST", body: twice, headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
    );
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/");
    expect(outcome.headers.get("Set-Cookie")).toBeNull();
  });

  it("a body that is not a form is refused with 415", async () => {
    const outcome = await run(
      setLocale,
      new Request("http://localhost:3000/set-locale", { method: "POST", body: '{"locale":"fr"}', headers: { "Content-Type": "application/json" } }),
    );
    expect(outcome.status).toBe(415);
  });
});
