import { associations } from "../../db/schema";
import { db } from "~/utils/db.server";
import { offeringEnrolments } from "./enrolment.server";
import { progressSummaries } from "./progress.server";

/**
 * One row per learner of an offering: what a trainer follows and what funders ask for. The same fixed number of
 * queries for ten learners or five hundred.
 */
export function rosterOf(offeringId: number) {
  const names = new Map(
    db
      .select({ id: associations.id, name: associations.name })
      .from(associations)
      .all()
      .map((a) => [a.id, a.name]),
  );
  const progress = progressSummaries({ offeringId });
  return offeringEnrolments(offeringId).map(({ enrolment, user }) => {
    const state = progress.get(enrolment.id);
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
      quizzesFailed: state?.quizzesFailed ?? 0,
      quizzesTotal: state?.quizzesTotal ?? 0,
      averageScore: state?.averageScore ?? null,
      exercisesAccepted: state?.exercisesAccepted ?? 0,
      exercisesTotal: state?.exercisesTotal ?? 0,
      exercisesWaiting: state?.exercisesWaiting ?? 0,
      exercisesToRedo: state?.exercisesToRedo ?? 0,
      lastActivityAt: enrolment.lastActivityAt,
      complete: state?.complete ?? false,
      completedAt: state?.complete ? state.completedAt : null,
    };
  });
}

export type RosterRow = ReturnType<typeof rosterOf>[number];
