import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, users } from "../../db/schema";
import { action as accountAction } from "~/routes/account";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as signupAction } from "~/routes/signup";
import { db } from "~/utils/db.server";
import { TEST_PASSWORD, cookieFor, makeUser, postRequest, replyErrors, run } from "../helpers";

const forgot = (email: string, ip: string) => run(forgotAction, postRequest("/forgot-password", { email }, { headers: { "Accept-Language": "en" } }), {}, ip);
const emailsTo = (email: string) => db.select({ n: count() }).from(outbox).where(eq(outbox.to, email)).get()!.n;
const userCount = () => db.select({ n: count() }).from(users).get()!.n;
const throttleMessage = (outcome: Awaited<ReturnType<typeof forgot>>) =>
  JSON.parse(replyErrors(outcome)[""]![0]!) as { key: string; time: string; count: number };

describe("forgotten password throttles", () => {
  it("refuses the 11th request in an hour from one address with 429, Retry-After and the time to come back", async () => {
    const ip = "203.0.113.41";
    for (let i = 0; i < 10; i++) expect((await forgot(`someone${i}@example.test`, ip)).status).toBe(200);
    const user = makeUser();
    const blocked = await forgot(user.email, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(3000);
    expect(Number(blocked.headers.get("Retry-After"))).toBeLessThanOrEqual(3600);
    const message = throttleMessage(blocked);
    expect(message.key).toBe("forgot.throttled");
    expect(message.time).toMatch(/^\d{2}:\d{2}$/);
    expect(message.count).toBeGreaterThanOrEqual(50);
    expect(emailsTo(user.email)).toBe(0);
    // Another address is not affected.
    expect((await forgot(user.email, "203.0.113.42")).status).toBe(200);
    expect(emailsTo(user.email)).toBe(1);
  });

  it("past 3 requests for one email, answers exactly as before but sends nothing — the same for an email without account", async () => {
    const user = makeUser();
    const answers: { known: string; unknown: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const known = await forgot(user.email, `198.51.100.${10 + i}`);
      const unknown = await forgot("nobody-here@example.test", `198.51.100.${40 + i}`);
      expect(known.status).toBe(200);
      expect(unknown.status).toBe(200);
      expect(known.headers.get("Retry-After")).toBeNull();
      answers.push({
        known: JSON.stringify(known.data).replaceAll(user.email, "X"),
        unknown: JSON.stringify(unknown.data).replaceAll("nobody-here@example.test", "X"),
      });
    }
    for (const a of answers) expect(a.known).toBe(a.unknown);
    expect(new Set(answers.map((a) => a.known)).size).toBe(1);
    expect(emailsTo(user.email)).toBe(3);
    expect(emailsTo("nobody-here@example.test")).toBe(0);
  });
});

const signupForm = (email: string) => ({ displayName: "Nadia Test", email, password: "une phrase assez longue", associationId: "none", regionCode: "RSK" });

describe("sign-up throttle", () => {
  it("refuses the 11th complete sign-up from one address in an hour with 429 and Retry-After, creating nothing", async () => {
    const ip = "203.0.113.77";
    // Forms refused for a typo do not count.
    for (let i = 0; i < 5; i++)
      expect((await run(signupAction, postRequest("/signup", { ...signupForm(`typo${i}@example.ma`), password: "short" }), {}, ip)).status).toBe(400);
    for (let i = 0; i < 10; i++) expect((await run(signupAction, postRequest("/signup", signupForm(`wave${i}@example.ma`)), {}, ip)).status).toBe(302);
    const before = userCount();
    const blocked = await run(signupAction, postRequest("/signup", signupForm("wave10@example.ma")), {}, ip);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(3000);
    expect(throttleMessage(blocked).key).toBe("signup.throttled");
    expect(blocked.data.result.initialValue.email).toBe("wave10@example.ma");
    expect(blocked.data.result.initialValue.password).toBeUndefined();
    expect(userCount()).toBe(before);
    expect((await run(signupAction, postRequest("/signup", signupForm("wave10@example.ma")), {}, "203.0.113.78")).status).toBe(302);
  });
});

describe("current password on the account page", () => {
  it("is throttled like a login: the 6th wrong guess from one address is refused with 429 and Retry-After", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    const attempt = (currentPassword: string) =>
      run(accountAction, postRequest("/account", { intent: "email", email: `new-${user.id}@example.ma`, currentPassword }, { cookie }), {}, "192.0.2.210");
    for (let i = 0; i < 5; i++) {
      const wrong = await attempt(`guess number ${i}`);
      expect(wrong.status).toBe(400);
      expect(replyErrors(wrong).currentPassword).toEqual(["errors.wrongPassword"]);
    }
    const blocked = await attempt(TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(db.select().from(users).where(eq(users.id, user.id)).get()!.email).toBe(user.email);
  });
});
