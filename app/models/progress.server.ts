import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { courses, enrolments, lessonProgress, lessons, offerings, quizAttempts, submissions } from "../../db/schema";
import { db } from "~/utils/db.server";
import type { QuizDefinition } from "~/utils/lesson-analysis.server";

export function progressByLesson(enrolmentId: number) {
  const rows = db.select().from(lessonProgress).where(eq(lessonProgress.enrolmentId, enrolmentId)).all();
  return new Map(rows.map((r) => [r.lessonId, r]));
}

/** Records the first opening of a lesson and the learner's activity; writes nothing when both are already fresh. */
export function markLessonOpened(enrolmentId: number, lessonId: number, known: { opened: boolean; lastActivityAt: Date | null }) {
  const now = new Date();
  if (!known.opened) db.insert(lessonProgress).values({ enrolmentId, lessonId, firstOpenedAt: now }).onConflictDoNothing().run();
  // Activity is kept to the minute: no write on every page view.
  if (!known.lastActivityAt || now.getTime() - known.lastActivityAt.getTime() > 60_000) {
    db.update(enrolments).set({ lastActivityAt: now }).where(eq(enrolments.id, enrolmentId)).run();
  }
}

const completedAtOf = db
  .select({ completedAt: lessonProgress.completedAt })
  .from(lessonProgress)
  .where(and(eq(lessonProgress.enrolmentId, sql.placeholder("enrolmentId")), eq(lessonProgress.lessonId, sql.placeholder("lessonId"))))
  .prepare();

export function markLessonComplete(enrolmentId: number, lessonId: number) {
  // Completing a completed lesson changes nothing: answer without writing (a double click, a resent form).
  if (completedAtOf.get({ enrolmentId, lessonId })?.completedAt) return null;
  const now = new Date();
  db.transaction((tx) => {
    tx.insert(lessonProgress)
      .values({ enrolmentId, lessonId, firstOpenedAt: now, completedAt: now })
      .onConflictDoUpdate({ target: [lessonProgress.enrolmentId, lessonProgress.lessonId], set: { completedAt: sql`coalesce(${lessonProgress.completedAt}, ${now.getTime()})` } })
      .run();
    tx.update(enrolments).set({ lastActivityAt: now }).where(eq(enrolments.id, enrolmentId)).run();
  });
  return refreshCompletion(enrolmentId);
}

export type QuizAnswers = Record<string, string[]>;
export type GradeResult =
  | { ok: true; score: number; questions: Record<string, { correct: boolean; chosen: string[]; options: Record<string, { correct: boolean; explanation: string }> }> }
  | { ok: false; reason: "tampered" | "incomplete" };

/** Grades on the server: a question counts when the chosen set equals the correct set. Unknown ids mean a tampered form. */
export function gradeQuiz(quiz: QuizDefinition, answers: QuizAnswers): GradeResult {
  const questionIds = new Set(quiz.questions.map((q) => q.id));
  if (Object.keys(answers).some((id) => !questionIds.has(id))) return { ok: false, reason: "tampered" };
  const questions: Extract<GradeResult, { ok: true }>["questions"] = {};
  let right = 0;
  for (const q of quiz.questions) {
    const chosen = [...new Set(answers[q.id] ?? [])];
    const optionIds = new Set(q.options.map((o) => o.id));
    if (chosen.some((c) => !optionIds.has(c))) return { ok: false, reason: "tampered" };
    if (!q.multiple && chosen.length > 1) return { ok: false, reason: "tampered" };
    if (!chosen.length) return { ok: false, reason: "incomplete" };
    const correctIds = q.options.filter((o) => o.correct).map((o) => o.id).sort();
    const correct = chosen.length === correctIds.length && [...chosen].sort().every((c, i) => c === correctIds[i]);
    if (correct) right += 1;
    questions[q.id] = { correct, chosen, options: Object.fromEntries(q.options.map((o) => [o.id, { correct: o.correct, explanation: o.explanation }])) };
  }
  return { ok: true, score: Math.round((right / quiz.questions.length) * 100), questions };
}

export function recordQuizAttempt(input: { enrolmentId: number; lessonId: number; quizId: string; answers: QuizAnswers; score: number; passMark: number }) {
  const passed = input.score >= input.passMark;
  db.insert(quizAttempts).values({ ...input, passed }).run();
  db.update(enrolments).set({ lastActivityAt: new Date() }).where(eq(enrolments.id, input.enrolmentId)).run();
  return passed;
}

export function latestAttempt(enrolmentId: number, lessonId: number, quizId: string) {
  return (
    db
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.enrolmentId, enrolmentId), eq(quizAttempts.lessonId, lessonId), eq(quizAttempts.quizId, quizId)))
      .orderBy(desc(quizAttempts.id))
      .get() ?? null
  );
}

export function passedQuizzes(enrolmentId: number) {
  const rows = db
    .selectDistinct({ lessonId: quizAttempts.lessonId, quizId: quizAttempts.quizId })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.enrolmentId, enrolmentId), eq(quizAttempts.passed, true)))
    .all();
  return new Set(rows.map((r) => `${r.lessonId}:${r.quizId}`));
}

export function bestScores(enrolmentId: number) {
  return db
    .select({ lessonId: quizAttempts.lessonId, quizId: quizAttempts.quizId, best: sql<number>`max(${quizAttempts.score})`, attempts: sql<number>`count(*)` })
    .from(quizAttempts)
    .where(eq(quizAttempts.enrolmentId, enrolmentId))
    .groupBy(quizAttempts.lessonId, quizAttempts.quizId)
    .all();
}

export type CompletionState = {
  lessonsDone: number;
  lessonsTotal: number;
  quizzesPassed: number;
  quizzesTotal: number;
  exercisesAccepted: number;
  exercisesTotal: number;
  percent: number;
  complete: boolean;
  completedAt: Date | null;
};

/** What is done and what remains; the course file decides whether quizzes and exercises count. */
export function completionState(enrolmentId: number): CompletionState | null {
  const row = db
    .select({ enrolment: enrolments, course: courses })
    .from(enrolments)
    .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
    .innerJoin(courses, eq(offerings.courseId, courses.id))
    .where(eq(enrolments.id, enrolmentId))
    .get();
  if (!row) return null;
  const courseLessons = db.select().from(lessons).where(and(eq(lessons.courseId, row.course.id), isNull(lessons.archivedAt))).all();
  const progress = progressByLesson(enrolmentId);
  const passed = passedQuizzes(enrolmentId);
  const accepted = new Set(
    db
      .select({ lessonId: submissions.lessonId, exerciseId: submissions.exerciseId })
      .from(submissions)
      .where(and(eq(submissions.enrolmentId, enrolmentId), eq(submissions.status, "accepted")))
      .all()
      .map((s) => `${s.lessonId}:${s.exerciseId}`),
  );
  let lessonsDone = 0;
  let quizzesTotal = 0;
  let quizzesPassed = 0;
  let exercisesTotal = 0;
  let exercisesAccepted = 0;
  for (const lesson of courseLessons) {
    if (progress.get(lesson.id)?.completedAt) lessonsDone += 1;
    for (const q of lesson.quizIds) {
      quizzesTotal += 1;
      if (passed.has(`${lesson.id}:${q}`)) quizzesPassed += 1;
    }
    for (const e of lesson.exerciseIds) {
      exercisesTotal += 1;
      if (accepted.has(`${lesson.id}:${e}`)) exercisesAccepted += 1;
    }
  }
  const { requireQuizzes, requireExercises } = row.course.completion;
  const parts = [
    [lessonsDone, courseLessons.length],
    requireQuizzes ? [quizzesPassed, quizzesTotal] : [0, 0],
    requireExercises ? [exercisesAccepted, exercisesTotal] : [0, 0],
  ];
  const done = parts.reduce((s, [d]) => s + d, 0);
  const total = parts.reduce((s, [, t]) => s + t, 0);
  const complete =
    courseLessons.length > 0 &&
    lessonsDone === courseLessons.length &&
    (!requireQuizzes || quizzesPassed === quizzesTotal) &&
    (!requireExercises || exercisesAccepted === exercisesTotal);
  return {
    lessonsDone,
    lessonsTotal: courseLessons.length,
    quizzesPassed,
    quizzesTotal,
    exercisesAccepted,
    exercisesTotal,
    percent: total ? Math.round((done / total) * 100) : 0,
    complete,
    completedAt: row.enrolment.completedAt,
  };
}

type CompletionListener = (enrolmentId: number) => void;
const completionListeners: CompletionListener[] = [];
/** Called once per enrolment, when it first becomes complete (certificates listen here for automatic issuing). */
export function onCompletion(listener: CompletionListener) {
  completionListeners.push(listener);
}

/** Records the completion date the first time every requirement is met. */
export function refreshCompletion(enrolmentId: number) {
  const state = completionState(enrolmentId);
  if (state?.complete && !state.completedAt) {
    const now = new Date();
    const changed = db.update(enrolments).set({ completedAt: now }).where(and(eq(enrolments.id, enrolmentId), isNull(enrolments.completedAt))).run().changes;
    state.completedAt = now;
    if (changed) for (const listener of completionListeners) listener(enrolmentId);
  }
  return state;
}

/**
 * Certificate eligibility, for the certificates feature: an enrolled learner whose enrolment is complete.
 * Returns the reason when not eligible.
 */
export function certificateEligibility(enrolmentId: number): { eligible: true; completedAt: Date } | { eligible: false; reason: "not-enrolled" | "incomplete"; state: CompletionState | null } {
  const enrolment = db.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).get();
  if (!enrolment || enrolment.status !== "enrolled") return { eligible: false, reason: "not-enrolled", state: null };
  const state = refreshCompletion(enrolmentId);
  if (!state?.complete || !state.completedAt) return { eligible: false, reason: "incomplete", state };
  return { eligible: true, completedAt: state.completedAt };
}
