import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { associations, outbox, users } from "../../db/schema";
import { action as newAssociation } from "~/routes/admin.associations.new";
import { action as editAssociation } from "~/routes/admin.associations.$id";
import { loader as associationsLoader } from "~/routes/admin.associations._index";
import { action as usersAction, loader as usersLoader } from "~/routes/admin.users._index";
import { action as inviteAction } from "~/routes/admin.users.new";
import { loader as resetLoader } from "~/routes/reset-password";
import { db } from "~/utils/db.server";
import { captureSentEmails, cookieFor, getRequest, makeUser, postRequest, replyErrors, run } from "../helpers";

async function adminCookie() {
  return (await cookieFor(makeUser("admin").id)).cookie;
}

const association = {
  name: "جمعية النور للشباب",
  regionCode: "FME",
  city: "Fès",
  foundingYear: "2024",
  focusAreas: "شباب، ثقافة, sport",
  contactEmail: "nour@example.ma",
  status: "active",
};

describe("admin: associations", () => {
  it("creates an association with its focus areas and filters by region", async () => {
    const cookie = await adminCookie();
    const created = await run(newAssociation, postRequest("/admin/associations/new", association, { cookie }));
    expect(created.status).toBe(302);
    const row = db.select().from(associations).where(eq(associations.name, association.name)).get()!;
    expect(row.focusAreas).toEqual(["شباب", "ثقافة", "sport"]);
    expect(row.foundingYear).toBe(2024);
    const listed = await run(associationsLoader, getRequest("/admin/associations?region=FME", { cookie }));
    expect(listed.data.associations.map((a: { name: string }) => a.name)).toContain(association.name);
    const other = await run(associationsLoader, getRequest("/admin/associations?region=TTA", { cookie }));
    expect(other.data.associations.map((a: { name: string }) => a.name)).not.toContain(association.name);
  });

  it("refuses a duplicate name (any case), a bad year, a bad region and a bad email with 400", async () => {
    const cookie = await adminCookie();
    await run(newAssociation, postRequest("/admin/associations/new", { ...association, name: "Association Atlas" }, { cookie }));
    const before = db.select({ n: count() }).from(associations).get()!.n;
    const dup = await run(newAssociation, postRequest("/admin/associations/new", { ...association, name: "ASSOCIATION atlas" }, { cookie }));
    expect(dup.status).toBe(400);
    expect(replyErrors(dup).name).toEqual(["errors.associationExists"]);
    const bad = await run(
      newAssociation,
      postRequest("/admin/associations/new", { ...association, name: "Other", foundingYear: "1700", regionCode: "ZZZ", contactEmail: "nope" }, { cookie }),
    );
    expect(bad.status).toBe(400);
    expect(replyErrors(bad)).toMatchObject({
      foundingYear: ["errors.yearInvalid"],
      regionCode: ["errors.invalidChoice"],
      contactEmail: ["errors.emailInvalid"],
    });
    expect(db.select({ n: count() }).from(associations).get()!.n).toBe(before);
  });

  it("edits an association and answers an unknown id with 404", async () => {
    const cookie = await adminCookie();
    await run(newAssociation, postRequest("/admin/associations/new", { ...association, name: "Assoc Edit Me" }, { cookie }));
    const row = db.select().from(associations).where(eq(associations.name, "Assoc Edit Me")).get()!;
    const edited = await run(
      editAssociation,
      postRequest(`/admin/associations/${row.id}`, { ...association, name: "Assoc Edited", status: "inactive" }, { cookie }),
      { id: String(row.id) },
    );
    expect(edited.status).toBe(302);
    expect(db.select().from(associations).where(eq(associations.id, row.id)).get()!.status).toBe("inactive");
    const missing = await run(editAssociation, postRequest("/admin/associations/99999", { ...association, name: "X" }, { cookie }), { id: "99999" });
    expect(missing.status).toBe(404);
    const junk = await run(editAssociation, postRequest("/admin/associations/abc", association, { cookie }), { id: "abc" });
    expect(junk.status).toBe(404);
  });
});

describe("admin: users", () => {
  it("changes a role, searches and filters", async () => {
    const cookie = await adminCookie();
    const learner = makeUser("learner", { displayName: "Rachid Searchable" });
    const outcome = await run(usersAction, postRequest("/admin/users", { intent: "role", userId: String(learner.id), role: "trainer" }, { cookie }));
    expect(outcome.status).toBe(200);
    expect(db.select().from(users).where(eq(users.id, learner.id)).get()!.role).toBe("trainer");
    const found = await run(usersLoader, getRequest("/admin/users?q=searchable&role=trainer", { cookie }));
    expect(found.data.users.map((u: { id: number }) => u.id)).toEqual([learner.id]);
    const none = await run(usersLoader, getRequest("/admin/users?q=searchable&role=learner", { cookie }));
    expect(none.data.users).toHaveLength(0);
    const junk = await run(usersLoader, getRequest("/admin/users?role=pirate&page=-3&association=x", { cookie }));
    expect(junk.status).toBe(200);
  });

  it("does not let an admin demote or disable themselves", async () => {
    const admin = makeUser("admin");
    const { cookie } = await cookieFor(admin.id);
    const demote = await run(usersAction, postRequest("/admin/users", { intent: "role", userId: String(admin.id), role: "learner" }, { cookie }));
    expect(demote.status).toBe(409);
    const disable = await run(usersAction, postRequest("/admin/users", { intent: "disable", userId: String(admin.id) }, { cookie }));
    expect(disable.status).toBe(409);
    expect(db.select().from(users).where(eq(users.id, admin.id)).get()).toMatchObject({ role: "admin", disabled: false });
  });

  it("answers tampered actions with 4xx", async () => {
    const cookie = await adminCookie();
    expect((await run(usersAction, postRequest("/admin/users", { intent: "role", userId: "1", role: "overlord" }, { cookie }))).status).toBe(400);
    expect((await run(usersAction, postRequest("/admin/users", { intent: "explode" }, { cookie }))).status).toBe(400);
    expect((await run(usersAction, postRequest("/admin/users", { intent: "disable", userId: "987654" }, { cookie }))).status).toBe(404);
  });

  it("invites a user: account without password, invitation email in their language with a working link", async () => {
    const cookie = await adminCookie();
    const capture = captureSentEmails();
    const outcome = await run(
      inviteAction,
      postRequest(
        "/admin/users/new",
        { displayName: "Hassan Trainer", email: "Hassan@Example.ma", role: "trainer", associationId: "none", locale: "fr" },
        { cookie },
      ),
    );
    capture.stop();
    expect(outcome.status).toBe(302);
    const invited = db.select().from(users).where(eq(users.email, "hassan@example.ma")).get()!;
    expect(invited).toMatchObject({ role: "trainer", passwordHash: null, locale: "fr" });
    const email = db.select().from(outbox).where(eq(outbox.to, "hassan@example.ma")).get()!;
    expect(email.kind).toBe("invite");
    expect(email.subject).toContain("votre compte est prêt");
    // Stored without its link; the email handed out has the working one.
    expect(email.text).toContain("token=[redacted]");
    const token = /token=([a-z2-7]{32})/.exec(capture.to("hassan@example.ma")[0]!)![1];
    const page = await run(resetLoader, getRequest(`/reset-password?token=${token}`));
    expect(page.data).toMatchObject({ valid: true, purpose: "invite" });
    const again = await run(
      inviteAction,
      postRequest("/admin/users/new", { displayName: "Other", email: "HASSAN@example.ma", role: "learner", associationId: "none", locale: "ar" }, { cookie }),
    );
    expect(again.status).toBe(400);
    expect(replyErrors(again).email).toEqual(["errors.emailTakenOther"]);
  });
});
