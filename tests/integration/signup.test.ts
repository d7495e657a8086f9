import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, users } from "../../db/schema";
import { action as signupAction } from "~/routes/signup";
import { db } from "~/utils/db.server";
import { makeUser, postRequest, replyErrors, run } from "../helpers";

const valid = {
  displayName: "Khadija Benali",
  email: "Khadija@Example.ma",
  password: "une phrase assez longue",
  associationId: "none",
  regionCode: "BMK",
};

const userCount = () => db.select({ n: count() }).from(users).get()!.n;

describe("sign up", () => {
  it("creates a learner with a lower-cased email, an argon2id hash and a session", async () => {
    const before = userCount();
    const outcome = await run(signupAction, postRequest("/signup", valid, { headers: { "Accept-Language": "fr-FR,fr;q=0.9" } }));
    expect(outcome.status).toBe(302);
    expect(outcome.headers.get("Location")).toBe("/account?welcome=1");
    expect(outcome.headers.get("Set-Cookie")).toMatch(/tamkeen_session=.+; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax/);
    expect(userCount()).toBe(before + 1);
    const user = db.select().from(users).where(eq(users.email, "khadija@example.ma")).get()!;
    expect(user.role).toBe("learner");
    expect(user.locale).toBe("fr");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(db.select({ n: count() }).from(sessions).where(eq(sessions.userId, user.id)).get()!.n).toBe(1);
  });

  it("refuses an email already used, whatever its letter case, and stores nothing", async () => {
    makeUser("learner", { email: "taken@example.ma" });
    const before = userCount();
    const outcome = await run(signupAction, postRequest("/signup", { ...valid, email: "TAKEN@example.MA" }));
    expect(outcome.status).toBe(400);
    expect(replyErrors(outcome).email).toEqual(["errors.emailTaken"]);
    expect(userCount()).toBe(before);
  });

  const badInputs: [string, Record<string, string>, string, string][] = [
    ["an invalid email", { email: "not-an-email" }, "email", "errors.emailInvalid"],
    ["a short password", { password: "short" }, "password", "errors.passwordTooShort"],
    ["an empty name", { displayName: "   " }, "displayName", "errors.required"],
    ["a 10,000-character name", { displayName: "ا".repeat(10_000) }, "displayName", "errors.tooLong"],
    ["a right-to-left override in the name", { displayName: "Ali\u202Egnp.exe" }, "displayName", "errors.invalidCharacters"],
    ["a bidi isolate in the name", { displayName: "Ali \u2066x\u2069" }, "displayName", "errors.invalidCharacters"],
    ["a control character in the name", { displayName: "Ali\u0007" }, "displayName", "errors.invalidCharacters"],
    ["an unknown region", { regionCode: "XXX" }, "regionCode", "errors.invalidChoice"],
    ["a tampered association", { associationId: "abc" }, "associationId", "errors.invalidChoice"],
    ["an association that does not exist", { associationId: "999999" }, "associationId", "errors.invalidChoice"],
  ];

  for (const [label, override, field, message] of badInputs) {
    it(`answers ${label} with 400 and a message next to the field, storing nothing`, async () => {
      const before = userCount();
      const outcome = await run(
        signupAction,
        postRequest("/signup", { ...valid, email: `bad${Math.random()}@example.ma`, ...override }),
        {},
        `198.51.100.${Math.floor(Math.random() * 250)}`,
      );
      expect(outcome.status).toBe(400);
      expect(replyErrors(outcome)[field]).toEqual([message]);
      // The other values come back to refill the form; the password never does.
      expect(outcome.data.result.initialValue.regionCode).toBe(override.regionCode ?? valid.regionCode);
      expect(outcome.data.result.initialValue.password).toBeUndefined();
      expect(JSON.stringify(outcome.data)).not.toContain(valid.password);
      expect(userCount()).toBe(before);
    });
  }

  it("answers a form with missing fields with 400, not 500", async () => {
    const outcome = await run(signupAction, postRequest("/signup", {}));
    expect(outcome.status).toBe(400);
    expect(Object.keys(replyErrors(outcome)).sort()).toEqual(["associationId", "displayName", "email", "password", "regionCode"]);
  });
});
