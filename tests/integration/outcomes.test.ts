import "../fixtures/world-env";
import crypto from "node:crypto";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { assessmentAttempts, followUps, outbox, surveyResponses, users } from "../../db/schema";
import { buildAllLessons, getCourse } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { followUpOf, issueFollowUpLink, sendDueFollowUps } from "~/models/follow-up.server";
import { saveOffering } from "~/models/offering.server";
import { getProfileData } from "~/models/profile-data.server";
import { markLessonComplete, recordQuizAttempt } from "~/models/progress.server";
import { reviewSubmission, saveSubmission } from "~/models/submission.server";
import * as account from "~/routes/account";
import * as assessmentPage from "~/routes/courses.$course.assessment.$kind";
import * as coursePage from "~/routes/courses.$course._index";
import * as catalogue from "~/routes/courses._index";
import * as surveyPage from "~/routes/courses.$course.survey";
import * as followUpPage from "~/routes/follow-up";
import * as learn from "~/routes/learn";
import * as signup from "~/routes/signup";
import { runPeriodicJobs } from "~/startup.server";
import { db } from "~/utils/db.server";
import { captureSentEmails, cookieFor, getRequest, makeUser, postRequest, replyErrors, run } from "../helpers";

const DAY = 86_400_000;
const now = Date.now();
const thisYear = new Date().getUTCFullYear();

type Course = NonNullable<ReturnType<typeof getCourse>>;
let course: Course;
let offeringId: number;

beforeAll(async () => {
  const built = await buildAllLessons();
  expect(built.failures).toEqual([]);
  course = getCourse("mini")!;
  const saved = saveOffering({
    courseId: "mini",
    periodLabel: "2032-Q1",
    enrolOpensAt: new Date(now - 20 * DAY),
    enrolClosesAt: new Date(now + 20 * DAY),
    startsAt: new Date(now - 10 * DAY),
    endsAt: new Date(now + 40 * DAY),
    capacity: 50,
    languages: ["ar", "fr"],
    status: "running",
    trainerIds: [],
  });
  if (!saved.ok) throw new Error("offering not saved");
  offeringId = saved.id;
});

/** A learner with a seat, a session cookie and (optionally) every lesson done or the whole course completed. */
async function learner(name: string, progress: "none" | "lessons" | "completed" = "none", overrides: Parameters<typeof makeUser>[1] = {}) {
  const user = makeUser("learner", { displayName: name, ...overrides });
  const enrolment = enrol(offeringId, user.id).enrolment;
  const [lesson1, lesson2] = course.lessons;
  if (progress !== "none") {
    for (const lesson of [lesson1!, lesson2!]) {
      for (const quizId of lesson.quizIds) recordQuizAttempt({ enrolmentId: enrolment.id, lessonId: lesson.id, quizId, answers: {}, score: 100, passMark: 60 });
      markLessonComplete(enrolment.id, lesson.id);
    }
  }
  if (progress === "completed") {
    const sent = saveSubmission({ enrolmentId: enrolment.id, lessonId: lesson2!.id, exerciseId: "plan", answer: "Mon plan.", file: null })!;
    const reviewed = reviewSubmission(sent.id, makeUser("trainer").id, "accepted", null, sent.version);
    expect(reviewed && "courseCompleted" in reviewed && reviewed.courseCompleted).toBe(true);
  }
  const { cookie } = await cookieFor(user.id);
  return { user, enrolment, cookie };
}

// ---------- 1. Profile data with consent (law 09-08) ----------

describe("profile data on /account", () => {
  const post = (cookie: string, fields: Record<string, string>) =>
    run(account.action, postRequest("/account", { intent: "profile-data", ...fields }, { cookie }));

  it("stores sex and birth year only with consent, shows them back with the consent date, keeps that date on correction, and withdrawal deletes them", async () => {
    const amina = await learner("Amina");
    const salma = await learner("Salma");

    // Salma never consented: the page says nothing is stored.
    const before = await run(account.loader, getRequest("/account", { cookie: salma.cookie }));
    expect(before.data.profileData).toEqual({ sex: null, birthYear: null, consentAt: null });

    const saved = await post(amina.cookie, { sex: "female", birthYear: "1998", profileConsent: "on" });
    expect(saved.status).toBe(200);
    expect(saved.data.saved).toBe("profile-data");
    const page = await run(account.loader, getRequest("/account", { cookie: amina.cookie }));
    expect(page.data.profileData.sex).toBe("female");
    expect(page.data.profileData.birthYear).toBe(1998);
    const consentAt = page.data.profileData.consentAt as number;
    expect(Math.abs(consentAt - Date.now())).toBeLessThan(60_000);

    // Correction: the year changes, the consent keeps its first date.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await post(amina.cookie, { sex: "female", birthYear: "1997", profileConsent: "on" })).status).toBe(200);
    expect(getProfileData(amina.user.id)).toEqual({ sex: "female", birthYear: 1997, consentAt: new Date(consentAt) });

    // Withdrawal removes the data itself.
    const withdrawn = await run(account.action, postRequest("/account", { intent: "withdraw-consent" }, { cookie: amina.cookie }));
    expect(withdrawn.data.saved).toBe("withdrawn");
    const row = db
      .select({ sex: users.sex, birthYear: users.birthYear, consentAt: users.profileConsentAt })
      .from(users)
      .where(eq(users.id, amina.user.id))
      .get();
    expect(row).toEqual({ sex: null, birthYear: null, consentAt: null });
    // Salma was never touched.
    expect(getProfileData(salma.user.id)).toEqual({ sex: null, birthYear: null, consentAt: null });
  });

  it("refuses data given without the consent box, an implausible or malformed year and a forged sex, storing nothing", async () => {
    const karim = await learner("Karim");
    const cases: [Record<string, string>, string, string][] = [
      [{ sex: "male", birthYear: "2001" }, "profileConsent", "outcomes.profile.consentRequired"],
      [{ sex: "male" }, "profileConsent", "outcomes.profile.consentRequired"],
      [{ sex: "none", birthYear: "1700", profileConsent: "on" }, "birthYear", "outcomes.profile.birthYearRange"],
      [{ sex: "none", birthYear: String(thisYear - 5), profileConsent: "on" }, "birthYear", "outcomes.profile.birthYearRange"],
      [{ sex: "none", birthYear: "19x8", profileConsent: "on" }, "birthYear", "outcomes.profile.birthYearInvalid"],
      [{ sex: "__proto__", birthYear: "2000", profileConsent: "on" }, "sex", "errors.invalidChoice"],
      [{ sex: "constructor", profileConsent: "on" }, "sex", "errors.invalidChoice"],
      [{ sex: "male", profileConsent: "yes" }, "profileConsent", "errors.invalid"],
    ];
    for (const [fields, field, error] of cases) {
      const outcome = await post(karim.cookie, fields);
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
      expect(replyErrors(outcome)[field], JSON.stringify(fields)).toEqual([error]);
    }
    expect(getProfileData(karim.user.id)).toEqual({ sex: null, birthYear: null, consentAt: null });
    // "Prefer not to say" and no year: nothing to consent to, nothing stored.
    const empty = await post(karim.cookie, { sex: "none", birthYear: "", profileConsent: "on" });
    expect(empty.data.saved).toBe("profile-data-empty");
    expect(getProfileData(karim.user.id).consentAt).toBeNull();
    // The oldest and youngest accepted years.
    expect((await post(karim.cookie, { sex: "none", birthYear: String(thisYear - 90), profileConsent: "on" })).status).toBe(200);
    expect((await post(karim.cookie, { sex: "male", birthYear: String(thisYear - 12), profileConsent: "on" })).status).toBe(200);
    expect(getProfileData(karim.user.id)).toMatchObject({ sex: "male", birthYear: thisYear - 12 });
  });

  it("at sign-up: stored with consent, refused without it (and no account is created)", async () => {
    const base = { displayName: "Hajar", password: "une phrase assez longue", associationId: "none", regionCode: "DTA" };
    const ok = await run(signup.action, postRequest("/signup", { ...base, email: "hajar@example.ma", sex: "female", birthYear: "2003", profileConsent: "on" }));
    expect(ok.status).toBe(302);
    const hajar = db.select().from(users).where(eq(users.email, "hajar@example.ma")).get()!;
    expect([hajar.sex, hajar.birthYear, hajar.profileConsentAt !== null]).toEqual(["female", 2003, true]);

    const refused = await run(signup.action, postRequest("/signup", { ...base, email: "nour@example.ma", sex: "female", birthYear: "2003" }));
    expect(refused.status).toBe(400);
    expect(replyErrors(refused).profileConsent).toEqual(["outcomes.profile.consentRequired"]);
    expect(db.select().from(users).where(eq(users.email, "nour@example.ma")).get()).toBeUndefined();

    const silent = await run(signup.action, postRequest("/signup", { ...base, email: "omar@example.ma" }));
    expect(silent.status).toBe(302);
    const omar = db.select().from(users).where(eq(users.email, "omar@example.ma")).get()!;
    expect([omar.sex, omar.birthYear, omar.profileConsentAt]).toEqual([null, null, null]);
  });
});

// ---------- 2. Pre- and post-test ----------

describe("pre-test and final test", () => {
  const path = (kind: string) => `/courses/mini/assessment/${kind}`;
  const take = (cookie: string, kind: string, answers: [string, string][]) => {
    const body = new URLSearchParams(answers.map(([q, o]) => [`answer.${q}`, o]));
    return run(
      assessmentPage.action,
      new Request(`http://localhost:3000${path(kind)}`, {
        method: "POST",
        body,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      }),
      { course: "mini", kind },
    );
  };
  const attempts = (enrolmentId: number) => db.select().from(assessmentAttempts).where(eq(assessmentAttempts.enrolmentId, enrolmentId)).all();
  const panel = async (cookie: string) => (await run(coursePage.loader, getRequest("/courses/mini", { cookie }), { course: "mini" })).data.outcomes;

  it("offers the pre-test (never a block), scores it once, opens the final test after the lessons, and shows before/after to the learner", async () => {
    const youssef = await learner("Youssef", "none", { locale: "fr" });
    expect(await panel(youssef.cookie)).toMatchObject({ offerPre: true, offerPost: false, results: { pre: null, post: null } });

    // The page in French: the French bank's title, three questions, and nothing that tells which option is right.
    const page = await run(assessmentPage.loader, getRequest(path("pre"), { cookie: youssef.cookie }), { course: "mini", kind: "pre" });
    expect(page.data.heading).toBe("Test du cours court");
    expect(page.data.questions.map((q: { id: string }) => q.id)).toEqual(["q1", "q2", "q3"]);
    expect(JSON.stringify(page.data.questions)).not.toMatch(/correct|explanation/);

    // Two of three right (q3 needs both even numbers).
    const taken = await take(youssef.cookie, "pre", [
      ["q1", "a"],
      ["q2", "b"],
      ["q3", "a"],
    ]);
    expect(taken.status).toBe(302);
    expect(taken.headers.get("Location")).toBe("/courses/mini/assessment/pre#result");
    expect(attempts(youssef.enrolment.id).map((a) => [a.kind, a.score, a.maxScore])).toEqual([["pre", 2, 3]]);

    // A second answer is refused: one attempt per enrolment.
    const again = await take(youssef.cookie, "pre", [
      ["q1", "a"],
      ["q2", "b"],
      ["q3", "a"],
      ["q3", "c"],
    ]);
    expect(again.status).toBe(409);
    expect(again.data.error).toBe("outcomes.assessment.alreadyTaken");
    expect(attempts(youssef.enrolment.id)).toHaveLength(1);

    // The final test waits for the lessons.
    const early = await take(youssef.cookie, "post", [["p1", "a"]]);
    expect(early.status).toBe(409);
    expect(early.data.error).toBe("outcomes.assessment.postNotYet");
    expect(await panel(youssef.cookie)).toMatchObject({
      offerPre: false,
      offerPost: false,
      results: { pre: { score: 2, maxScore: 3, percent: 67 }, post: null },
    });

    for (const lesson of course.lessons) {
      for (const quizId of lesson.quizIds)
        recordQuizAttempt({ enrolmentId: youssef.enrolment.id, lessonId: lesson.id, quizId, answers: {}, score: 100, passMark: 60 });
      markLessonComplete(youssef.enrolment.id, lesson.id);
    }
    expect((await panel(youssef.cookie)).offerPost).toBe(true);
    const post = await take(youssef.cookie, "post", [
      ["p1", "a"],
      ["p2", "b"],
      ["p3", "a"],
      ["p3", "c"],
    ]);
    expect(post.status).toBe(302);
    const results = (await run(assessmentPage.loader, getRequest(path("post"), { cookie: youssef.cookie }), { course: "mini", kind: "post" })).data.results;
    expect(results.pre).toMatchObject({ score: 2, maxScore: 3, percent: 67 });
    expect(results.post).toMatchObject({ score: 3, maxScore: 3, percent: 100 });
    expect(await panel(youssef.cookie)).toMatchObject({ offerPre: false, offerPost: false });
  });

  it("the banks, with their right answers, stay on the server: no catalogue or course page sends them", async () => {
    const visitor = await learner("Sara");
    for (const cookie of [undefined, visitor.cookie]) {
      const pages = [
        await run(catalogue.loader, getRequest("/courses", { cookie })),
        await run(coursePage.loader, getRequest("/courses/mini", { cookie }), { course: "mini" }),
      ];
      for (const page of pages) {
        expect(page.status).toBe(200);
        expect(JSON.stringify(page.data)).not.toMatch(/"versions"|"assessment"|Odd numbers|"correct"/);
      }
    }
  });

  it("a learner who skipped the pre-test may not take it after the final test; refuses incomplete, tampered and foreign answers; 404 for an unknown kind", async () => {
    const skipper = await learner("Nadia", "lessons");
    expect(await panel(skipper.cookie)).toMatchObject({ offerPre: true, offerPost: true });
    const incomplete = await take(skipper.cookie, "post", [["p1", "a"]]);
    expect([incomplete.status, incomplete.data.error]).toEqual([400, "outcomes.assessment.incomplete"]);
    // An option id from the other bank, an unknown question, two options on a single-choice question.
    for (const answers of [
      [
        ["p1", "z"],
        ["p2", "b"],
        ["p3", "a"],
      ],
      [
        ["__proto__", "a"],
        ["p1", "a"],
        ["p2", "b"],
        ["p3", "a"],
      ],
      [
        ["p1", "a"],
        ["p1", "b"],
        ["p2", "b"],
        ["p3", "a"],
      ],
    ] as [string, string][][]) {
      const tampered = await take(skipper.cookie, "post", answers);
      expect([tampered.status, tampered.data.error]).toEqual([400, "outcomes.assessment.tampered"]);
    }
    expect(attempts(skipper.enrolment.id)).toHaveLength(0);
    expect(
      (
        await take(skipper.cookie, "post", [
          ["p1", "b"],
          ["p2", "b"],
          ["p3", "a"],
        ])
      ).status,
    ).toBe(302);
    const late = await take(skipper.cookie, "pre", [
      ["q1", "a"],
      ["q2", "b"],
      ["q3", "a"],
    ]);
    expect([late.status, late.data.error]).toEqual([409, "outcomes.assessment.preClosed"]);
    expect(attempts(skipper.enrolment.id).map((a) => [a.kind, a.score])).toEqual([["post", 1]]);

    // Someone without a seat: the page explains, the action refuses.
    const { cookie } = await cookieFor(makeUser("learner").id);
    const visitor = await run(assessmentPage.loader, getRequest(path("pre"), { cookie }), { course: "mini", kind: "pre" });
    expect([visitor.status, visitor.data.refusal, visitor.data.questions]).toEqual([200, "outcomes.assessment.notEnrolled", []]);
    expect((await take(cookie, "pre", [["q1", "a"]])).status).toBe(403);
    expect((await run(assessmentPage.loader, getRequest(path("mid"), { cookie }), { course: "mini", kind: "mid" })).status).toBe(404);
  });
});

// ---------- 3. Satisfaction survey ----------

describe("satisfaction survey", () => {
  const answers = { relevance: "5", clarity: "4", trainer: "3", usefulness: "5", recommend: "4", comment: "Des exemples de Tanger et d'Agadir, merci." };
  const answer = (cookie: string, fields: Record<string, string>) =>
    run(surveyPage.action, postRequest("/courses/mini/survey", fields, { cookie }), { course: "mini" });
  const state = async (cookie: string) => (await run(surveyPage.loader, getRequest("/courses/mini/survey", { cookie }), { course: "mini" })).data.state;
  const rows = (enrolmentId: number) => db.select().from(surveyResponses).where(eq(surveyResponses.enrolmentId, enrolmentId)).all();

  it("is offered at completion, answered once per enrolment, and stored without any name", async () => {
    const hassan = await learner("Hassan", "completed");
    const meriem = await learner("Meriem", "lessons");
    expect((await run(coursePage.loader, getRequest("/courses/mini", { cookie: hassan.cookie }), { course: "mini" })).data.outcomes.offerSurvey).toBe(true);
    expect((await run(coursePage.loader, getRequest("/courses/mini", { cookie: meriem.cookie }), { course: "mini" })).data.outcomes.offerSurvey).toBe(false);
    expect([await state(hassan.cookie), await state(meriem.cookie)]).toEqual(["open", "not-completed"]);
    // The dashboard offers it beside the completed course only.
    const dashboard = async (cookie: string) =>
      (await run(learn.loader, getRequest("/learn", { cookie }))).data.items.map((i: { surveyOpen: boolean }) => i.surveyOpen);
    expect([await dashboard(hassan.cookie), await dashboard(meriem.cookie)]).toEqual([[true], [false]]);

    const sent = await answer(hassan.cookie, answers);
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe("/courses/mini/survey?sent=1");
    const [row] = rows(hassan.enrolment.id);
    expect(row).toMatchObject({ offeringId, courseId: "mini", relevance: 5, clarity: 4, trainer: 3, usefulness: 5, recommend: 4, comment: answers.comment });
    expect(JSON.stringify(row)).not.toContain("Hassan");
    expect(await state(hassan.cookie)).toBe("answered");
    expect(await dashboard(hassan.cookie)).toEqual([false]);

    const twice = await answer(hassan.cookie, { ...answers, relevance: "1" });
    expect(twice.status).toBe(409);
    expect(replyErrors(twice)[""]).toEqual(["outcomes.survey.alreadyAnswered"]);
    expect(rows(hassan.enrolment.id)).toHaveLength(1);
    expect(rows(hassan.enrolment.id)[0]!.relevance).toBe(5);

    const early = await answer(meriem.cookie, answers);
    expect(early.status).toBe(409);
    expect(replyErrors(early)[""]).toEqual(["outcomes.survey.notCompleted"]);
    expect(rows(meriem.enrolment.id)).toHaveLength(0);
    expect((await run(coursePage.loader, getRequest("/courses/mini", { cookie: hassan.cookie }), { course: "mini" })).data.outcomes).toMatchObject({
      offerSurvey: false,
      surveyAnswered: true,
    });
  });

  it("refuses out-of-scale, forged and missing answers and an over-long comment, storing nothing", async () => {
    const leila = await learner("Leila", "completed");
    const cases: [Record<string, string>, string, string][] = [
      [{ ...answers, relevance: "6" }, "relevance", "outcomes.survey.choose"],
      [{ ...answers, clarity: "0" }, "clarity", "outcomes.survey.choose"],
      [{ ...answers, trainer: "2.5" }, "trainer", "outcomes.survey.choose"],
      [{ ...answers, usefulness: "__proto__" }, "usefulness", "outcomes.survey.choose"],
      [{ ...answers, recommend: "" }, "recommend", "outcomes.survey.choose"],
      [{ ...answers, comment: "x".repeat(1001) }, "comment", "errors.tooLong"],
    ];
    for (const [fields, field, error] of cases) {
      const outcome = await answer(leila.cookie, fields);
      expect(outcome.status, field).toBe(400);
      expect(replyErrors(outcome)[field], field).toEqual([error]);
    }
    expect(rows(leila.enrolment.id)).toHaveLength(0);
    // No comment is fine.
    expect((await answer(leila.cookie, { ...answers, comment: "" })).status).toBe(302);
    expect(rows(leila.enrolment.id)[0]!.comment).toBeNull();
  });
});

// ---------- 4. The 90-day follow-up ----------

describe("90-day follow-up", () => {
  const open = (token: string) => run(followUpPage.loader, getRequest(`/follow-up?token=${encodeURIComponent(token)}`));
  const reply = (token: string, fields: Record<string, string>) =>
    run(followUpPage.action, postRequest(`/follow-up?token=${encodeURIComponent(token)}`, fields));

  it("is scheduled with the completion, emailed once when due with a link only the email holds, answered once without login", async () => {
    const rachid = await learner("Rachid", "completed", { locale: "fr" });
    const disabled = await learner("Imane", "completed");
    db.update(users).set({ disabled: true }).where(eq(users.id, disabled.user.id)).run();
    const unfinished = await learner("Ilyas", "lessons");
    const row = followUpOf(rachid.enrolment.id)!;
    expect(row.dueAt.getTime() - now).toBeGreaterThan(89 * DAY);
    expect(row.dueAt.getTime() - now).toBeLessThan(91 * DAY);
    expect(row.sentAt).toBeNull();
    expect(followUpOf(unfinished.enrolment.id)).toBeNull();

    // Not due yet: nothing sent.
    expect(await sendDueFollowUps(new Date(now + 30 * DAY))).toBe(0);

    const capture = captureSentEmails();
    let sent: Awaited<ReturnType<typeof runPeriodicJobs>>;
    try {
      sent = await runPeriodicJobs(new Date(now + 91 * DAY), () => {});
    } finally {
      capture.stop();
    }
    // Every completion in this file that fell due, except the disabled account's.
    expect(sent.followUps).toBeGreaterThanOrEqual(1);
    expect(followUpOf(disabled.enrolment.id)!.sentAt).toBeNull();
    const [email] = capture.to(rachid.user.email);
    expect(email).toContain("Cours court");
    const token = /\/follow-up\?token=([A-Za-z0-9_-]+)/.exec(email!)![1]!;
    // The outbox keeps the email with its link redacted, and the row only the token's hash.
    const stored = db
      .select()
      .from(outbox)
      .where(eq(outbox.to, rachid.user.email))
      .all()
      .filter((e) => e.kind === "follow-up");
    expect(stored).toHaveLength(1);
    expect(stored[0]!.text).not.toContain(token);
    const sentRow = followUpOf(rachid.enrolment.id)!;
    expect(sentRow.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(sentRow)).not.toContain(token);

    // A second run sends nothing again.
    expect(await sendDueFollowUps(new Date(now + 92 * DAY))).toBe(0);

    const page = await open(token);
    expect([page.status, page.data.status, page.data.course]).toEqual([200, "open", "دورة قصيرة"]);
    const answered = await reply(token, { used: "partly", how: "Une page Facebook pour la coopérative." });
    expect([answered.status, answered.data.answered]).toEqual([200, true]);
    expect(followUpOf(rachid.enrolment.id)).toMatchObject({ used: "partly", how: "Une page Facebook pour la coopérative." });

    // The link is used up: the page says so, a second answer changes nothing.
    const reused = await open(token);
    expect([reused.status, reused.data.status]).toEqual([410, "answered"]);
    const twice = await reply(token, { used: "no" });
    expect(twice.status).toBe(410);
    expect(replyErrors(twice)[""]).toEqual(["outcomes.followUp.answered"]);
    expect(followUpOf(rachid.enrolment.id)!.used).toBe("partly");
    expect(db.select({ n: count() }).from(followUps).where(eq(followUps.enrolmentId, rachid.enrolment.id)).get()!.n).toBe(1);
  });

  it("forged, malformed and expired links get a clear page and change nothing; a bad answer is refused", async () => {
    const aicha = await learner("Aicha", "completed");
    const id = followUpOf(aicha.enrolment.id)!.id;
    // Sent 61 days ago: its 60 days are over.
    const expiredToken = issueFollowUpLink(id, new Date(now - 61 * DAY))!;
    const expired = await open(expiredToken);
    expect([expired.status, expired.data.status]).toEqual([410, "expired"]);
    expect((await reply(expiredToken, { used: "yes" })).status).toBe(410);
    expect(followUpOf(aicha.enrolment.id)!.answeredAt).toBeNull();

    for (const forged of [crypto.randomBytes(32).toString("base64url"), "../../etc/passwd", "", "a".repeat(500)]) {
      const page = await open(forged);
      expect([page.status, page.data.status], forged).toEqual([404, "unknown"]);
      const posted = await reply(forged, { used: "yes" });
      expect(posted.status, forged).toBe(404);
      expect(replyErrors(posted)[""]).toEqual(["outcomes.followUp.unknown"]);
    }

    const bob = await learner("Badr", "completed");
    const token = issueFollowUpLink(followUpOf(bob.enrolment.id)!.id)!;
    const bad: Record<string, string>[] = [{ used: "maybe" }, { used: "__proto__" }, {}, { used: "yes", how: "x".repeat(1001) }];
    for (const fields of bad) {
      const outcome = await reply(token, fields);
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
    }
    expect(followUpOf(bob.enrolment.id)!.answeredAt).toBeNull();
    expect((await reply(token, { used: "yes" })).status).toBe(200);
  });
});
