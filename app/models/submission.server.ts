import { and, asc, eq } from "drizzle-orm";
import { enrolments, lessons, submissions, users, type SubmissionStatus } from "../../db/schema";
import { db } from "~/utils/db.server";
import { refreshCompletion } from "./progress.server";

export function getSubmission(enrolmentId: number, lessonId: number, exerciseId: string) {
  return db
    .select()
    .from(submissions)
    .where(and(eq(submissions.enrolmentId, enrolmentId), eq(submissions.lessonId, lessonId), eq(submissions.exerciseId, exerciseId)))
    .get() ?? null;
}

export function submissionsForLesson(enrolmentId: number, lessonId: number) {
  return db.select().from(submissions).where(and(eq(submissions.enrolmentId, enrolmentId), eq(submissions.lessonId, lessonId))).all();
}

export type NewSubmission = {
  enrolmentId: number;
  lessonId: number;
  exerciseId: string;
  answer: string;
  file: { name: string; key: string; type: string; size: number } | null;
};

/** Saves or replaces the learner's answer; an accepted exercise stays accepted. Returns null if it was already accepted. */
export function submitExercise(input: NewSubmission) {
  const now = new Date();
  return db.transaction((tx) => {
    const existing = tx
      .select()
      .from(submissions)
      .where(and(eq(submissions.enrolmentId, input.enrolmentId), eq(submissions.lessonId, input.lessonId), eq(submissions.exerciseId, input.exerciseId)))
      .get();
    if (existing?.status === "accepted") return null;
    const fileValues = input.file
      ? { fileName: input.file.name, fileKey: input.file.key, fileType: input.file.type, fileSize: input.file.size }
      : existing
        ? {}
        : { fileName: null, fileKey: null, fileType: null, fileSize: null };
    const row = existing
      ? tx
          .update(submissions)
          .set({ answer: input.answer, ...fileValues, status: "submitted", version: existing.version + 1, submittedAt: now })
          .where(eq(submissions.id, existing.id))
          .returning()
          .get()
      : tx
          .insert(submissions)
          .values({ enrolmentId: input.enrolmentId, lessonId: input.lessonId, exerciseId: input.exerciseId, answer: input.answer, ...fileValues, submittedAt: now })
          .returning()
          .get();
    tx.update(enrolments).set({ lastActivityAt: now }).where(eq(enrolments.id, input.enrolmentId)).run();
    return row;
  });
}

export function getSubmissionById(id: number) {
  return (
    db
      .select({ submission: submissions, enrolment: enrolments, lesson: lessons, learner: { id: users.id, displayName: users.displayName, email: users.email, locale: users.locale } })
      .from(submissions)
      .innerJoin(enrolments, eq(submissions.enrolmentId, enrolments.id))
      .innerJoin(lessons, eq(submissions.lessonId, lessons.id))
      .innerJoin(users, eq(enrolments.userId, users.id))
      .where(eq(submissions.id, id))
      .get() ?? null
  );
}

export function reviewQueue(offeringId: number, status: SubmissionStatus | "all" = "submitted") {
  return db
    .select({ submission: submissions, lesson: lessons, learner: { id: users.id, displayName: users.displayName } })
    .from(submissions)
    .innerJoin(enrolments, eq(submissions.enrolmentId, enrolments.id))
    .innerJoin(lessons, eq(submissions.lessonId, lessons.id))
    .innerJoin(users, eq(enrolments.userId, users.id))
    .where(and(eq(enrolments.offeringId, offeringId), status === "all" ? undefined : eq(submissions.status, status)))
    .orderBy(asc(submissions.submittedAt))
    .all();
}

/** A trainer's decision. Only a submitted version can be reviewed, so two trainers cannot decide twice on the same version. */
export function reviewSubmission(id: number, reviewerId: number, decision: "accepted" | "changes_requested", feedback: string | null, version: number) {
  const result = db
    .update(submissions)
    .set({ status: decision, feedback, reviewedBy: reviewerId, reviewedAt: new Date() })
    .where(and(eq(submissions.id, id), eq(submissions.status, "submitted"), eq(submissions.version, version)))
    .returning()
    .get();
  if (result) refreshCompletion(result.enrolmentId);
  return result ?? null;
}

export function submissionsOfEnrolment(enrolmentId: number) {
  return db.select().from(submissions).where(eq(submissions.enrolmentId, enrolmentId)).all();
}
