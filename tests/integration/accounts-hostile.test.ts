import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { outbox, passwordTokens, sessions, users } from "../../db/schema";
import { action as accountAction } from "~/routes/account";
import { action as inviteAction } from "~/routes/admin.users.new";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as logoutAction } from "~/routes/logout";
import { action as resetAction } from "~/routes/reset-password";
import { action as setLocaleAction } from "~/routes/set-locale";
import { action as signupAction } from "~/routes/signup";
import { db } from "~/utils/db.server";
import { cookieFor, makeUser, run, type Outcome } from "../helpers";

const en = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../app/locales/en/common.json"), "utf8"));

/** An i18next key the page can translate (a plural key exists as key_one/key_other). */
function translatable(key: string) {
  const parts = key.split(".");
  const last = parts.pop()!;
  let node = en;
  for (const part of parts) node = node?.[part];
  return typeof node?.[last] === "string" || typeof node?.[`${last}_other`] === "string";
}

/** The keys a 4xx shows: the reply's errors (possibly a JSON message with its key), or none for a thrown error page, which is translated by status. */
function messagesOf(outcome: Outcome): string[] {
  const errors = (outcome.data?.result?.error ?? {}) as Record<string, string[]>;
  return Object.values(errors)
    .flat()
    .map((m) => (m.startsWith("{") ? JSON.parse(m).key : m));
}

const counts = () => ({
  users: db.select({ n: count() }).from(users).get()!.n,
  outbox: db.select({ n: count() }).from(outbox).get()!.n,
  tokens: db.select({ n: count() }).from(passwordTokens).get()!.n,
  sessions: db.select({ n: count() }).from(sessions).get()!.n,
});

type Target = { name: string; path: string; action: (args: never) => unknown; cookie?: () => string; fields: Record<string, string> };

let learnerCookie = "";
let adminCookie = "";
beforeAll(async () => {
  learnerCookie = (await cookieFor(makeUser().id)).cookie;
  adminCookie = (await cookieFor(makeUser("admin").id)).cookie;
});

const targets: Target[] = [
  {
    name: "sign-up",
    path: "/signup",
    action: signupAction as never,
    fields: { displayName: "Hostile", email: "hostile@example.ma", password: "une phrase assez longue", associationId: "none", regionCode: "ORI" },
  },
  { name: "forgot password", path: "/forgot-password", action: forgotAction as never, fields: { email: "hostile@example.ma" } },
  {
    name: "reset password",
    path: "/reset-password",
    action: resetAction as never,
    fields: { token: "a".repeat(32), password: "une phrase assez longue", confirmPassword: "une phrase assez longue" },
  },
  {
    name: "account profile",
    path: "/account",
    action: accountAction as never,
    cookie: () => learnerCookie,
    fields: { intent: "profile", displayName: "Hostile", associationId: "none", regionCode: "ORI", locale: "fr" },
  },
  {
    name: "account email",
    path: "/account",
    action: accountAction as never,
    cookie: () => learnerCookie,
    fields: { intent: "email", email: "hostile2@example.ma", currentPassword: "wrong wrong wrong" },
  },
  {
    name: "account password",
    path: "/account",
    action: accountAction as never,
    cookie: () => learnerCookie,
    fields: { intent: "password", currentPassword: "wrong wrong wrong", newPassword: "une phrase assez longue", confirmPassword: "une phrase assez longue" },
  },
  {
    name: "invitation",
    path: "/admin/users/new",
    action: inviteAction as never,
    cookie: () => adminCookie,
    fields: { displayName: "Hostile", email: "hostile3@example.ma", role: "learner", associationId: "none", locale: "ar" },
  },
  { name: "language switch", path: "/set-locale", action: setLocaleAction as never, fields: { locale: "fr", redirectTo: "/courses" } },
];

let ip = 0;
function send(target: Target, body: BodyInit | null, contentType: string | null) {
  const headers = new Headers();
  if (contentType) headers.set("Content-Type", contentType);
  if (target.cookie) headers.set("Cookie", target.cookie());
  ip += 1;
  return run(
    target.action as never,
    new Request(`http://localhost:3000${target.path}`, { method: "POST", body, headers }),
    {},
    `100.64.${Math.floor(ip / 250)}.${(ip % 250) + 1}`,
  );
}

const form = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();
const URLENCODED = "application/x-www-form-urlencoded";

/** Hostile variants of a target's form, each with the status range it must get. */
function variants(target: Target): { label: string; body: BodyInit | null; type: string | null; status: number[] }[] {
  const valid = Object.entries(target.fields);
  const intent = valid.filter(([k]) => k === "intent");
  const rest = valid.filter(([k]) => k !== "intent");
  // The language switch has nothing to refuse: a bad or missing value is ignored and the visitor goes back.
  const refused = target.path === "/set-locale" ? [302] : [400];
  return [
    { label: "a JSON body", body: JSON.stringify(target.fields), type: "application/json", status: [415] },
    { label: "no content type", body: form(valid), type: null, status: [415] },
    { label: "text/plain", body: form(valid), type: "text/plain", status: [415] },
    { label: "a 70 KB field", body: form([...valid, ["displayName", "x".repeat(70_000)]]), type: URLENCODED, status: [413] },
    {
      label: "3,000 fields",
      body: form([...valid, ...Array.from({ length: 3000 }, (_, i) => [`f${i}`, "1"] as [string, string])]),
      type: URLENCODED,
      status: [413],
    },
    { label: "bad percent-encoding", body: `${form(valid)}&x=%E0%A4%A`, type: URLENCODED, status: [400] },
    { label: "bytes that are not UTF-8", body: new Uint8Array([...Buffer.from(`${form(intent)}&email=`), 0xff, 0xfe]), type: URLENCODED, status: [400] },
    {
      label: "broken multipart",
      body: '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nhalf',
      type: "multipart/form-data; boundary=x",
      status: [400],
    },
    { label: "multipart without boundary", body: "whatever", type: "multipart/form-data", status: [400] },
    {
      label: "prototype-named fields only",
      body: form([
        ...intent,
        ["__proto__", "x"],
        ["constructor", "y"],
        ["toString", "z"],
        ["__proto__[polluted]", "1"],
        ["constructor[prototype][polluted]", "1"],
      ]),
      type: URLENCODED,
      status: refused,
    },
    {
      label: "prototype-named fields beside the real ones",
      body: form([
        ...valid.map(([k, v]) => [k, v] as [string, string]).filter(([k]) => k !== "email" && k !== "locale"),
        ["__proto__", "x"],
        ["constructor", "y"],
      ]),
      type: URLENCODED,
      status: refused,
    },
    { label: "every field twice", body: form([...intent, ...rest, ...rest.map(([k]) => [k, "other"] as [string, string])]), type: URLENCODED, status: refused },
    { label: "no fields", body: form(intent), type: URLENCODED, status: refused },
    { label: "an empty body", body: "", type: URLENCODED, status: target.path === "/account" ? [400] : refused },
    {
      label: "control and bidi characters everywhere",
      body: form(valid.map(([k, v]) => [k, k === "intent" ? v : `${v}\u0000\u202E\u2066\r\n`])),
      type: URLENCODED,
      status: refused,
    },
  ];
}

describe("hostile requests to the account actions: 4xx with a translated message, never 500, nothing written", () => {
  for (const target of targets) {
    it(target.name, async () => {
      for (const variant of variants(target)) {
        const before = counts();
        const outcome = await send(target, variant.body, variant.type);
        expect(variant.status, `${target.name}: ${variant.label}`).toContain(outcome.status);
        for (const key of messagesOf(outcome)) expect(translatable(key), `${target.name}: ${variant.label}: ${key}`).toBe(true);
        if (outcome.status === 400 && outcome.data?.result) expect(messagesOf(outcome).length, `${target.name}: ${variant.label}`).toBeGreaterThan(0);
        expect(counts(), `${target.name}: ${variant.label}`).toEqual(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }
    });
  }

  it("logout does not read a body: any body still logs out, never 500", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    const outcome = await run(
      logoutAction,
      new Request("http://localhost:3000/logout", { method: "POST", body: "{}", headers: { "Content-Type": "application/json", Cookie: cookie } }),
    );
    expect(outcome.status).toBe(302);
  });
});

/** Generated bodies: field names from the real ones and the dangerous ones, values with control, bidi and odd characters. */
const fieldName = fc.oneof(
  fc.constantFrom(
    "email",
    "password",
    "confirmPassword",
    "currentPassword",
    "newPassword",
    "displayName",
    "nameArabic",
    "nameLatin",
    "associationId",
    "regionCode",
    "locale",
    "role",
    "token",
    "intent",
    "redirectTo",
  ),
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "__proto__[x]", "constructor[prototype][x]", "email[0]", "email.x", "a[b][c]"),
  fc.string({ maxLength: 12 }),
);
const fieldValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "none",
    "profile",
    "email",
    "password",
    "\u0000",
    "\u202E",
    "\u061C",
    "\uFEFF",
    "\u200B",
    "-1",
    "1e9",
    "999999999999",
    "fr",
    "admin",
    "/\t/evil.example/",
    "//x",
    "\r\n",
  ),
);
const pairs = fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 12 });

describe("generated bodies", () => {
  it("400 generated forms per run over the account actions: no 5xx, a 4xx carries a translatable message, nothing written", async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), pairs, async (target, fields) => {
        const before = counts();
        const outcome = await send(target, form(fields), URLENCODED);
        sent += 1;
        expect(outcome.status).toBeLessThan(500);
        if (outcome.status >= 400) for (const key of messagesOf(outcome)) expect(translatable(key), key).toBe(true);
        const after = counts();
        // The language switch writes only a cookie (and the signed-in user's preference, not counted here).
        expect(after).toEqual(before);
      }),
      { numRuns: 400 },
    );
    expect(sent).toBe(400);
  });
});
