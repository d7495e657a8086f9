import { autoIssue, type IssueOutcome } from "./certificate.server";

/**
 * What follows the first completion of a course. Called by the action whose command returned
 * `courseCompleted: true` (quiz, lesson completion, a trainer accepting the last exercise) — never from a read and
 * never from a listener. Courses that issue automatically issue now (the email goes out with the certificate).
 */
export function afterCourseCompleted(enrolmentId: number): { certificate: IssueOutcome | null } {
  return { certificate: autoIssue(enrolmentId) };
}
