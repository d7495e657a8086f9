import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, users } from "../../db/schema";
import { associationSchema } from "~/components/association-form";
import { createAssociation } from "~/models/association.server";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { action as inviteAction, loader as inviteLoader } from "~/routes/admin.users.new";
import { action as signupAction, loader as signupLoader } from "~/routes/signup";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { TEST_PASSWORD, cookieFor, getRequest, makeUser, postRequest, replyErrors, run } from "../helpers";

const userRow = (id: number) => db.select().from(users).where(eq(users.id, id)).get()!;
const outboxRows = () => db.select({ n: count() }).from(outbox).get()!.n;

let n = 0;
function association(status: "active" | "pending" | "inactive") {
  n += 1;
  return createAssociation({
    name: `Association ${status} ${n} ${Date.now()}`,
    regionCode: "ORI",
    city: "Oujda",
    foundingYear: 2020,
    focusAreas: [],
    contactEmail: null,
    status,
  })!;
}

describe("changing the email", () => {
  it("asks for the current password, takes effect, and tells the OLD address", async () => {
    const user = makeUser("learner", { locale: "fr", displayName: "Yasmine Old" });
    const { cookie } = await cookieFor(user.id);
    const outcome = await run(
      accountAction,
      postRequest("/account", { intent: "email", email: "Yasmine.New@Example.MA", currentPassword: TEST_PASSWORD }, { cookie }),
    );
    expect(outcome.status).toBe(200);
    expect(outcome.data.saved).toBe("email");
    expect(userRow(user.id).email).toBe("yasmine.new@example.ma");
    // Still signed in; the account page shows the new address.
    expect((await run(accountLoader, getRequest("/account", { cookie }))).data.user.email).toBe("yasmine.new@example.ma");
    const notice = db.select().from(outbox).where(eq(outbox.to, user.email)).all().at(-1)!;
    expect(notice.kind).toBe("email-changed");
    expect(notice.locale).toBe("fr");
    expect(notice.subject).toContain("adresse e-mail de votre compte a changé");
    expect(notice.text).toContain("yasmine.new@example.ma");
    expect(notice.text).toContain("Yasmine Old");
    expect(db.select().from(outbox).where(eq(outbox.to, "yasmine.new@example.ma")).all()).toHaveLength(0);
  });

  it("a wrong or missing password is a field error and changes nothing", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    const before = outboxRows();
    const wrong = await run(
      accountAction,
      postRequest("/account", { intent: "email", email: "thief@example.ma", currentPassword: "not the password" }, { cookie }),
      {},
      "192.0.2.31",
    );
    expect(wrong.status).toBe(400);
    expect(replyErrors(wrong)).toEqual({ currentPassword: ["errors.wrongPassword"] });
    // The typed email comes back; the password does not.
    expect(wrong.data.result.initialValue).toEqual({ intent: "email", email: "thief@example.ma" });
    const missing = await run(accountAction, postRequest("/account", { intent: "email", email: "thief@example.ma" }, { cookie }));
    expect(missing.status).toBe(400);
    expect(replyErrors(missing).currentPassword).toEqual(["errors.required"]);
    expect(userRow(user.id).email).toBe(user.email);
    expect(outboxRows()).toBe(before);
  });

  it("refuses an address another account uses, and the address already in use by this one", async () => {
    const user = makeUser();
    const other = makeUser();
    const { cookie } = await cookieFor(user.id);
    const taken = await run(
      accountAction,
      postRequest("/account", { intent: "email", email: other.email.toUpperCase(), currentPassword: TEST_PASSWORD }, { cookie }),
    );
    expect(taken.status).toBe(400);
    expect(replyErrors(taken).email).toEqual(["errors.emailTakenOther"]);
    const same = await run(accountAction, postRequest("/account", { intent: "email", email: user.email, currentPassword: TEST_PASSWORD }, { cookie }));
    expect(replyErrors(same).email).toEqual(["errors.emailUnchanged"]);
    expect(userRow(user.id).email).toBe(user.email);
  });

  it("changing the password still ends the other sessions", async () => {
    const user = makeUser();
    const here = await cookieFor(user.id);
    const elsewhere = await cookieFor(user.id);
    const outcome = await run(
      accountAction,
      postRequest(
        "/account",
        { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "phrase toute neuve", confirmPassword: "phrase toute neuve" },
        { cookie: here.cookie },
      ),
    );
    expect(outcome.data.saved).toBe("password");
    expect(await getUser(getRequest("/", { cookie: elsewhere.cookie }))).toBeNull();
    expect(await getUser(getRequest("/", { cookie: here.cookie }))).not.toBeNull();
  });
});

const profile = {
  intent: "profile",
  displayName: "Omar Profile",
  nameArabic: "عمر",
  nameLatin: "Omar",
  associationId: "none",
  regionCode: "ORI",
  locale: "fr",
};

describe("the profile form", () => {
  it("saves, sets the language cookie, and gives typed values back on error", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    const saved = await run(accountAction, postRequest("/account", profile, { cookie }));
    expect(saved.status).toBe(200);
    expect(saved.headers.get("Set-Cookie")).toContain("tamkeen_lng=");
    expect(userRow(user.id)).toMatchObject({
      displayName: "Omar Profile",
      nameArabic: "عمر",
      nameLatin: "Omar",
      regionCode: "ORI",
      locale: "fr",
      associationId: null,
    });
    const bad = await run(accountAction, postRequest("/account", { ...profile, displayName: "Omar Changed", nameLatin: "عمر" }, { cookie }));
    expect(bad.status).toBe(400);
    expect(replyErrors(bad)).toEqual({ nameLatin: ["errors.latinScriptOnly"] });
    expect(bad.data.result.initialValue.displayName).toBe("Omar Changed");
    expect(userRow(user.id).displayName).toBe("Omar Profile");
  });

  it("accepts an Arabic name written with short vowels and shadda", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    const outcome = await run(accountAction, postRequest("/account", { ...profile, nameArabic: "مُحَمَّد الإدريسي" }, { cookie }));
    expect(outcome.status).toBe(200);
    expect(userRow(user.id).nameArabic).toBe("مُحَمَّد الإدريسي");
  });

  it("an unknown intent is a 400, nothing saved", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    const outcome = await run(accountAction, postRequest("/account", { ...profile, intent: "delete-everything" }, { cookie }));
    expect(outcome.status).toBe(400);
    expect(userRow(user.id).displayName).toBe(user.displayName);
  });
});

describe("associations a person may choose", () => {
  it("only active ones are offered, and a forged pending, inactive or unknown id is refused everywhere, nothing saved", async () => {
    const active = association("active");
    const pending = association("pending");
    const inactive = association("inactive");
    const offered = (await run(signupLoader, getRequest("/signup"))).data.associations.map((a: { id: number }) => a.id);
    expect(offered).toContain(active.id);
    expect(offered).not.toContain(pending.id);
    expect(offered).not.toContain(inactive.id);

    const admin = await cookieFor(makeUser("admin").id);
    const inviteOffered = (await run(inviteLoader, getRequest("/admin/users/new", { cookie: admin.cookie }))).data.associations.map(
      (a: { id: number }) => a.id,
    );
    expect(inviteOffered).toEqual(expect.arrayContaining([active.id]));
    expect(inviteOffered).not.toContain(pending.id);

    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    for (const forged of [pending.id, inactive.id, 987654]) {
      const before = db.select({ n: count() }).from(users).get()!.n;
      const signup = await run(
        signupAction,
        postRequest("/signup", {
          displayName: "Forger",
          email: `forger${forged}@example.ma`,
          password: "une phrase assez longue",
          associationId: String(forged),
          regionCode: "ORI",
        }),
        {},
        `192.0.2.${forged % 200}`,
      );
      expect(signup.status).toBe(400);
      expect(replyErrors(signup).associationId).toEqual(["errors.invalidChoice"]);
      expect(db.select({ n: count() }).from(users).get()!.n).toBe(before);

      const account = await run(accountAction, postRequest("/account", { ...profile, associationId: String(forged) }, { cookie }));
      expect(account.status).toBe(400);
      expect(replyErrors(account).associationId).toEqual(["errors.invalidChoice"]);
      expect(userRow(user.id).associationId).toBeNull();

      const invite = await run(
        inviteAction,
        postRequest(
          "/admin/users/new",
          { displayName: "Forged Invite", email: `invite${forged}@example.ma`, role: "learner", associationId: String(forged), locale: "ar" },
          { cookie: admin.cookie },
        ),
      );
      expect(invite.status).toBe(400);
      expect(replyErrors(invite).associationId).toEqual(["errors.invalidChoice"]);
      expect(db.select({ n: count() }).from(users).get()!.n).toBe(before);
    }
    // An active one is accepted.
    expect((await run(accountAction, postRequest("/account", { ...profile, associationId: String(active.id) }, { cookie }))).status).toBe(200);
    expect(userRow(user.id).associationId).toBe(active.id);
  });

  it("a member of an association that became inactive keeps it when saving the profile, and sees it offered", async () => {
    const later = association("inactive");
    const user = makeUser("learner", { associationId: later.id });
    const { cookie } = await cookieFor(user.id);
    const page = await run(accountLoader, getRequest("/account", { cookie }));
    expect(page.data.associations.map((a: { id: number }) => a.id)).toContain(later.id);
    const outcome = await run(accountAction, postRequest("/account", { ...profile, associationId: String(later.id) }, { cookie }));
    expect(outcome.status).toBe(200);
    expect(userRow(user.id).associationId).toBe(later.id);
  });
});

const invisible: [string, string][] = [
  ["U+061C Arabic letter mark", "\u061C"],
  ["U+200B zero-width space", "\u200B"],
  ["U+200C zero-width non-joiner", "\u200C"],
  ["U+200D zero-width joiner", "\u200D"],
  ["U+2060 word joiner", "\u2060"],
  ["U+FEFF zero-width no-break space", "\uFEFF"],
  ["U+00AD soft hyphen", "\u00AD"],
  ["U+200E left-to-right mark", "\u200E"],
  ["U+202E right-to-left override", "\u202E"],
  ["U+2067 right-to-left isolate", "\u2067"],
  ["U+0007 bell", "\u0007"],
  ["U+0009 tab", "\t"],
  ["U+0085 next line", "\u0085"],
  ["U+2028 line separator", "\u2028"],
  ["U+2029 paragraph separator", "\u2029"],
  ["U+3164 Hangul filler", "\u3164"],
  ["U+E0041 tag letter", "\u{E0041}"],
];

describe("names refuse invisible characters", () => {
  for (const [label, char] of invisible) {
    it(`${label}, in every name field, with the translated message and nothing saved`, async () => {
      const user = makeUser("learner", { nameArabic: "سناء", nameLatin: "Sanaa" });
      const { cookie } = await cookieFor(user.id);
      const fields: [string, string][] = [
        ["displayName", `Sanaa${char} Idrissi`],
        ["nameArabic", `سناء${char}`],
        ["nameLatin", `${char}Sanaa`],
      ];
      for (const [field, value] of fields) {
        const outcome = await run(accountAction, postRequest("/account", { ...profile, [field]: value }, { cookie }));
        expect(outcome.status, field).toBe(400);
        expect(replyErrors(outcome), field).toEqual({ [field]: ["errors.invalidCharacters"] });
      }
      expect(userRow(user.id)).toMatchObject({ displayName: user.displayName, nameArabic: "سناء", nameLatin: "Sanaa" });

      const signup = await run(
        signupAction,
        postRequest("/signup", {
          displayName: `${char}`,
          email: `inv${Math.random()}@example.ma`,
          password: "une phrase assez longue",
          associationId: "none",
          regionCode: "ORI",
        }),
        {},
        "192.0.2.99",
      );
      expect(replyErrors(signup).displayName).toEqual(["errors.invalidCharacters"]);

      // The association form's name (admin) uses the same rule.
      const parsed = associationSchema.safeParse({ name: `Jeunesse${char}Atlas`, regionCode: "ORI", city: "Oujda", status: "active" });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.find((i) => i.path[0] === "name")?.message).toBe("errors.invalidCharacters");
    });
  }

  it("names made only of combining marks, or of spaces and marks, are refused; ordinary and no-break spaces are fine", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    for (const [field, value] of [
      ["displayName", "\u0301\u0301"],
      ["nameArabic", "\u064E\u0651 \u064B"],
      ["nameLatin", " \u0300 "],
    ] as const) {
      const outcome = await run(accountAction, postRequest("/account", { ...profile, [field]: value }, { cookie }));
      expect(replyErrors(outcome), field).toEqual({ [field]: ["errors.invalidCharacters"] });
    }
    const fine = await run(accountAction, postRequest("/account", { ...profile, displayName: "  Zoë\u00A0 Ben   Ali " }, { cookie }));
    expect(fine.status).toBe(200);
    expect(userRow(user.id).displayName).toBe("Zoë Ben Ali");
  });
});
