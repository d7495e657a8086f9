import fs from "node:fs";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { enrolments, lessons, submissions, users, type Submission, type SubmissionStatus } from "../../db/schema";
import { MAX_ANSWER_LENGTH } from "~/components/lesson/specs";
import { db } from "~/utils/db.server";
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES, cleanFileName, detectUploadKind, extensionOf, saveUpload, uploadPath } from "~/utils/uploads.server";
import { recordCompletion } from "./progress.server";

// Read on every lesson page: prepared once.
const submissionsOfLesson = db
  .select()
  .from(submissions)
  .where(and(eq(submissions.enrolmentId, sql.placeholder("enrolmentId")), eq(submissions.lessonId, sql.placeholder("lessonId"))))
  .prepare();

export function submissionsForLesson(enrolmentId: number, lessonId: number) {
  return submissionsOfLesson.all({ enrolmentId, lessonId });
}

export type NewSubmission = {
  enrolmentId: number;
  lessonId: number;
  exerciseId: string;
  answer: string;
  file: { name: string; key: string; type: string; size: number } | null;
};

/**
 * Stores the learner's answer, replacing an earlier version (version + 1); an accepted exercise stays accepted.
 * Returns null if it was already accepted. The storage step of `submitExercise`, which checks the input first.
 */
export function saveSubmission(input: NewSubmission) {
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
          .values({
            enrolmentId: input.enrolmentId,
            lessonId: input.lessonId,
            exerciseId: input.exerciseId,
            answer: input.answer,
            ...fileValues,
            submittedAt: now,
          })
          .returning()
          .get();
    tx.update(enrolments).set({ lastActivityAt: now }).where(eq(enrolments.id, input.enrolmentId)).run();
    return row;
  });
}

export type ExerciseRefusal = "unknown-exercise" | "answer-required" | "answer-too-long" | "file-too-large" | "file-type" | "already-accepted";
export type ExerciseOutcome = { ok: true; submission: Submission } | { ok: false; reason: ExerciseRefusal };

/**
 * A learner sends an exercise: the exercise must be one of the lesson's, the answer present and not too long, the file
 * (optional) a kind we accept by its content. Only then is the file stored and the answer saved as a new version.
 * A refusal writes nothing.
 */
export async function submitExercise(input: {
  enrolmentId: number;
  lessonId: number;
  lessonExerciseIds: string[];
  exerciseId: string;
  answer: string;
  file: File | null;
}): Promise<ExerciseOutcome> {
  if (!input.lessonExerciseIds.includes(input.exerciseId)) return { ok: false, reason: "unknown-exercise" };
  const answer = input.answer.replace(/\r\n/g, "\n").trim();
  if (!answer) return { ok: false, reason: "answer-required" };
  if (answer.length > MAX_ANSWER_LENGTH) return { ok: false, reason: "answer-too-long" };
  const existing = db
    .select({ status: submissions.status })
    .from(submissions)
    .where(and(eq(submissions.enrolmentId, input.enrolmentId), eq(submissions.lessonId, input.lessonId), eq(submissions.exerciseId, input.exerciseId)))
    .get();
  if (existing?.status === "accepted") return { ok: false, reason: "already-accepted" };
  let stored: NewSubmission["file"] = null;
  if (input.file) {
    if (input.file.size > MAX_UPLOAD_BYTES) return { ok: false, reason: "file-too-large" };
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    // Awaited: content sniffing may be asynchronous.
    const kind = await detectUploadKind(bytes);
    if (!kind || kind !== extensionOf(input.file.name)) return { ok: false, reason: "file-type" };
    stored = { name: cleanFileName(input.file.name), key: saveUpload(bytes, kind), type: UPLOAD_TYPES[kind], size: bytes.byteLength };
  }
  const saved = saveSubmission({ enrolmentId: input.enrolmentId, lessonId: input.lessonId, exerciseId: input.exerciseId, answer, file: stored });
  if (!saved) {
    // Accepted by a trainer between our check and the save: the stored file belongs to nothing.
    const orphan = stored && uploadPath(stored.key);
    if (orphan) fs.rmSync(orphan, { force: true });
    return { ok: false, reason: "already-accepted" };
  }
  return { ok: true, submission: saved };
}

export function getSubmissionById(id: number) {
  return (
    db
      .select({
        submission: submissions,
        enrolment: enrolments,
        lesson: lessons,
        learner: { id: users.id, displayName: users.displayName, email: users.email, locale: users.locale },
      })
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

/** How many submissions wait for a trainer, per offering, in one grouped query. */
export function waitingReviewCounts(offeringIds: number[]) {
  if (!offeringIds.length) return new Map<number, number>();
  const rows = db
    .select({ offeringId: enrolments.offeringId, n: sql<number>`count(*)` })
    .from(submissions)
    .innerJoin(enrolments, eq(submissions.enrolmentId, enrolments.id))
    .where(and(inArray(enrolments.offeringId, offeringIds), eq(submissions.status, "submitted")))
    .groupBy(enrolments.offeringId)
    .all();
  return new Map(rows.map((r) => [r.offeringId, r.n]));
}

/**
 * A trainer's decision. Only a submitted version can be reviewed, so two trainers cannot decide twice on the same
 * version. Accepting the last missing exercise completes the course: `courseCompleted` says so to the caller.
 */
export function reviewSubmission(id: number, reviewerId: number, decision: "accepted" | "changes_requested", feedback: string | null, version: number) {
  return db.transaction(() => {
    const submission = db
      .update(submissions)
      .set({ status: decision, feedback, reviewedBy: reviewerId, reviewedAt: new Date() })
      .where(and(eq(submissions.id, id), eq(submissions.status, "submitted"), eq(submissions.version, version)))
      .returning()
      .get();
    if (!submission) return null;
    return { submission, ...recordCompletion(submission.enrolmentId) };
  });
}
