import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, passwordTokens, sessions, users } from "../../db/schema";
import { action as accountAction } from "~/routes/account";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as resetAction, loader as resetLoader } from "~/routes/reset-password";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { verifyPassword } from "~/utils/password.server";
import { hashToken, validateSessionToken, SESSION_LIFETIME } from "~/utils/session.server";
import { TEST_PASSWORD, captureSentEmails, cookieFor, getRequest, makeUser, postRequest, replyErrors, run } from "../helpers";

function lastEmailTo(email: string) {
  return db.select().from(outbox).where(eq(outbox.to, email)).all().at(-1);
}

let ipCounter = 0;
/** Each request from its own address, so these tests do not meet the per-address throttle they do not test. */
const forgot = (email: string) =>
  run(forgotAction, postRequest("/forgot-password", { email }), {}, `198.18.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`);

describe("change password", () => {
  it("revokes the user's other sessions and keeps the current one", async () => {
    const user = makeUser();
    const phone = await cookieFor(user.id);
    const laptop = await cookieFor(user.id);
    const outcome = await run(
      accountAction,
      postRequest(
        "/account",
        { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase", confirmPassword: "a brand new passphrase" },
        { cookie: laptop.cookie },
      ),
    );
    expect(outcome.status).toBe(200);
    expect(outcome.data.saved).toBe("password");
    expect(JSON.stringify(outcome.data)).not.toContain("a brand new passphrase");
    expect(await getUser(getRequest("/", { cookie: laptop.cookie }))).not.toBeNull();
    expect(await getUser(getRequest("/", { cookie: phone.cookie }))).toBeNull();
    const stored = db.select().from(users).where(eq(users.id, user.id)).get()!;
    expect(await verifyPassword(stored.passwordHash, "a brand new passphrase")).toBe(true);
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    const outcome = await run(
      accountAction,
      postRequest(
        "/account",
        { intent: "password", currentPassword: "not it at all", newPassword: "another passphrase", confirmPassword: "another passphrase" },
        { cookie },
      ),
    );
    expect(outcome.status).toBe(400);
    expect(replyErrors(outcome).currentPassword).toEqual(["errors.wrongPassword"]);
    expect(JSON.stringify(outcome.data)).not.toContain("not it at all");
    expect(await verifyPassword(db.select().from(users).where(eq(users.id, user.id)).get()!.passwordHash, TEST_PASSWORD)).toBe(true);
  });
});

describe("sessions", () => {
  it("store only the SHA-256 of the token and slide their expiry when half used", async () => {
    const user = makeUser();
    const { token } = await cookieFor(user.id);
    const row = db
      .select()
      .from(sessions)
      .where(eq(sessions.id, hashToken(token)))
      .get()!;
    expect(row.id).not.toContain(token);
    db.update(sessions)
      .set({ expiresAt: new Date(Date.now() + 5 * 24 * 3600 * 1000) })
      .where(eq(sessions.id, row.id))
      .run();
    const validated = validateSessionToken(token);
    expect(validated.refreshed).toBe(true);
    expect(validated.session!.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_LIFETIME - 60_000);
  });

  it("are refused and deleted once expired", async () => {
    const user = makeUser();
    const { token } = await cookieFor(user.id);
    db.update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, hashToken(token)))
      .run();
    expect(validateSessionToken(token).user).toBeNull();
    expect(
      db
        .select()
        .from(sessions)
        .where(eq(sessions.id, hashToken(token)))
        .get(),
    ).toBeUndefined();
  });
});

describe("forgotten password", () => {
  it("emails a single-use link in the user's language, valid one hour, that sets the password and ends old sessions", async () => {
    const user = makeUser("learner", { locale: "ar" });
    const old = await cookieFor(user.id);
    const capture = captureSentEmails();
    const sent = await forgot(user.email.toUpperCase());
    capture.stop();
    expect(sent.status).toBe(200);
    expect(sent.data.sent).toBe(true);
    const email = lastEmailTo(user.email)!;
    expect(email.locale).toBe("ar");
    expect(email.html).toContain('dir="rtl"');
    expect(email.subject).toContain("كلمة مرور");
    // The outbox keeps the email without its link; the email handed out carries it.
    expect(email.text).toContain("/reset-password?token=[redacted]");
    const token = /reset-password\?token=([a-z2-7]{32})/.exec(capture.to(user.email).at(-1)!)![1]!;
    const stored = db
      .select()
      .from(passwordTokens)
      .where(eq(passwordTokens.id, hashToken(token)))
      .get()!;
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60 * 1000);
    expect(stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60 * 1000);

    expect((await run(resetLoader, getRequest(`/reset-password?token=${token}`))).data.valid).toBe(true);
    const reset = await run(resetAction, postRequest("/reset-password", { token, password: "my new long password", confirmPassword: "my new long password" }));
    expect(reset.status).toBe(302);
    expect(reset.headers.get("Location")).toBe("/account?passwordSet=1");
    expect(await getUser(getRequest("/", { cookie: old.cookie }))).toBeNull();
    expect(await verifyPassword(db.select().from(users).where(eq(users.id, user.id)).get()!.passwordHash, "my new long password")).toBe(true);

    const again = await run(resetAction, postRequest("/reset-password", { token, password: "yet another password", confirmPassword: "yet another password" }));
    expect(again.status).toBe(400);
    expect(replyErrors(again)[""]).toEqual(["reset.invalidBody"]);
    expect(await verifyPassword(db.select().from(users).where(eq(users.id, user.id)).get()!.passwordHash, "my new long password")).toBe(true);
    const afterUse = await run(resetLoader, getRequest(`/reset-password?token=${token}`));
    expect(afterUse.status).toBe(400);
    expect(afterUse.data.valid).toBe(false);
  });

  it("answers an unknown email exactly like a known one and sends nothing", async () => {
    const known = makeUser();
    const ghost = await forgot("ghost@example.test");
    const real = await forgot(known.email);
    expect(ghost.status).toBe(real.status);
    expect(JSON.stringify(ghost.data).replace("ghost@example.test", "X")).toBe(JSON.stringify(real.data).replace(known.email, "X"));
    expect(ghost.data.sent).toBe(true);
    expect(lastEmailTo("ghost@example.test")).toBeUndefined();
    expect(lastEmailTo(known.email)).toBeDefined();
  });

  it("shows a clear page for an unknown or expired link", async () => {
    expect((await run(resetLoader, getRequest("/reset-password?token=nonsense"))).status).toBe(400);
    const user = makeUser();
    const capture = captureSentEmails();
    await forgot(user.email);
    capture.stop();
    const token = /token=([a-z2-7]{32})/.exec(capture.to(user.email)[0]!)![1]!;
    db.update(passwordTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(passwordTokens.id, hashToken(token)))
      .run();
    const expired = await run(resetLoader, getRequest(`/reset-password?token=${token}`));
    expect(expired.status).toBe(400);
    expect(expired.data.valid).toBe(false);
  });
});
