import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "../../db/schema";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as usersAction } from "~/routes/admin.users._index";
import { createAssociation } from "~/models/association.server";
import { attachPartnerStaff, createPartner } from "~/models/partner.server";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { TEST_PASSWORD, cookieFor, getRequest, makeUser, postRequest, replyErrors, run } from "../helpers";

const login = (email: string, password: string, ip = "198.51.100.1", lang = "en") =>
  run(loginAction, postRequest("/login", { email, password }, { headers: { "Accept-Language": lang } }), {}, ip);

describe("log in and out", () => {
  it("starts a new session on every login and sends the admin to the admin area", async () => {
    const admin = makeUser("admin");
    const first = await login(admin.email.toUpperCase(), TEST_PASSWORD);
    const second = await login(admin.email, TEST_PASSWORD);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/admin");
    const token = (o: typeof first) => /tamkeen_session=([^;]+)/.exec(o.headers.get("Set-Cookie")!)![1];
    expect(token(first)).not.toBe(token(second));
    expect(db.select().from(sessions).where(eq(sessions.userId, admin.id)).all()).toHaveLength(2);
  });

  it("sends each person to the area of their role: trainer, coordinator, partner (funder), learner", async () => {
    const association = createAssociation({
      name: "Login Test Association",
      regionCode: "RSK",
      city: "Salé",
      foundingYear: null,
      focusAreas: [],
      contactEmail: null,
      status: "active",
    })!;
    const trainer = makeUser("trainer");
    const coordinator = makeUser("coordinator", { associationId: association.id });
    const partnerStaff = makeUser("learner");
    expect(attachPartnerStaff(createPartner("Fondation Login")!.id, partnerStaff.email)).toBe("attached");
    const learner = makeUser();
    const landing = async (email: string) => (await login(email, TEST_PASSWORD)).headers.get("Location");
    expect(await landing(trainer.email)).toBe("/trainer");
    expect(await landing(coordinator.email)).toBe("/coordinator");
    expect(await landing(partnerStaff.email)).toBe("/partner");
    expect(await landing(learner.email)).toBe("/account");
  });

  it("only follows local redirects after login", async () => {
    const user = makeUser();
    const outcome = await run(loginAction, postRequest("/login", { email: user.email, password: TEST_PASSWORD, redirectTo: "//evil.example/" }));
    expect(outcome.headers.get("Location")).toBe("/account");
  });

  it("logout deletes the session row and clears the cookie", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    const outcome = await run(logoutAction, postRequest("/logout", {}, { cookie }));
    expect(outcome.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(0);
    expect(await getUser(getRequest("/", { cookie }))).toBeNull();
  });
});

describe("login throttling", () => {
  const throttle = (outcome: Awaited<ReturnType<typeof login>>) => JSON.parse(replyErrors(outcome)[""]![0]!);

  it("refuses the 6th attempt for an email from one address after 5 failures, even with the right password, and says when to retry", async () => {
    const user = makeUser();
    for (let i = 0; i < 5; i++) {
      const outcome = await login(user.email, "wrong password", "192.0.2.1");
      expect(outcome.status).toBe(400);
      expect(replyErrors(outcome)[""]).toEqual(["login.invalid"]);
    }
    const blocked = await login(user.email, TEST_PASSWORD, "192.0.2.1", "ar");
    expect(blocked.status).toBe(429);
    const message = throttle(blocked);
    expect(message.key).toBe("login.throttled");
    expect(message.count).toBeGreaterThanOrEqual(14);
    expect(message.count).toBeLessThanOrEqual(15);
    expect(message.time).toMatch(/^\d{2}:\d{2}$/);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(800);
    // The password is never sent back to the form.
    expect(JSON.stringify(blocked.data)).not.toContain(TEST_PASSWORD);
  });

  it("does not lock the owner out when a stranger fails from elsewhere", async () => {
    const user = makeUser();
    for (let i = 0; i < 8; i++) await login(user.email, "wrong password", "192.0.2.66");
    expect((await login(user.email, TEST_PASSWORD, "192.0.2.66")).status).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, "192.0.2.67")).status).toBe(302);
  });

  it("refuses an email after 30 failures from many addresses within the hour", async () => {
    const user = makeUser();
    for (let i = 0; i < 30; i++) await login(user.email, "wrong password", `198.18.0.${i + 1}`);
    expect((await login(user.email, TEST_PASSWORD, "198.18.1.1")).status).toBe(429);
  });

  it("refuses an address after 50 failures across different emails", async () => {
    const ip = "203.0.113.200";
    for (let i = 0; i < 50; i++) await login(`nobody${i}@example.test`, "whatever-it-is", ip);
    const user = makeUser();
    expect((await login(user.email, TEST_PASSWORD, ip)).status).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, "203.0.113.201")).status).toBe(302);
  });
});

describe("disabled accounts", () => {
  it("cannot log in, and their sessions die when an admin disables them", async () => {
    const admin = makeUser("admin");
    const learner = makeUser();
    const learnerSession = await cookieFor(learner.id);
    expect((await getUser(getRequest("/", { cookie: learnerSession.cookie })))?.id).toBe(learner.id);

    const adminSession = await cookieFor(admin.id);
    const outcome = await run(usersAction, postRequest("/admin/users", { intent: "disable", userId: String(learner.id) }, { cookie: adminSession.cookie }));
    expect(outcome.status).toBe(200);

    expect(await getUser(getRequest("/", { cookie: learnerSession.cookie }))).toBeNull();
    const attempt = await login(learner.email, TEST_PASSWORD);
    expect(attempt.status).toBe(403);
    expect(replyErrors(attempt)[""]).toEqual(["login.disabled"]);
  });
});
