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
import { TEST_PASSWORD, cookieFor, getRequest, makeUser, postRequest, run } from "../helpers";

function lastEmailTo(email: string) {
  return db.select().from(outbox).where(eq(outbox.to, email)).all().at(-1);
}

describe("change password", () => {
  it("revokes the user's other sessions and keeps the current one", async () => {
    const user = makeUser();
    const phone = await cookieFor(user.id);
    const laptop = await cookieFor(user.id);
    const outcome = await run(
      accountAction,
      postRequest("/account", { intent: "password", currentPassword: TEST_PASSWORD, password: "a brand new passphrase", confirm: "a brand new passphrase" }, { cookie: laptop.cookie }),
    );
    expect(outcome.status).toBe(200);
    expect(outcome.data.saved).toBe("password");
    expect(await getUser(getRequest("/", { cookie: laptop.cookie }))).not.toBeNull();
    expect(await getUser(getRequest("/", { cookie: phone.cookie }))).toBeNull();
    const stored = db.select().from(users).where(eq(users.id, user.id)).get()!;
    expect(await verifyPassword(stored.passwordHash, "a brand new passphrase")).toBe(true);
  });

  it("refuses a wrong current password and changes nothing", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    const outcome = await run(accountAction, postRequest("/account", { intent: "password", currentPassword: "not it at all", password: "another passphrase", confirm: "another passphrase" }, { cookie }));
    expect(outcome.status).toBe(400);
    expect(outcome.data.errors.currentPassword).toBe("errors.wrongPassword");
    expect(await verifyPassword(db.select().from(users).where(eq(users.id, user.id)).get()!.passwordHash, TEST_PASSWORD)).toBe(true);
  });
});

describe("sessions", () => {
  it("store only the SHA-256 of the token and slide their expiry when half used", async () => {
    const user = makeUser();
    const { token } = await cookieFor(user.id);
    const row = db.select().from(sessions).where(eq(sessions.id, hashToken(token))).get()!;
    expect(row.id).not.toContain(token);
    db.update(sessions).set({ expiresAt: new Date(Date.now() + 5 * 24 * 3600 * 1000) }).where(eq(sessions.id, row.id)).run();
    const validated = validateSessionToken(token);
    expect(validated.refreshed).toBe(true);
    expect(validated.session!.expiresAt.getTime()).toBeGreaterThan(Date.now() + SESSION_LIFETIME - 60_000);
  });

  it("are refused and deleted once expired", async () => {
    const user = makeUser();
    const { token } = await cookieFor(user.id);
    db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, hashToken(token))).run();
    expect(validateSessionToken(token).user).toBeNull();
    expect(db.select().from(sessions).where(eq(sessions.id, hashToken(token))).get()).toBeUndefined();
  });
});

describe("forgotten password", () => {
  it("emails a single-use link in the user's language, valid one hour, that sets the password and ends old sessions", async () => {
    const user = makeUser("learner", { locale: "ar" });
    const old = await cookieFor(user.id);
    const sent = await run(forgotAction, postRequest("/forgot-password", { email: user.email.toUpperCase() }));
    expect(sent.data.ok).toBe(true);
    const email = lastEmailTo(user.email)!;
    expect(email.locale).toBe("ar");
    expect(email.html).toContain('dir="rtl"');
    expect(email.subject).toContain("كلمة مرور");
    const token = /reset-password\?token=([a-z2-7]+)/.exec(email.text)![1];
    const stored = db.select().from(passwordTokens).where(eq(passwordTokens.id, hashToken(token))).get()!;
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60 * 1000);
    expect(stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60 * 1000);

    expect((await run(resetLoader, getRequest(`/reset-password?token=${token}`))).data.valid).toBe(true);
    const reset = await run(resetAction, postRequest("/reset-password", { token, password: "my new long password", confirm: "my new long password" }));
    expect(reset.status).toBe(302);
    expect(await getUser(getRequest("/", { cookie: old.cookie }))).toBeNull();

    const again = await run(resetAction, postRequest("/reset-password", { token, password: "yet another password", confirm: "yet another password" }));
    expect(again.status).toBe(400);
    const afterUse = await run(resetLoader, getRequest(`/reset-password?token=${token}`));
    expect(afterUse.status).toBe(400);
    expect(afterUse.data.valid).toBe(false);
  });

  it("answers an unknown email exactly like a known one and sends nothing", async () => {
    const outcome = await run(forgotAction, postRequest("/forgot-password", { email: "ghost@example.test" }));
    expect(outcome.data.ok).toBe(true);
    expect(lastEmailTo("ghost@example.test")).toBeUndefined();
  });

  it("shows a clear page for an unknown or expired link", async () => {
    expect((await run(resetLoader, getRequest("/reset-password?token=nonsense"))).status).toBe(400);
    const user = makeUser();
    await run(forgotAction, postRequest("/forgot-password", { email: user.email }));
    const token = /token=([a-z2-7]+)/.exec(lastEmailTo(user.email)!.text)![1];
    db.update(passwordTokens).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(passwordTokens.id, hashToken(token))).run();
    const expired = await run(resetLoader, getRequest(`/reset-password?token=${token}`));
    expect(expired.status).toBe(400);
    expect(expired.data.valid).toBe(false);
  });
});
