import "./journey-setup";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { certificateOverview, issueCertificate } from "~/models/certificate.server";
import { buildAllLessons, getCourse } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import { markLessonComplete, recordQuizAttempt } from "~/models/progress.server";
import { reviewSubmission, saveSubmission } from "~/models/submission.server";
import { sqlite } from "~/utils/db.server";
import { makeUser } from "../helpers";
import { readyBranding } from "./certificate-fixtures";

const DAY = 86_400_000;

function offering() {
  const r = saveOffering({
    courseId: "mini",
    periodLabel: "2032-07",
    enrolOpensAt: new Date(Date.now() - DAY),
    enrolClosesAt: new Date(Date.now() + DAY),
    startsAt: new Date(Date.now() - DAY),
    endsAt: new Date(Date.now() + DAY),
    capacity: 500,
    languages: ["ar", "fr"],
    status: "running",
    trainerIds: [],
  });
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

function learner(offeringId: number, done: boolean) {
  const user = makeUser("learner", { nameArabic: "أمينة", nameLatin: "Amina" });
  const { enrolment } = enrol(offeringId, user.id);
  if (done) {
    for (const lesson of getCourse("mini")!.lessons) {
      markLessonComplete(enrolment.id, lesson.id);
      for (const quizId of lesson.quizIds) recordQuizAttempt({ enrolmentId: enrolment.id, lessonId: lesson.id, quizId, answers: {}, score: 100, passMark: 60 });
      for (const exerciseId of lesson.exerciseIds) {
        const s = saveSubmission({ enrolmentId: enrolment.id, lessonId: lesson.id, exerciseId, answer: "ok", file: null })!;
        reviewSubmission(s.id, user.id, "accepted", null, s.version);
      }
    }
  }
  return enrolment.id;
}

/** How many statements SQLite had to prepare while `f` ran (drizzle prepares each query it has not been given prepared). */
function statementsPrepared(f: () => unknown) {
  const spy = vi.spyOn(sqlite, "prepare");
  try {
    f();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  expect((await buildAllLessons()).failures).toEqual([]);
  // Issuing needs completed branding (real names and signatures).
  await readyBranding();
});

describe("certificate overview of an offering", () => {
  it("shows each learner's eligibility and certificate, in the same number of queries for 4 learners or 12", () => {
    const id = offering();
    const done = [learner(id, true), learner(id, true)];
    const notDone = [learner(id, false), learner(id, false)];
    const issued = issueCertificate(done[0], "ar-fr", null);
    expect(issued.status).toBe("issued");
    const code = issued.status === "issued" ? issued.certificate.code : "";

    const rows = certificateOverview(id);
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.enrolmentId === done[0])).toMatchObject({
      eligible: true,
      reason: null,
      certificate: { code, language: "ar-fr", revokedAt: null },
    });
    expect(rows.find((r) => r.enrolmentId === done[1])).toMatchObject({ eligible: true, reason: null, certificate: null });
    for (const e of notDone) expect(rows.find((r) => r.enrolmentId === e)).toMatchObject({ eligible: false, reason: "incomplete", certificate: null });

    const few = statementsPrepared(() => certificateOverview(id));
    for (let i = 0; i < 4; i++) learner(id, true);
    for (let i = 0; i < 4; i++) learner(id, false);
    const many = statementsPrepared(() => certificateOverview(id));
    expect(certificateOverview(id)).toHaveLength(12);
    expect(many).toBe(few);
  });
});
