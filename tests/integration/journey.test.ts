import "./journey-setup";
import fs from "node:fs";
import { spawn } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { enrolments, outbox, quizAttempts, submissions } from "../../db/schema";
import { buildAllLessons } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import { certificateEligibility, completionState } from "~/models/progress.server";
import * as coursePage from "~/routes/courses.$course._index";
import * as lessonPage from "~/routes/courses.$course.$lesson";
import * as reviews from "~/routes/trainer.offerings.$id.reviews";
import * as fileRoute from "~/routes/submissions.$id.file";
import { db } from "~/utils/db.server";
import { uploadPath } from "~/utils/uploads.server";
import { cookieFor, getRequest, makeUser, postRequest, replyErrors, run } from "../helpers";

const DAY = 86_400_000;
const now = Date.now();

let period = 0;
const nextPeriod = () => `20${String(30 + Math.floor(period / 4)).padStart(2, "0")}-Q${(period++ % 4) + 1}`;

function makeOffering(overrides: Partial<Parameters<typeof saveOffering>[0]> = {}) {
  const result = saveOffering({
    courseId: "mini",
    periodLabel: nextPeriod(),
    enrolOpensAt: new Date(now - 10 * DAY),
    enrolClosesAt: new Date(now + 10 * DAY),
    startsAt: new Date(now - DAY),
    endsAt: new Date(now + 30 * DAY),
    capacity: 10,
    languages: ["ar", "fr"],
    status: "running",
    trainerIds: [],
    ...overrides,
  });
  if (!result.ok) throw new Error(result.error);
  return result.id;
}

function multipart(path: string, fields: Record<string, string>, file: { name: string; type: string; content: Uint8Array } | null, cookie: string) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append("file", new File([file.content as Uint8Array<ArrayBuffer>], file.name, { type: file.type }));
  return new Request(`http://localhost:3000${path}`, { method: "POST", body, headers: { Cookie: cookie } });
}

beforeAll(async () => {
  const built = await buildAllLessons();
  expect(built.failures).toEqual([]);
});

describe("enrolment", () => {
  it("never over-books: 50 concurrent enrolments for 10 seats give 10 enrolled and 40 waitlisted; a withdrawal promotes the first in line", async () => {
    const offeringId = makeOffering({ periodLabel: nextPeriod(), capacity: 10 });
    const learners = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const user = makeUser("learner");
        return { user, cookie: (await cookieFor(user.id)).cookie };
      }),
    );
    const outcomes = await Promise.all(
      learners.map(({ cookie }) =>
        run(coursePage.action, postRequest("/courses/mini", { intent: "enrol", offeringId: String(offeringId) }, { cookie }), { course: "mini" }),
      ),
    );
    expect(outcomes.every((o) => o.status === 302)).toBe(true);
    const rows = db.select().from(enrolments).where(eq(enrolments.offeringId, offeringId)).all();
    expect(rows.filter((r) => r.status === "enrolled")).toHaveLength(10);
    const waitlisted = rows.filter((r) => r.status === "waitlisted").sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime() || a.id - b.id);
    expect(waitlisted).toHaveLength(40);

    const leaving = rows.find((r) => r.status === "enrolled")!;
    const leaver = learners.find((l) => l.user.id === leaving.userId)!;
    const res = await run(coursePage.action, postRequest("/courses/mini", { intent: "withdraw", enrolmentId: String(leaving.id) }, { cookie: leaver.cookie }), {
      course: "mini",
    });
    expect(res.status).toBe(302);
    const promoted = db.select().from(enrolments).where(eq(enrolments.id, waitlisted[0].id)).get()!;
    expect(promoted.status).toBe("enrolled");
    const promotedUser = learners.find((l) => l.user.id === promoted.userId)!.user;
    expect(db.select().from(outbox).where(eq(outbox.to, promotedUser.email)).get()?.kind).toBe("waitlist-promoted");
  }, 30_000);

  it("never over-books when several processes enrol at the same moment", async () => {
    const offeringId = makeOffering({ capacity: 7 });
    const userIds = Array.from({ length: 25 }, () => makeUser("learner").id);
    const worker = path.resolve(import.meta.dirname, "enrol-worker.ts");
    const chunks = [0, 1, 2, 3, 4].map((i) => userIds.slice(i * 5, i * 5 + 5));
    // All five processes start enrolling at the same instant, once they have all loaded.
    const startAt = String(Date.now() + 4000);
    const exits = await Promise.all(
      chunks.map(
        (ids) =>
          new Promise<number>((resolve) => {
            const child = spawn("npx", ["tsx", worker, String(offeringId), ids.join(","), startAt], { env: process.env, stdio: "inherit" });
            child.on("exit", (code) => resolve(code ?? 1));
          }),
      ),
    );
    expect(exits).toEqual([0, 0, 0, 0, 0]);
    const rows = db.select().from(enrolments).where(eq(enrolments.offeringId, offeringId)).all();
    expect(rows).toHaveLength(25);
    expect(rows.filter((r) => r.status === "enrolled")).toHaveLength(7);
    expect(rows.filter((r) => r.status === "waitlisted")).toHaveLength(18);
  }, 60_000);

  it("enrolling twice is idempotent; a closed, unknown or other course's offering is refused with 4xx", async () => {
    const learner = makeUser();
    const { cookie } = await cookieFor(learner.id);
    const offeringId = makeOffering({ periodLabel: nextPeriod() });
    const first = await run(coursePage.action, postRequest("/courses/mini", { intent: "enrol", offeringId: String(offeringId) }, { cookie }), {
      course: "mini",
    });
    const second = await run(coursePage.action, postRequest("/courses/mini", { intent: "enrol", offeringId: String(offeringId) }, { cookie }), {
      course: "mini",
    });
    expect(first.headers.get("Location")).toBe("/courses/mini?enrolment=enrolled");
    expect(second.headers.get("Location")).toBe("/courses/mini?enrolment=already-enrolled");
    expect(db.select().from(enrolments).where(eq(enrolments.userId, learner.id)).all()).toHaveLength(1);

    const closed = makeOffering({ periodLabel: nextPeriod(), status: "closed" });
    expect(
      (await run(coursePage.action, postRequest("/courses/mini", { intent: "enrol", offeringId: String(closed) }, { cookie }), { course: "mini" })).status,
    ).toBe(409);
    const windowOver = makeOffering({ periodLabel: nextPeriod(), enrolClosesAt: new Date(now - DAY) });
    const late = await run(coursePage.action, postRequest("/courses/mini", { intent: "enrol", offeringId: String(windowOver) }, { cookie }), {
      course: "mini",
    });
    expect(late.status).toBe(409);
    expect(replyErrors(late)[""]).toEqual(["enrol.closed"]);
    expect((await run(coursePage.action, postRequest("/courses/mini", { intent: "enrol", offeringId: "999999" }, { cookie }), { course: "mini" })).status).toBe(
      404,
    );
    expect((await run(coursePage.action, postRequest("/courses/mini", { intent: "enrol", offeringId: "abc" }, { cookie }), { course: "mini" })).status).toBe(
      400,
    );
    // Withdrawing someone else's enrolment is refused.
    const other = makeUser();
    const otherEnrolment = enrol(offeringId, other.id).enrolment;
    expect(
      (
        await run(coursePage.action, postRequest("/courses/mini", { intent: "withdraw", enrolmentId: String(otherEnrolment.id) }, { cookie }), {
          course: "mini",
        })
      ).status,
    ).toBe(404);
    expect(db.select().from(enrolments).where(eq(enrolments.id, otherEnrolment.id)).get()!.status).toBe("enrolled");
  });
});

describe("quizzes", () => {
  async function enrolled() {
    const learner = makeUser();
    const { cookie } = await cookieFor(learner.id);
    const offeringId = makeOffering({ periodLabel: nextPeriod() });
    const { enrolment } = enrol(offeringId, learner.id);
    return { learner, cookie, enrolment, offeringId };
  }
  const lessonParams = { course: "mini", lesson: "first" };

  it("keeps the answers out of the page until the learner submits; fail, then pass, which completes the lesson", async () => {
    const { cookie, enrolment } = await enrolled();
    const before = await run(lessonPage.loader, getRequest("/courses/mini/first", { cookie }), lessonParams);
    expect(before.data.runtime.formAction).toBe("/courses/mini/first");
    expect(JSON.stringify(before.data)).not.toContain("Casablanca is the largest city");
    expect(before.data.runtime.quizFeedback).toEqual([]);

    const fail = await run(
      lessonPage.action,
      postRequest("/courses/mini/first", { intent: "quiz", quizId: "first-quiz", "answer.q1": "b", "answer.q2": "a" }, { cookie }),
      lessonParams,
    );
    expect(fail.status).toBe(302);
    const afterFail = await run(lessonPage.loader, getRequest("/courses/mini/first", { cookie }), lessonParams);
    const failed = afterFail.data.runtime.quizFeedback.find((f: { quizId: string }) => f.quizId === "first-quiz");
    expect(failed).toMatchObject({ score: 0, passed: false, passMark: 60 });
    expect(failed.questions.find((q: { id: string }) => q.id === "q1").options.find((o: { id: string }) => o.id === "b").explanation).toBe(
      "No, Casablanca is the largest city.",
    );
    expect(afterFail.data.lesson.completed).toBe(false);

    const body = new URLSearchParams({ intent: "quiz", quizId: "first-quiz", "answer.q1": "a" });
    body.append("answer.q2", "a");
    body.append("answer.q2", "b");
    const pass = await run(
      lessonPage.action,
      new Request("http://localhost:3000/courses/mini/first", {
        method: "POST",
        body,
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      }),
      lessonParams,
    );
    expect(pass.status).toBe(302);
    const afterPass = await run(lessonPage.loader, getRequest("/courses/mini/first", { cookie }), lessonParams);
    expect(afterPass.data.runtime.quizFeedback).toMatchObject([{ quizId: "first-quiz", score: 100, passed: true }]);
    expect(afterPass.data.lesson.completed).toBe(true);
    expect(
      db
        .select()
        .from(quizAttempts)
        .where(eq(quizAttempts.enrolmentId, enrolment.id))
        .all()
        .map((a) => a.score),
    ).toEqual([0, 100]);
  });

  it("refuses tampered submissions with 400 and stores no attempt", async () => {
    const { cookie, enrolment } = await enrolled();
    const cases: Record<string, string>[] = [
      { intent: "quiz", quizId: "first-quiz", "answer.q1": "z", "answer.q2": "a" }, // unknown option
      { intent: "quiz", quizId: "first-quiz", "answer.q1": "a", "answer.q2": "a", "answer.q9": "a" }, // unknown question
      { intent: "quiz", quizId: "second-quiz", "answer.q1": "a" }, // another lesson's quiz
      { intent: "quiz", quizId: "first-quiz", "answer.q1": "a" }, // unanswered question
      { intent: "quiz" },
    ];
    for (const fields of cases) {
      const outcome = await run(lessonPage.action, postRequest("/courses/mini/first", fields, { cookie }), lessonParams);
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
    }
    const twoAnswers = new URLSearchParams({ intent: "quiz", quizId: "first-quiz", "answer.q2": "a" });
    twoAnswers.append("answer.q1", "a");
    twoAnswers.append("answer.q1", "b"); // two answers to a single-choice question
    const outcome = await run(
      lessonPage.action,
      new Request("http://localhost:3000/courses/mini/first", {
        method: "POST",
        body: twoAnswers,
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      }),
      lessonParams,
    );
    expect(outcome.status).toBe(400);
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.enrolmentId, enrolment.id)).all()).toHaveLength(0);
  });

  it("refuses a quiz from a learner who is not in an offering of the course, or before it starts", async () => {
    const outsider = makeUser();
    const { cookie } = await cookieFor(outsider.id);
    const answers = { intent: "quiz", quizId: "first-quiz", "answer.q1": "a", "answer.q2": "a" };
    expect((await run(lessonPage.action, postRequest("/courses/mini/first", answers, { cookie }), lessonParams)).status).toBe(403);
    const early = makeUser();
    const earlyCookie = (await cookieFor(early.id)).cookie;
    enrol(makeOffering({ periodLabel: nextPeriod(), startsAt: new Date(now + 5 * DAY) }), early.id);
    const notYet = await run(lessonPage.action, postRequest("/courses/mini/first", answers, { cookie: earlyCookie }), lessonParams);
    expect(notYet.status).toBe(403);
    expect(notYet.data.error).toBe("lesson.notStarted");
    const preview = await run(lessonPage.loader, getRequest("/courses/mini/first", { cookie: earlyCookie }), lessonParams);
    expect(preview.data.runtime.formAction).toBeNull();
    expect(preview.data.startsAt).toBeGreaterThan(now);
  });
});

describe("exercises, reviews and completion", () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
  const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]);

  it("refuses a disguised or oversized file without losing the text, accepts a real PDF, and guards who may download it", async () => {
    const learner = makeUser();
    const { cookie } = await cookieFor(learner.id);
    const trainer = makeUser("trainer");
    const offeringId = makeOffering({ periodLabel: nextPeriod(), trainerIds: [trainer.id] });
    const { enrolment } = enrol(offeringId, learner.id);
    const params = { course: "mini", lesson: "second" };
    const fields = { intent: "exercise", exerciseId: "plan", answer: "Mon plan : trois actions." };

    const disguised = await run(
      lessonPage.action,
      multipart("/courses/mini/second", fields, { name: "plan.pdf", type: "application/pdf", content: exe }, cookie),
      params,
    );
    expect(disguised.status).toBe(415);
    expect(disguised.data.rejected).toEqual({ kind: "exercise", id: "plan", error: "lesson.exercise.fileType", answer: "Mon plan : trois actions." });
    // Over the 5 MB a file may weigh, but inside the body limit: refused with the text given back.
    const big = new Uint8Array(5.5 * 1024 * 1024);
    big.set(pdf);
    const oversized = await run(
      lessonPage.action,
      multipart("/courses/mini/second", fields, { name: "plan.pdf", type: "application/pdf", content: big }, cookie),
      params,
    );
    expect(oversized.status).toBe(413);
    expect(oversized.data.rejected.answer).toBe("Mon plan : trois actions.");
    // Over the body limit: refused before anything is parsed.
    const huge = new Uint8Array(7 * 1024 * 1024);
    huge.set(pdf);
    expect(
      (await run(lessonPage.action, multipart("/courses/mini/second", fields, { name: "plan.pdf", type: "application/pdf", content: huge }, cookie), params))
        .status,
    ).toBe(413);
    const unknown = await run(lessonPage.action, multipart("/courses/mini/second", { ...fields, exerciseId: "nope" }, null, cookie), params);
    expect(unknown.status).toBe(400);
    expect(db.select().from(submissions).where(eq(submissions.enrolmentId, enrolment.id)).all()).toHaveLength(0);

    const ok = await run(
      lessonPage.action,
      multipart("/courses/mini/second", fields, { name: "../../etc/plan final.pdf", type: "application/pdf", content: pdf }, cookie),
      params,
    );
    expect(ok.status).toBe(302);
    const saved = db.select().from(submissions).where(eq(submissions.enrolmentId, enrolment.id)).get()!;
    expect(saved).toMatchObject({ status: "submitted", fileName: "plan final.pdf", fileType: "application/pdf", version: 1 });
    expect(fs.readFileSync(uploadPath(saved.fileKey!)!)).toEqual(Buffer.from(pdf));

    const download = (cookieValue: string) =>
      run(fileRoute.loader, getRequest(`/submissions/${saved.id}/file`, { cookie: cookieValue }), { id: String(saved.id) });
    expect((await download(cookie)).status).toBe(200);
    expect((await download((await cookieFor(trainer.id)).cookie)).status).toBe(200);
    expect((await download((await cookieFor(makeUser("admin").id)).cookie)).status).toBe(200);
    // Another learner, or a trainer of another session, is told the file does not exist.
    expect((await download((await cookieFor(makeUser("learner").id)).cookie)).status).toBe(404);
    expect((await download((await cookieFor(makeUser("trainer").id)).cookie)).status).toBe(404);
  });

  it("a trainer asks for changes then accepts; the learner completes the course and becomes certificate-eligible", async () => {
    const learner = makeUser();
    const { cookie } = await cookieFor(learner.id);
    const trainer = makeUser("trainer");
    const trainerCookie = (await cookieFor(trainer.id)).cookie;
    const offeringId = makeOffering({ periodLabel: nextPeriod(), trainerIds: [trainer.id] });
    const { enrolment } = enrol(offeringId, learner.id);

    const quiz1 = new URLSearchParams({ intent: "quiz", quizId: "first-quiz", "answer.q1": "a" });
    quiz1.append("answer.q2", "a");
    quiz1.append("answer.q2", "b");
    await run(
      lessonPage.action,
      new Request("http://localhost:3000/courses/mini/first", {
        method: "POST",
        body: quiz1,
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      }),
      { course: "mini", lesson: "first" },
    );
    await run(lessonPage.action, postRequest("/courses/mini/second", { intent: "quiz", quizId: "second-quiz", "answer.q1": "a" }, { cookie }), {
      course: "mini",
      lesson: "second",
    });
    await run(lessonPage.action, multipart("/courses/mini/second", { intent: "exercise", exerciseId: "plan", answer: "Version 1" }, null, cookie), {
      course: "mini",
      lesson: "second",
    });
    expect(completionState(enrolment.id)).toMatchObject({ lessonsDone: 2, quizzesPassed: 2, exercisesAccepted: 0, complete: false });
    expect(certificateEligibility(enrolment.id)).toMatchObject({ eligible: false, reason: "incomplete" });

    const submission = db.select().from(submissions).where(eq(submissions.enrolmentId, enrolment.id)).get()!;
    const params = { id: String(offeringId) };
    const noComment = await run(
      reviews.action,
      postRequest(
        `/trainer/offerings/${offeringId}/reviews`,
        { submissionId: String(submission.id), version: "1", decision: "changes_requested", feedback: "" },
        { cookie: trainerCookie },
      ),
      params,
    );
    expect(noComment.status).toBe(400);
    const changes = await run(
      reviews.action,
      postRequest(
        `/trainer/offerings/${offeringId}/reviews`,
        { submissionId: String(submission.id), version: "1", decision: "changes_requested", feedback: "Ajoutez un calendrier." },
        { cookie: trainerCookie },
      ),
      params,
    );
    expect(changes.status).toBe(302);
    expect(db.select().from(outbox).where(eq(outbox.to, learner.email)).all().at(-1)?.kind).toBe("review-changes_requested");
    const seen = await run(lessonPage.loader, getRequest("/courses/mini/second", { cookie }), { course: "mini", lesson: "second" });
    expect(seen.data.runtime.exercises).toMatchObject([{ id: "plan", status: "changes_requested", feedback: "Ajoutez un calendrier." }]);

    await run(
      lessonPage.action,
      multipart("/courses/mini/second", { intent: "exercise", exerciseId: "plan", answer: "Version 2 avec calendrier" }, null, cookie),
      { course: "mini", lesson: "second" },
    );
    const stale = await run(
      reviews.action,
      postRequest(
        `/trainer/offerings/${offeringId}/reviews`,
        { submissionId: String(submission.id), version: "1", decision: "accepted" },
        { cookie: trainerCookie },
      ),
      params,
    );
    expect(stale.status).toBe(409);
    // Another trainer, not of this offering, cannot review it.
    const outsider = (await cookieFor(makeUser("trainer").id)).cookie;
    expect(
      (
        await run(
          reviews.action,
          postRequest(
            `/trainer/offerings/${offeringId}/reviews`,
            { submissionId: String(submission.id), version: "2", decision: "accepted" },
            { cookie: outsider },
          ),
          params,
        )
      ).status,
    ).toBe(403);
    const accepted = await run(
      reviews.action,
      postRequest(
        `/trainer/offerings/${offeringId}/reviews`,
        { submissionId: String(submission.id), version: "2", decision: "accepted" },
        { cookie: trainerCookie },
      ),
      params,
    );
    expect(accepted.status).toBe(302);
    expect(completionState(enrolment.id)).toMatchObject({ complete: true, percent: 100 });
    const eligibility = certificateEligibility(enrolment.id);
    expect(eligibility.eligible).toBe(true);
    // A submission of another offering cannot be reviewed through this one.
    const otherOffering = makeOffering({ periodLabel: nextPeriod(), trainerIds: [trainer.id] });
    expect(
      (
        await run(
          reviews.action,
          postRequest(
            `/trainer/offerings/${otherOffering}/reviews`,
            { submissionId: String(submission.id), version: "2", decision: "accepted" },
            { cookie: trainerCookie },
          ),
          { id: String(otherOffering) },
        )
      ).status,
    ).toBe(404);
  });
});
