import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { courses, enrolments, lessonProgress, lessons, offerings, quizAttempts, submissions, type Course, type Enrolment, type Lesson } from "../../db/schema";
import { db } from "~/utils/db.server";
import { scheduleFollowUp } from "~/models/follow-up.server";
import type { QuizDefinition } from "~/models/course/analysis.server";

// ---------- Reads ----------

// Read on every lesson page: prepared once (drizzle would otherwise rebuild the SQL and SQLite re-prepare it).
const progressOfEnrolment = db
  .select()
  .from(lessonProgress)
  .where(eq(lessonProgress.enrolmentId, sql.placeholder("enrolmentId")))
  .prepare();

export function progressByLesson(enrolmentId: number) {
  const rows = progressOfEnrolment.all({ enrolmentId });
  return new Map(rows.map((r) => [r.lessonId, r]));
}

/**
 * A learner's answers, question id → chosen option ids. A Map, never a plain object: the keys come from the request
 * (`answer.__proto__`, `answer.constructor` must be harmless).
 */
export type QuizAnswers = Map<string, string[]>;

/** Answers as stored (JSON object) → Map, reading only the object's own keys. */
export function answersFromRecord(record: Record<string, string[]>): QuizAnswers {
  return new Map(Object.entries(record ?? {}).filter((entry): entry is [string, string[]] => Array.isArray(entry[1])));
}

export type GradedQuestion = { id: string; correct: boolean; chosen: string[]; options: { id: string; correct: boolean; explanation: string }[] };
export type GradeResult = { ok: true; score: number; questions: GradedQuestion[] } | { ok: false; reason: "tampered" | "incomplete" };

/** Grades on the server: a question counts when the chosen set equals the correct set. Unknown ids mean a tampered form. */
export function gradeQuiz(quiz: QuizDefinition, answers: QuizAnswers): GradeResult {
  const questionIds = new Set(quiz.questions.map((q) => q.id));
  for (const id of answers.keys()) if (!questionIds.has(id)) return { ok: false, reason: "tampered" };
  const questions: GradedQuestion[] = [];
  let right = 0;
  let unanswered = false;
  for (const q of quiz.questions) {
    const chosen = [...new Set(answers.get(q.id) ?? [])];
    const optionIds = new Set(q.options.map((o) => o.id));
    if (chosen.some((c) => !optionIds.has(c))) return { ok: false, reason: "tampered" };
    if (!q.multiple && chosen.length > 1) return { ok: false, reason: "tampered" };
    if (!chosen.length) unanswered = true;
    const correctIds = q.options
      .filter((o) => o.correct)
      .map((o) => o.id)
      .sort();
    const correct = chosen.length === correctIds.length && [...chosen].sort().every((c, i) => c === correctIds[i]);
    if (correct) right += 1;
    questions.push({ id: q.id, correct, chosen, options: q.options.map((o) => ({ id: o.id, correct: o.correct, explanation: o.explanation })) });
  }
  if (unanswered) return { ok: false, reason: "incomplete" };
  return { ok: true, score: Math.round((right / quiz.questions.length) * 100), questions };
}

/** The newest attempt at each quiz of a lesson, in one query. */
const attemptsOfLesson = db
  .select()
  .from(quizAttempts)
  .where(and(eq(quizAttempts.enrolmentId, sql.placeholder("enrolmentId")), eq(quizAttempts.lessonId, sql.placeholder("lessonId"))))
  .orderBy(asc(quizAttempts.id))
  .prepare();

export function latestAttemptsOfLesson(enrolmentId: number, lessonId: number) {
  const rows = attemptsOfLesson.all({ enrolmentId, lessonId });
  return new Map(rows.map((r) => [r.quizId, r]));
}

export type ProgressSummary = {
  enrolmentId: number;
  lessonsDone: number;
  lessonsTotal: number;
  quizzesPassed: number;
  /** Quizzes tried and not (yet) passed. */
  quizzesFailed: number;
  quizzesTotal: number;
  /** Mean of the best score of each quiz tried; null when none was. */
  averageScore: number | null;
  exercisesAccepted: number;
  /** Sent and waiting for a trainer. */
  exercisesWaiting: number;
  /** Sent back by a trainer with changes to make. */
  exercisesToRedo: number;
  exercisesTotal: number;
  percent: number;
  complete: boolean;
  /** When the course was completed: the recorded date, or (completion not recorded yet) when its last requirement was met. */
  completedAt: Date | null;
  completionRecorded: boolean;
  /** The first lesson with something left to do for the learner; null when nothing is (complete, or waiting for reviews). */
  nextLesson: Pick<Lesson, "id" | "slug" | "title"> | null;
};

type Scope = { enrolmentId: number } | { offeringId: number } | { userId: number };

function scopeCondition(scope: Scope): SQL {
  if ("enrolmentId" in scope) return eq(enrolments.id, scope.enrolmentId);
  if ("offeringId" in scope) return eq(enrolments.offeringId, scope.offeringId);
  return eq(enrolments.userId, scope.userId);
}

/**
 * Progress of every live (enrolled) enrolment in a scope — one enrolment, an offering's roster or a learner's courses —
 * in the same six queries however many learners there are. The one place where the completion rules are applied.
 */
export function progressSummaries(scope: Scope): Map<number, ProgressSummary> {
  const where = and(scopeCondition(scope), eq(enrolments.status, "enrolled"));
  const rows = db
    .select({ enrolment: enrolments, course: courses })
    .from(enrolments)
    .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
    .innerJoin(courses, eq(offerings.courseId, courses.id))
    .where(where)
    .all();
  const result = new Map<number, ProgressSummary>();
  if (!rows.length) return result;

  const courseIds = [...new Set(rows.map((r) => r.course.id))];
  const lessonsByCourse = new Map<string, Lesson[]>();
  for (const lesson of db
    .select()
    .from(lessons)
    .where(and(inArray(lessons.courseId, courseIds), isNull(lessons.archivedAt)))
    .orderBy(asc(lessons.position))
    .all()) {
    lessonsByCourse.set(lesson.courseId, [...(lessonsByCourse.get(lesson.courseId) ?? []), lesson]);
  }

  const inScope = (column: typeof lessonProgress.enrolmentId | typeof quizAttempts.enrolmentId | typeof submissions.enrolmentId) =>
    inArray(column, db.select({ id: enrolments.id }).from(enrolments).where(where));

  const done = new Map<number, Map<number, Date>>();
  for (const r of db
    .select({ enrolmentId: lessonProgress.enrolmentId, lessonId: lessonProgress.lessonId, completedAt: lessonProgress.completedAt })
    .from(lessonProgress)
    .where(and(inScope(lessonProgress.enrolmentId), isNotNull(lessonProgress.completedAt)))
    .all()) {
    if (!done.has(r.enrolmentId)) done.set(r.enrolmentId, new Map());
    done.get(r.enrolmentId)!.set(r.lessonId, r.completedAt!);
  }

  type QuizStanding = { best: number; passedAt: Date | null };
  const quizzes = new Map<string, QuizStanding>();
  for (const r of db
    .select({
      enrolmentId: quizAttempts.enrolmentId,
      lessonId: quizAttempts.lessonId,
      quizId: quizAttempts.quizId,
      best: sql<number>`max(${quizAttempts.score})`,
      firstPassedAt: sql<number | null>`min(case when ${quizAttempts.passed} then ${quizAttempts.createdAt} end)`,
    })
    .from(quizAttempts)
    .where(inScope(quizAttempts.enrolmentId))
    .groupBy(quizAttempts.enrolmentId, quizAttempts.lessonId, quizAttempts.quizId)
    .all()) {
    quizzes.set(`${r.enrolmentId}:${r.lessonId}:${r.quizId}`, { best: r.best, passedAt: r.firstPassedAt === null ? null : new Date(r.firstPassedAt) });
  }

  const work = new Map<string, { status: string; reviewedAt: Date | null }>();
  for (const r of db
    .select({
      enrolmentId: submissions.enrolmentId,
      lessonId: submissions.lessonId,
      exerciseId: submissions.exerciseId,
      status: submissions.status,
      reviewedAt: submissions.reviewedAt,
    })
    .from(submissions)
    .where(inScope(submissions.enrolmentId))
    .all()) {
    work.set(`${r.enrolmentId}:${r.lessonId}:${r.exerciseId}`, { status: r.status, reviewedAt: r.reviewedAt });
  }

  for (const { enrolment, course } of rows) {
    result.set(enrolment.id, summarise(enrolment, course, lessonsByCourse.get(course.id) ?? [], done.get(enrolment.id) ?? new Map(), quizzes, work));
  }
  return result;
}

function summarise(
  enrolment: Enrolment,
  course: Course,
  courseLessons: Lesson[],
  done: Map<number, Date>,
  quizzes: Map<string, { best: number; passedAt: Date | null }>,
  work: Map<string, { status: string; reviewedAt: Date | null }>,
): ProgressSummary {
  const { requireQuizzes, requireExercises } = course.completion;
  let lessonsDone = 0;
  let quizzesTotal = 0;
  let quizzesPassed = 0;
  let quizzesFailed = 0;
  let exercisesTotal = 0;
  let exercisesAccepted = 0;
  let exercisesWaiting = 0;
  let exercisesToRedo = 0;
  const bests: number[] = [];
  let lastMet = 0;
  let nextLesson: Lesson | null = null;
  for (const lesson of courseLessons) {
    let outstanding = false;
    const completedAt = done.get(lesson.id);
    if (completedAt) {
      lessonsDone += 1;
      lastMet = Math.max(lastMet, completedAt.getTime());
    } else outstanding = true;
    for (const quizId of lesson.quizIds) {
      quizzesTotal += 1;
      const standing = quizzes.get(`${enrolment.id}:${lesson.id}:${quizId}`);
      if (standing) bests.push(standing.best);
      if (standing?.passedAt) {
        quizzesPassed += 1;
        lastMet = Math.max(lastMet, standing.passedAt.getTime());
      } else {
        if (standing) quizzesFailed += 1;
        if (requireQuizzes) outstanding = true;
      }
    }
    for (const exerciseId of lesson.exerciseIds) {
      exercisesTotal += 1;
      const sent = work.get(`${enrolment.id}:${lesson.id}:${exerciseId}`);
      if (sent?.status === "accepted") {
        exercisesAccepted += 1;
        lastMet = Math.max(lastMet, sent.reviewedAt?.getTime() ?? 0);
      } else if (sent?.status === "submitted") exercisesWaiting += 1;
      else {
        if (sent?.status === "changes_requested") exercisesToRedo += 1;
        if (requireExercises) outstanding = true;
      }
    }
    if (outstanding && !nextLesson) nextLesson = lesson;
  }
  const parts = [
    [lessonsDone, courseLessons.length],
    requireQuizzes ? [quizzesPassed, quizzesTotal] : [0, 0],
    requireExercises ? [exercisesAccepted, exercisesTotal] : [0, 0],
  ];
  const doneCount = parts.reduce((s, [d]) => s + d, 0);
  const total = parts.reduce((s, [, t]) => s + t, 0);
  const complete =
    courseLessons.length > 0 &&
    lessonsDone === courseLessons.length &&
    (!requireQuizzes || quizzesPassed === quizzesTotal) &&
    (!requireExercises || exercisesAccepted === exercisesTotal);
  return {
    enrolmentId: enrolment.id,
    lessonsDone,
    lessonsTotal: courseLessons.length,
    quizzesPassed,
    quizzesFailed,
    quizzesTotal,
    averageScore: bests.length ? Math.round(bests.reduce((s, b) => s + b, 0) / bests.length) : null,
    exercisesAccepted,
    exercisesWaiting,
    exercisesToRedo,
    exercisesTotal,
    percent: total ? Math.round((doneCount / total) * 100) : 0,
    complete,
    completedAt: enrolment.completedAt ?? (complete ? new Date(lastMet || Date.now()) : null),
    completionRecorded: Boolean(enrolment.completedAt),
    nextLesson: nextLesson ? { id: nextLesson.id, slug: nextLesson.slug, title: nextLesson.title } : null,
  };
}

/** What is done and what remains for one enrolment (null unless it holds a seat). A pure read. */
export function completionState(enrolmentId: number): ProgressSummary | null {
  return progressSummaries({ enrolmentId }).get(enrolmentId) ?? null;
}

/**
 * Certificate eligibility, for the certificates feature: an enrolled learner whose enrolment is complete.
 * A pure read: it records nothing (completion is recorded by the progress commands below).
 */
export function certificateEligibility(
  enrolmentId: number,
): { eligible: true; completedAt: Date } | { eligible: false; reason: "not-enrolled" | "incomplete"; state: ProgressSummary | null } {
  return eligibilityOf(completionState(enrolmentId));
}

/** The same rule for a summary already read (a whole offering's, from progressSummaries). */
export function eligibilityOf(
  state: ProgressSummary | null,
): { eligible: true; completedAt: Date } | { eligible: false; reason: "not-enrolled" | "incomplete"; state: ProgressSummary | null } {
  if (!state) return { eligible: false, reason: "not-enrolled", state: null };
  if (!state.complete || !state.completedAt) return { eligible: false, reason: "incomplete", state };
  return { eligible: true, completedAt: state.completedAt };
}

// ---------- Commands ----------

/**
 * What a progress command did. `courseCompleted` is true only for the command that first completed the course:
 * its caller (an action) then does what follows — see `afterCourseCompleted` in course-completion.server.ts.
 */
export type ProgressOutcome = { lessonCompleted: boolean; courseCompleted: boolean };

/** Records the completion date the first time every requirement is met; true when this call recorded it. */
export function recordCompletion(enrolmentId: number): { courseCompleted: boolean } {
  const state = completionState(enrolmentId);
  if (!state?.complete || state.completionRecorded) return { courseCompleted: false };
  const completedAt = new Date();
  // The 90-day follow-up is scheduled with the completion itself, so no completion is ever left without one.
  return db.transaction(() => {
    const changed = db
      .update(enrolments)
      .set({ completedAt })
      .where(and(eq(enrolments.id, enrolmentId), isNull(enrolments.completedAt)))
      .run().changes;
    if (changed) scheduleFollowUp(enrolmentId, completedAt);
    return { courseCompleted: changed > 0 };
  });
}

/** The learner did something in a lesson: the lesson counts as opened, the enrolment as active now. */
function recordLessonActivity(enrolmentId: number, lessonId: number, now: Date) {
  db.insert(lessonProgress).values({ enrolmentId, lessonId, firstOpenedAt: now }).onConflictDoNothing().run();
  db.update(enrolments).set({ lastActivityAt: now }).where(eq(enrolments.id, enrolmentId)).run();
}

const completedAtOf = db
  .select({ completedAt: lessonProgress.completedAt })
  .from(lessonProgress)
  .where(and(eq(lessonProgress.enrolmentId, sql.placeholder("enrolmentId")), eq(lessonProgress.lessonId, sql.placeholder("lessonId"))))
  .prepare();

/** Sets the lesson's completion date unless it has one; true when this call set it. */
function completeLessonRow(enrolmentId: number, lessonId: number, now: Date) {
  recordLessonActivity(enrolmentId, lessonId, now);
  return (
    db
      .update(lessonProgress)
      .set({ completedAt: now })
      .where(and(eq(lessonProgress.enrolmentId, enrolmentId), eq(lessonProgress.lessonId, lessonId), isNull(lessonProgress.completedAt)))
      .run().changes > 0
  );
}

/** Marks a lesson complete (and the course, when that was its last requirement). */
export function markLessonComplete(enrolmentId: number, lessonId: number): ProgressOutcome {
  // Completing a completed lesson changes nothing: answer without writing (a double click, a resent form).
  if (completedAtOf.get({ enrolmentId, lessonId })?.completedAt) return { lessonCompleted: false, courseCompleted: false };
  return db.transaction(() => ({ lessonCompleted: completeLessonRow(enrolmentId, lessonId, new Date()), ...recordCompletion(enrolmentId) }));
}

type AttemptInput = { enrolmentId: number; lessonId: number; quizId: string; answers: QuizAnswers | Record<string, string[]>; score: number; passMark: number };

/** Stores one graded attempt. */
export function recordQuizAttempt(input: AttemptInput) {
  const passed = input.score >= input.passMark;
  // Stored as a JSON object built from own entries only (fromEntries defines, it never assigns through __proto__).
  const answers = input.answers instanceof Map ? Object.fromEntries(input.answers) : input.answers;
  const now = new Date();
  db.transaction(() => {
    db.insert(quizAttempts)
      .values({ ...input, answers, passed, createdAt: now })
      .run();
    recordLessonActivity(input.enrolmentId, input.lessonId, now);
  });
  return passed;
}

export type QuizSubmission = {
  enrolmentId: number;
  lessonId: number;
  /** Every quiz of the lesson: passing them all completes it. */
  lessonQuizzes: QuizDefinition[];
  quizId: string;
  answers: QuizAnswers;
  /** The course's pass mark, for quizzes that set none. */
  coursePassMark: number;
};

export type QuizOutcome =
  { ok: false; reason: "unknown-quiz" | "tampered" | "incomplete" } | ({ ok: true; score: number; passed: boolean; passMark: number } & ProgressOutcome);

/** Grades a quiz, records the attempt, and completes the lesson (and maybe the course) when every quiz of it is passed. */
export function submitQuiz(input: QuizSubmission): QuizOutcome {
  const quiz = input.lessonQuizzes.find((q) => q.id === input.quizId);
  if (!quiz) return { ok: false, reason: "unknown-quiz" };
  const graded = gradeQuiz(quiz, input.answers);
  if (!graded.ok) return graded;
  const passMark = quiz.passMark ?? input.coursePassMark;
  return db.transaction(() => {
    const passed = recordQuizAttempt({
      enrolmentId: input.enrolmentId,
      lessonId: input.lessonId,
      quizId: quiz.id,
      answers: input.answers,
      score: graded.score,
      passMark,
    });
    const latest = latestAttemptsOfLesson(input.enrolmentId, input.lessonId);
    // Passing every quiz of a lesson completes it; a pass may also be the course's last requirement.
    const lessonCompleted = input.lessonQuizzes.every((q) => latest.get(q.id)?.passed) && completeLessonRow(input.enrolmentId, input.lessonId, new Date());
    return { ok: true as const, score: graded.score, passed, passMark, lessonCompleted, ...recordCompletion(input.enrolmentId) };
  });
}
