import "../fixtures/world-env";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { enrolments, users } from "../../db/schema";
import { issueCertificate, revokeCertificate } from "~/models/certificate.server";
import { enrol } from "~/models/enrolment.server";
import { closeOffering, saveOffering } from "~/models/offering.server";
import { markLessonComplete, recordQuizAttempt } from "~/models/progress.server";
import { reviewSubmission, saveSubmission } from "~/models/submission.server";
import * as coordinatorRoute from "~/routes/coordinator";
import * as adminUsers from "~/routes/admin.users._index";
import { action as loginAction } from "~/routes/login";
import * as inviteUser from "~/routes/admin.users.new";
import * as account from "~/routes/account";
import { db, sqlite } from "~/utils/db.server";
import { associationOverview } from "~/models/coordinator.server";
import { createAssociation } from "~/models/association.server";
import { buildWorld, fingerprint, fingerprintDiff, rolledBack, settle, type World } from "../fixtures/world";
import { TEST_PASSWORD, cookieFor, getRequest, makeUser, postRequest, replyErrors, run, type Outcome } from "../helpers";

/**
 * The shared world (association A: a certified learner, one half-way, one who has not started, one who left; association
 * B: one waitlisted in A's offering, one half-way in B's offering), plus B's own coordinator and a B member whose
 * certificate was revoked. Each coordinator sees exactly their members; enrolment goes through the seat rules.
 */

const DAY = 86_400_000;
let w: World;
let coordinatorB: ReturnType<typeof makeUser>;
let rania: ReturnType<typeof makeUser>;
let revokedCode: string;
const cookies = {} as Record<"a" | "b" | "admin" | "learner" | "trainer", string>;

beforeAll(async () => {
  w = await buildWorld();
  const { lesson1, lesson2 } = w.course;
  coordinatorB = makeUser("coordinator", { displayName: "Coordinateur Atlas", associationId: w.associations.b.id });
  // Completed offering B, certified, then the certificate was revoked.
  rania = makeUser("learner", { displayName: "Rania", nameArabic: "رانية", nameLatin: "Rania Idrissi", associationId: w.associations.b.id });
  const e = enrol(w.offerings.b, rania.id).enrolment;
  markLessonComplete(e.id, lesson1.id);
  for (const lesson of [lesson1, lesson2])
    for (const quizId of lesson.quizIds) recordQuizAttempt({ enrolmentId: e.id, lessonId: lesson.id, quizId, answers: {}, score: 100, passMark: 60 });
  const sent = saveSubmission({ enrolmentId: e.id, lessonId: lesson2.id, exerciseId: "plan", answer: "Plan", file: null })!;
  reviewSubmission(sent.id, w.users.otherTrainer.id, "accepted", "Bien", sent.version);
  markLessonComplete(e.id, lesson2.id);
  const issued = issueCertificate(e.id, "ar-fr", w.users.admin.id);
  if (issued.status !== "issued") throw new Error(`not issued: ${issued.status}`);
  revokeCertificate(issued.certificate.id, w.offerings.b, w.users.admin.id, "issued-in-error", null);
  revokedCode = issued.certificate.code;
  await settle();
  cookies.a = w.cookies.coordinator;
  cookies.b = (await cookieFor(coordinatorB.id)).cookie;
  cookies.admin = w.cookies.admin;
  cookies.learner = w.cookies.learner;
  cookies.trainer = w.cookies.trainer;
}, 60_000);

const page = (cookie: string, query = "") => run(coordinatorRoute.loader, getRequest(`/coordinator${query}`, { cookie }));

type Shown = {
  name: string;
  enrolments: { course: string; period: string; status: string; complete: boolean; lessonsDone: number; lessonsTotal: number }[];
  certificates: { code: string; revoked: boolean }[];
};
/** Each member as the page states them: name → "period status lessons" per enrolment, and certificates. */
function shown(outcome: Outcome) {
  return Object.fromEntries(
    (outcome.data.overview.members as Shown[]).map((m) => [
      m.name,
      {
        enrolments: m.enrolments.map(
          (e) => `${e.period} ${e.complete ? "completed" : e.status}${e.status === "enrolled" ? ` ${e.lessonsDone}/${e.lessonsTotal}` : ""}`,
        ),
        certificates: m.certificates.map((c) => `${c.code} ${c.revoked ? "revoked" : "valid"}`),
      },
    ]),
  );
}

function post(cookie: string, fields: [string, string][]) {
  const body = new URLSearchParams(fields);
  return run(
    coordinatorRoute.action,
    new Request("http://localhost:3000/coordinator", {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    }),
  );
}
const enrolFields = (associationId: number, offeringId: number, members: number[]): [string, string][] => [
  ["intent", "enrol"],
  ["associationId", String(associationId)],
  ["offeringId", String(offeringId)],
  ...members.map((id): [string, string] => ["memberIds", String(id)]),
];

/** Runs a request that must be refused and asserts the database did not change. */
async function refusedUnchanged(fn: () => Promise<Outcome>) {
  return rolledBack(async () => {
    const before = fingerprint();
    const outcome = await fn();
    expect(fingerprintDiff(before, fingerprint())).toEqual([]);
    return outcome;
  });
}

describe("the coordinator page", () => {
  it("shows association A's coordinator A's members only, with each enrolment's status and progress, certificates and the counts", async () => {
    const res = await page(cookies.a);
    expect(res.status).toBe(200);
    const { learner, midway, third, leaver, coordinator } = w.users;
    expect(res.data.overview.association.name).toBe("جمعية الأمل");
    expect(shown(res)).toEqual({
      [learner.displayName]: { enrolments: ["2031-Q1 completed 2/2"], certificates: [`${w.certificate.code} valid`] },
      [midway.displayName]: { enrolments: ["2031-Q1 enrolled 1/2"], certificates: [] },
      [third.displayName]: { enrolments: ["2031-Q1 enrolled 0/2"], certificates: [] },
      [leaver.displayName]: { enrolments: ["2031-Q1 withdrawn"], certificates: [] },
      [coordinator.displayName]: { enrolments: [], certificates: [] },
    });
    expect(res.data.overview.counts).toEqual({ members: 5, enrolled: 3, completed: 1, certified: 1 });
    // Last activity as recorded (the world ages it three days).
    const midwayRow = res.data.overview.members.find((m: { name: string }) => m.name === midway.displayName);
    expect(Date.now() - midwayRow.enrolments[0].lastActivityAt).toBeGreaterThan(2.9 * DAY);
    const text = JSON.stringify(res.data);
    for (const outsider of [w.users.waiting, w.users.otherLearner, rania, coordinatorB, w.users.newcomer]) expect(text).not.toContain(outsider.displayName);
    expect(text).not.toContain(revokedCode);
    // Members' email addresses are not the coordinator's business.
    expect(text).not.toContain(learner.email);
    // Offerings that take enrolments today: both of the world's running offerings.
    expect(res.data.offerings.map((o: { id: number; seatsLeft: number }) => [o.id, o.seatsLeft]).sort()).toEqual(
      [
        [w.offerings.a, 0],
        [w.offerings.b, 8],
      ].sort(),
    );
  });

  it("shows B's coordinator B's members: one waitlisted in A's offering, one half-way, one whose certificate was revoked", async () => {
    const res = await page(cookies.b);
    expect(res.status).toBe(200);
    expect(shown(res)).toEqual({
      [w.users.waiting.displayName]: { enrolments: ["2031-Q1 waitlisted"], certificates: [] },
      [w.users.otherLearner.displayName]: { enrolments: ["2031-Q2 enrolled 1/2"], certificates: [] },
      Rania: { enrolments: ["2031-Q2 completed 2/2"], certificates: [`${revokedCode} revoked`] },
      [coordinatorB.displayName]: { enrolments: [], certificates: [] },
    });
    expect(res.data.overview.counts).toEqual({ members: 4, enrolled: 2, completed: 1, certified: 0 });
    const text = JSON.stringify(res.data);
    for (const outsider of [w.users.learner, w.users.midway, w.users.third, w.users.leaver, w.users.coordinator])
      expect(text).not.toContain(outsider.displayName);
  });

  it("answers 404 to a coordinator asking for another association, a malformed or unknown one; admins choose any", async () => {
    expect((await page(cookies.a, `?association=${w.associations.b.id}`)).status).toBe(404);
    expect((await page(cookies.b, `?association=${w.associations.a.id}`)).status).toBe(404);
    expect((await page(cookies.a, "?association=abc")).status).toBe(404);
    expect((await page(cookies.a, "?association=-1")).status).toBe(404);
    expect((await page(cookies.a, `?association=${w.associations.a.id}`)).status).toBe(200);
    expect((await page(cookies.admin, "?association=999999")).status).toBe(404);
    const admin = await page(cookies.admin);
    expect(admin.data.overview).toBeNull();
    expect(admin.data.choices.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(["جمعية الأمل", "Association Atlas"]));
    const adminB = await page(cookies.admin, `?association=${w.associations.b.id}`);
    expect(adminB.data.overview.counts).toEqual({ members: 4, enrolled: 2, completed: 1, certified: 0 });
  });

  it("is where a coordinator lands after logging in", async () => {
    const res = await run(loginAction, postRequest("/login", { email: coordinatorB.email, password: TEST_PASSWORD }), {}, "198.51.100.77");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/coordinator");
  });

  it("turns learners and trainers away (403), and a coordinator whose role was revoked", async () => {
    expect((await page(cookies.learner)).status).toBe(403);
    expect((await page(cookies.trainer)).status).toBe(403);
    await rolledBack(async () => {
      const revoked = await run(
        adminUsers.action,
        postRequest("/admin/users", { intent: "role", userId: String(coordinatorB.id), role: "learner" }, { cookie: cookies.admin }),
      );
      expect(revoked.status).toBe(200);
      expect((await page(cookies.b)).status).toBe(403);
    });
  });
});

describe("enrolling members", () => {
  it("applies the seat rules: a full offering puts a member on the waiting list, one already enrolled stays as they were", async () => {
    await rolledBack(async () => {
      const { learner, leaver } = w.users;
      const res = await post(cookies.a, enrolFields(w.associations.a.id, w.offerings.a, [leaver.id, learner.id]));
      expect(res.status).toBe(200);
      expect(res.data.enrolled.map((r: { name: string; outcome: string }) => `${r.name}: ${r.outcome}`)).toEqual([
        `${learner.displayName}: already-enrolled`,
        `${leaver.displayName}: waitlisted`,
      ]);
      const row = db
        .select()
        .from(enrolments)
        .where(and(eq(enrolments.offeringId, w.offerings.a), eq(enrolments.userId, leaver.id)))
        .get()!;
      expect(row.status).toBe("waitlisted");
      // The page then shows it.
      expect(shown(await page(cookies.a))[leaver.displayName]!.enrolments).toEqual(["2031-Q1 waitlisted"]);
    });
  });

  it("takes free seats in an offering with room, and the counts follow", async () => {
    await rolledBack(async () => {
      const { midway, third, leaver } = w.users;
      const res = await post(cookies.a, enrolFields(w.associations.a.id, w.offerings.b, [midway.id, third.id, leaver.id]));
      expect(res.status).toBe(200);
      expect(res.data.enrolled.map((r: { outcome: string }) => r.outcome)).toEqual(["enrolled", "enrolled", "enrolled"]);
      const after = await page(cookies.a);
      expect(shown(after)[leaver.displayName]!.enrolments).toEqual(["2031-Q2 enrolled 0/2", "2031-Q1 withdrawn"]);
      expect(after.data.overview.counts).toEqual({ members: 5, enrolled: 4, completed: 1, certified: 1 });
    });
  });

  it("refuses, writing nothing, a member of another association (404), even mixed with the coordinator's own members", async () => {
    const mixed = await refusedUnchanged(() => post(cookies.a, enrolFields(w.associations.a.id, w.offerings.b, [w.users.third.id, w.users.waiting.id])));
    expect(mixed.status).toBe(404);
    const unknown = await refusedUnchanged(() => post(cookies.a, enrolFields(w.associations.a.id, w.offerings.b, [999999])));
    expect(unknown.status).toBe(404);
    // Naming the other association does not help.
    const forged = await refusedUnchanged(() => post(cookies.a, enrolFields(w.associations.b.id, w.offerings.b, [w.users.waiting.id])));
    expect(forged.status).toBe(404);
    // A member without an account in the association (no association at all) either.
    const trainer = await refusedUnchanged(() => post(cookies.b, enrolFields(w.associations.b.id, w.offerings.b, [w.users.trainer.id])));
    expect(trainer.status).toBe(404);
  });

  it("refuses a draft, closed, out-of-window or unknown offering with a translated message, writing nothing", async () => {
    const base = { courseId: "mini", capacity: 5, languages: ["ar"] as ("ar" | "fr")[], trainerIds: [] };
    const dates = (opens: number, closes: number) => ({
      enrolOpensAt: new Date(Date.now() + opens * DAY),
      enrolClosesAt: new Date(Date.now() + closes * DAY),
      startsAt: new Date(Date.now() - DAY),
      endsAt: new Date(Date.now() + 30 * DAY),
    });
    const draft = saveOffering({ ...base, ...dates(-5, 5), periodLabel: "2032-Q1", status: "draft" });
    const closed = saveOffering({ ...base, ...dates(-5, 5), periodLabel: "2032-Q2", status: "running" });
    const later = saveOffering({ ...base, ...dates(3, 9), periodLabel: "2032-Q3", status: "open" });
    if (!draft.ok || !closed.ok || !later.ok) throw new Error("offerings not saved");
    closeOffering(closed.id);
    const listed = (await page(cookies.a)).data.offerings.map((o: { id: number }) => o.id);
    for (const id of [draft.id, closed.id, later.id, 999999]) {
      expect(listed).not.toContain(id);
      const res = await refusedUnchanged(() => post(cookies.a, enrolFields(w.associations.a.id, id, [w.users.leaver.id])));
      expect(res.status).toBe(409);
      expect(replyErrors(res)).toEqual({ offeringId: ["coordinator.errors.offeringClosed"] });
    }
  });

  it("asks for at least one member and an offering; learners and trainers cannot post", async () => {
    const none = await refusedUnchanged(() =>
      post(cookies.a, [
        ["intent", "enrol"],
        ["associationId", String(w.associations.a.id)],
        ["offeringId", String(w.offerings.b)],
      ]),
    );
    expect(none.status).toBe(400);
    expect(replyErrors(none).memberIds).toEqual(["coordinator.errors.noMembers"]);
    const noOffering = await refusedUnchanged(() =>
      post(cookies.a, [
        ["intent", "enrol"],
        ["associationId", String(w.associations.a.id)],
        ["offeringId", ""],
        ["memberIds", String(w.users.leaver.id)],
      ]),
    );
    expect(noOffering.status).toBe(400);
    expect(replyErrors(noOffering).offeringId).toEqual(["errors.required"]);
    for (const cookie of [cookies.learner, cookies.trainer]) {
      const res = await refusedUnchanged(() => post(cookie, enrolFields(w.associations.a.id, w.offerings.b, [w.users.leaver.id])));
      expect(res.status).toBe(403);
    }
  });

  it("lets an admin enrol any association's members", async () => {
    await rolledBack(async () => {
      const res = await post(cookies.admin, enrolFields(w.associations.b.id, w.offerings.b, [w.users.waiting.id]));
      expect(res.status).toBe(200);
      expect(res.data.enrolled).toEqual([{ userId: w.users.waiting.id, name: w.users.waiting.displayName, outcome: "enrolled" }]);
    });
  });
});

describe("granting the role", () => {
  const role = (userId: number, value: string) =>
    run(adminUsers.action, postRequest("/admin/users", { intent: "role", userId: String(userId), role: value }, { cookie: cookies.admin }));

  it("makes a member of an association its coordinator, who then sees it; refuses someone with no association", async () => {
    await rolledBack(async () => {
      const granted = await role(w.users.otherLearner.id, "coordinator");
      expect(granted.status).toBe(200);
      const cookie = (await cookieFor(w.users.otherLearner.id)).cookie;
      expect((await page(cookie)).data.overview.association.name).toBe("Association Atlas");
    });
    const loner = makeUser("learner", { displayName: "Sans association" });
    const refused = await refusedUnchanged(() => role(loner.id, "coordinator"));
    expect(refused.status).toBe(409);
    expect(replyErrors(refused)[""]).toEqual(["coordinator.errors.needsAssociation"]);
  });

  it("keeps a coordinator's association until the role is revoked, and offers the role only to association members", async () => {
    const unlink = await refusedUnchanged(() =>
      run(
        adminUsers.action,
        postRequest("/admin/users", { intent: "association", userId: String(coordinatorB.id), associationId: "none" }, { cookie: cookies.admin }),
      ),
    );
    expect(unlink.status).toBe(409);
    expect(replyErrors(unlink)[""]).toEqual(["coordinator.errors.keepsAssociation"]);
    const invite = await refusedUnchanged(() =>
      run(
        inviteUser.action,
        postRequest(
          "/admin/users/new",
          { displayName: "Rachid", email: "rachid.coord@example.test", role: "coordinator", associationId: "none", locale: "fr" },
          { cookie: cookies.admin },
        ),
      ),
    );
    expect(invite.status).toBe(400);
    expect(replyErrors(invite).role).toEqual(["coordinator.errors.needsAssociation"]);
  });

  it("does not let a coordinator move to another association from their own profile", async () => {
    const profile = (associationId: number) =>
      run(
        account.action,
        postRequest(
          "/account",
          {
            intent: "profile",
            displayName: coordinatorB.displayName,
            nameArabic: "",
            nameLatin: "",
            associationId: String(associationId),
            regionCode: "ORI",
            locale: "fr",
          },
          { cookie: cookies.b },
        ),
      );
    const moved = await refusedUnchanged(() => profile(w.associations.a.id));
    expect(moved.status).toBe(409);
    expect(replyErrors(moved).associationId).toEqual(["coordinator.errors.associationByAdmin"]);
    expect((await page(cookies.b, `?association=${w.associations.a.id}`)).status).toBe(404);
    // Keeping it is fine.
    await rolledBack(async () => {
      expect((await profile(w.associations.b.id)).status).toBe(200);
      expect(db.select().from(users).where(eq(users.id, coordinatorB.id)).get()!.associationId).toBe(w.associations.b.id);
    });
    const form = await run(account.loader, getRequest("/account", { cookie: cookies.b }));
    expect(form.data.associationLocked).toBe(true);
    expect((await run(account.loader, getRequest("/account", { cookie: cookies.learner }))).data.associationLocked).toBe(false);
  });
});

describe("the page's cost", () => {
  it("reads an association of 40 busy members with as many queries as one of 5", async () => {
    const statements = (associationId: number) => {
      const spy = vi.spyOn(sqlite, "prepare");
      try {
        associationOverview(associationId, "ar");
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const small = statements(w.associations.a.id);
    await rolledBack(async () => {
      const big = createAssociation({
        name: "Association nombreuse",
        regionCode: "CSE",
        city: "Casablanca",
        foundingYear: null,
        focusAreas: [],
        contactEmail: null,
        status: "active",
      })!;
      for (let i = 0; i < 40; i++) {
        const member = makeUser("learner", { displayName: `Membre ${i}`, associationId: big.id });
        const e = enrol(w.offerings.b, member.id).enrolment;
        if (i % 2) markLessonComplete(e.id, w.course.lesson1.id);
      }
      const overview = associationOverview(big.id, "ar")!;
      expect(overview.counts).toEqual({ members: 40, enrolled: 8, completed: 0, certified: 0 });
      expect(statements(big.id)).toBe(small);
    });
    expect(small).toBeGreaterThanOrEqual(5);
    expect(small).toBeLessThanOrEqual(12);
  });
});
