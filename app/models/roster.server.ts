
import { associations } from "../../db/schema";
import { db } from "~/utils/db.server";
import { offeringEnrolments } from "./enrolment.server";
import { bestScores, completionState } from "./progress.server";
import { submissionsOfEnrolment } from "./submission.server";

/** One row per learner of an offering: what a trainer follows and what funders ask for. */
export function rosterOf(offeringId: number) {
  const names = new Map(db.select({ id: associations.id, name: associations.name }).from(associations).all().map((a) => [a.id, a.name]));
  return offeringEnrolments(offeringId).map(({ enrolment, user }) => {
    const state = enrolment.status === "enrolled" ? completionState(enrolment.id) : null;
    const scores = bestScores(enrolment.id);
    const subs = submissionsOfEnrolment(enrolment.id);
    return {
      enrolmentId: enrolment.id,
      userId: user.id,
      name: user.displayName,
      email: user.email,
      association: user.associationId ? (names.get(user.associationId) ?? null) : null,
      regionCode: user.regionCode,
      status: enrolment.status,
      requestedAt: enrolment.requestedAt,
      percent: state?.percent ?? 0,
      lessonsDone: state?.lessonsDone ?? 0,
      lessonsTotal: state?.lessonsTotal ?? 0,
      quizzesPassed: state?.quizzesPassed ?? 0,
      quizzesTotal: state?.quizzesTotal ?? 0,
      averageScore: scores.length ? Math.round(scores.reduce((s, q) => s + q.best, 0) / scores.length) : null,
      exercisesAccepted: state?.exercisesAccepted ?? 0,
      exercisesTotal: state?.exercisesTotal ?? 0,
      exercisesWaiting: subs.filter((s) => s.status === "submitted").length,
      exercisesToRedo: subs.filter((s) => s.status === "changes_requested").length,
      lastActivityAt: enrolment.lastActivityAt,
      completedAt: enrolment.completedAt,
    };
  });
}

export type RosterRow = ReturnType<typeof rosterOf>[number];

