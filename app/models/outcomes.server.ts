import { and, desc, eq, inArray } from "drizzle-orm";
import {
  assessmentAttempts,
  enrolments,
  offerings,
  surveyResponses,
  type AssessmentKind,
  type Course,
  type Locale,
  type StoredQuiz,
  type SurveyQuestion,
} from "../../db/schema";
import { hasStarted } from "~/models/offering.server";
import { completionState, gradeQuiz, type QuizAnswers } from "~/models/progress.server";
import { db } from "~/utils/db.server";

// ---------- Pre-/post-test ----------

/** The quiz a course asks as its pre- or post-test, in the reader's language (else the course's fallback, else any). */
export function assessmentQuiz(course: Pick<Course, "assessment" | "fallbackLocale">, kind: AssessmentKind, locale: Locale) {
  const assessment = course.assessment;
  if (!assessment) return null;
  const version = assessment.versions[locale] ?? assessment.versions[course.fallbackLocale] ?? Object.values(assessment.versions)[0];
  const quiz = version?.quizzes.find((q) => q.id === assessment[kind]);
  if (!version || !quiz) return null;
  const quizLocale = (Object.keys(assessment.versions) as Locale[]).find((l) => assessment.versions[l] === version)!;
  return { quiz, title: version.title, summary: version.summary, locale: quizLocale };
}

export type AssessmentResult = { score: number; maxScore: number; percent: number; at: Date };

/** The enrolment's pre- and post-test results (null where not taken). A pure read. */
export function assessmentResults(enrolmentId: number): Record<AssessmentKind, AssessmentResult | null> {
  const rows = db.select().from(assessmentAttempts).where(eq(assessmentAttempts.enrolmentId, enrolmentId)).all();
  const result = (kind: AssessmentKind) => {
    const row = rows.find((r) => r.kind === kind);
    return row ? { score: row.score, maxScore: row.maxScore, percent: Math.round((row.score / row.maxScore) * 100), at: row.createdAt } : null;
  };
  return { pre: result("pre"), post: result("post") };
}

export type AssessmentOutcome =
  { ok: true; result: AssessmentResult } | { ok: false; reason: "tampered" | "incomplete" | "already-taken" | "pre-closed" | "post-not-yet" };

/**
 * Grades and records a pre- or post-test with the quiz engine. One attempt per kind and enrolment (the unique index
 * decides under concurrent posts); the pre-test closes once the post-test is taken, and the post-test opens when every
 * lesson is complete (`lessonsDone`: the caller's completion state).
 */
export function submitAssessment(input: {
  enrolment: { id: number; userId: number; offeringId: number };
  kind: AssessmentKind;
  quiz: StoredQuiz;
  answers: QuizAnswers;
  lessonsDone: boolean;
}): AssessmentOutcome {
  if (input.kind === "post" && !input.lessonsDone) return { ok: false, reason: "post-not-yet" };
  const graded = gradeQuiz(input.quiz, input.answers);
  if (!graded.ok) return graded;
  const score = graded.questions.filter((q) => q.correct).length;
  const maxScore = input.quiz.questions.length;
  const now = new Date();
  return db.transaction(
    () => {
      const taken = assessmentResults(input.enrolment.id);
      if (taken[input.kind]) return { ok: false as const, reason: "already-taken" as const };
      if (input.kind === "pre" && taken.post) return { ok: false as const, reason: "pre-closed" as const };
      const inserted = db
        .insert(assessmentAttempts)
        .values({
          userId: input.enrolment.userId,
          offeringId: input.enrolment.offeringId,
          enrolmentId: input.enrolment.id,
          kind: input.kind,
          score,
          maxScore,
          answers: Object.fromEntries(input.answers),
          createdAt: now,
        })
        .onConflictDoNothing()
        .run().changes;
      if (!inserted) return { ok: false as const, reason: "already-taken" as const };
      return { ok: true as const, result: { score, maxScore, percent: Math.round((score / maxScore) * 100), at: now } };
    },
    { behavior: "immediate" },
  );
}

// ---------- Satisfaction survey ----------

export type SurveyAnswers = Record<SurveyQuestion, number> & { comment: string | null };

/** Whether the enrolment's survey was answered (never what was answered: the page shows only "thank you"). */
export function surveyAnswered(enrolmentId: number) {
  return Boolean(db.select({ id: surveyResponses.id }).from(surveyResponses).where(eq(surveyResponses.enrolmentId, enrolmentId)).get());
}

/** Which of these enrolments answered their survey, in one query (the learner's dashboard). */
export function surveysAnswered(enrolmentIds: number[]): Set<number> {
  if (!enrolmentIds.length) return new Set();
  const rows = db.select({ id: surveyResponses.enrolmentId }).from(surveyResponses).where(inArray(surveyResponses.enrolmentId, enrolmentIds)).all();
  return new Set(rows.map((r) => r.id));
}

/** Records the survey once per enrolment, for a completed course only. */
export function submitSurvey(
  enrolment: { id: number; offeringId: number; completedAt: Date | null },
  courseId: string,
  answers: SurveyAnswers,
): { ok: true } | { ok: false; reason: "not-completed" | "already-answered" } {
  if (!enrolment.completedAt) return { ok: false, reason: "not-completed" };
  const inserted = db
    .insert(surveyResponses)
    .values({ enrolmentId: enrolment.id, offeringId: enrolment.offeringId, courseId, ...answers })
    .onConflictDoNothing()
    .run().changes;
  return inserted ? { ok: true } : { ok: false, reason: "already-answered" };
}

// ---------- The learner's standing, for the course page and the outcome pages ----------

export type LearnerOutcomes = {
  enrolment: { id: number; userId: number; offeringId: number; completedAt: Date | null };
  /** Holds a seat in a running offering: may take the tests. */
  active: boolean;
  /** Every lesson is complete: the post-test is open. */
  lessonsDone: boolean;
  results: Record<AssessmentKind, AssessmentResult | null>;
  surveyAnswered: boolean;
};

/**
 * The learner's newest seat in the course (closed offerings included: a survey can be answered after the offering
 * closed) and what they did of the pre-test, post-test and survey. Null without a seat. A pure read.
 */
export function learnerOutcomes(userId: number, courseId: string, now = new Date()): LearnerOutcomes | null {
  const row = db
    .select({ enrolment: enrolments, offering: offerings })
    .from(enrolments)
    .innerJoin(offerings, eq(offerings.id, enrolments.offeringId))
    .where(and(eq(enrolments.userId, userId), eq(offerings.courseId, courseId), eq(enrolments.status, "enrolled")))
    .orderBy(desc(offerings.startsAt))
    .get();
  if (!row) return null;
  const { enrolment, offering } = row;
  const state = completionState(enrolment.id);
  return {
    enrolment: { id: enrolment.id, userId: enrolment.userId, offeringId: enrolment.offeringId, completedAt: enrolment.completedAt },
    active: offering.status !== "closed" && hasStarted(offering, now),
    lessonsDone: Boolean(state && state.lessonsTotal > 0 && state.lessonsDone === state.lessonsTotal),
    results: assessmentResults(enrolment.id),
    surveyAnswered: surveyAnswered(enrolment.id),
  };
}
