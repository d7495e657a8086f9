import { eq } from "drizzle-orm";
import { courses, enrolments, offerings } from "../../db/schema";
import { db } from "~/utils/db.server";
import { issueCertificate, type IssueOutcome } from "./certificate.server";

/**
 * What follows the first completion of a course. Called by the action whose command returned
 * `courseCompleted: true` (quiz, lesson completion, a trainer accepting the last exercise) — never from a read and
 * never from a listener. Courses that issue automatically issue now; `issueCertificate` emails the learner.
 */
export function afterCourseCompleted(enrolmentId: number): { certificate: IssueOutcome | null } {
  const row = db
    .select({ course: courses })
    .from(enrolments)
    .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
    .innerJoin(courses, eq(offerings.courseId, courses.id))
    .where(eq(enrolments.id, enrolmentId))
    .get();
  if (!row?.course.certificate.autoIssue) return { certificate: null };
  return { certificate: issueCertificate(enrolmentId, row.course.certificate.language ?? "ar-fr", null) };
}
