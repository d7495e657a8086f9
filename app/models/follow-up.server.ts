import crypto from "node:crypto";
import { and, asc, eq, gt, isNull, lte } from "drizzle-orm";
import { courses, enrolments, followUps, offerings, users, type Course, type FollowUpUse } from "../../db/schema";
import { notifyFollowUp } from "~/models/notifications.server";
import { db } from "~/utils/db.server";

const DAY = 86_400_000;
/** The follow-up question is asked this long after completion. */
export const FOLLOW_UP_DELAY_MS = 90 * DAY;
/** And its link answers for this long after it was sent. */
export const FOLLOW_UP_VALID_MS = 60 * DAY;

/** Schedules the follow-up question of a completed enrolment (once: a second completion changes nothing). */
export function scheduleFollowUp(enrolmentId: number, completedAt: Date) {
  return (
    db
      .insert(followUps)
      .values({ enrolmentId, dueAt: new Date(completedAt.getTime() + FOLLOW_UP_DELAY_MS) })
      .onConflictDoNothing()
      .run().changes > 0
  );
}

export function hashFollowUpToken(token: string) {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/**
 * Emails every follow-up that is due and not sent yet, each with a fresh single-use link whose token exists only in
 * the email (the row keeps its SHA-256). A row is claimed before its email goes out, so two runs never send it twice.
 * Learners whose account is disabled are passed over (their row stays unsent). Returns how many were sent.
 */
export async function sendDueFollowUps(now = new Date()) {
  const due = db
    .select({
      id: followUps.id,
      email: users.email,
      displayName: users.displayName,
      locale: users.locale,
      courseTitle: courses.title,
    })
    .from(followUps)
    .innerJoin(enrolments, eq(enrolments.id, followUps.enrolmentId))
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(offerings, eq(offerings.id, enrolments.offeringId))
    .innerJoin(courses, eq(courses.id, offerings.courseId))
    .where(and(isNull(followUps.sentAt), lte(followUps.dueAt, now), eq(users.disabled, false)))
    .orderBy(asc(followUps.dueAt))
    .limit(500)
    .all();
  let sent = 0;
  for (const row of due) {
    const token = issueFollowUpLink(row.id, now);
    if (!token) continue;
    await notifyFollowUp({ email: row.email, displayName: row.displayName, locale: row.locale }, { courseTitle: row.courseTitle, token });
    sent += 1;
  }
  return sent;
}

/**
 * Gives a follow-up that was not sent yet its single-use link, valid FOLLOW_UP_VALID_MS: returns the token (to be put
 * in the email, never stored) or null when the row was already sent (claimed by a concurrent run).
 */
export function issueFollowUpLink(followUpId: number, now = new Date()) {
  const token = crypto.randomBytes(32).toString("base64url");
  const claimed = db
    .update(followUps)
    .set({ tokenHash: hashFollowUpToken(token), sentAt: now, expiresAt: new Date(now.getTime() + FOLLOW_UP_VALID_MS) })
    .where(and(eq(followUps.id, followUpId), isNull(followUps.sentAt)))
    .run().changes;
  return claimed ? token : null;
}

export type FollowUpLink =
  | { status: "open"; courseTitle: Course["title"]; expiresAt: Date }
  | { status: "answered"; courseTitle: Course["title"] }
  | { status: "expired" }
  | { status: "unknown" };

/** What a follow-up link leads to. Looked up by the token's hash (never compared as text). A pure read. */
export function followUpByToken(token: string, now = new Date()): FollowUpLink {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: "unknown" };
  const row = db
    .select({ followUp: followUps, courseTitle: courses.title })
    .from(followUps)
    .innerJoin(enrolments, eq(enrolments.id, followUps.enrolmentId))
    .innerJoin(offerings, eq(offerings.id, enrolments.offeringId))
    .innerJoin(courses, eq(courses.id, offerings.courseId))
    .where(eq(followUps.tokenHash, hashFollowUpToken(token)))
    .get();
  if (!row) return { status: "unknown" };
  if (row.followUp.answeredAt) return { status: "answered", courseTitle: row.courseTitle };
  if (!row.followUp.expiresAt || row.followUp.expiresAt.getTime() <= now.getTime()) return { status: "expired" };
  return { status: "open", courseTitle: row.courseTitle, expiresAt: row.followUp.expiresAt };
}

/** Records the answer once; a second answer, an expired or an unknown link changes nothing and says why. */
export function answerFollowUp(
  token: string,
  answer: { used: FollowUpUse; how: string | null },
  now = new Date(),
): { ok: true } | { ok: false; reason: Exclude<FollowUpLink["status"], "open"> } {
  const link = followUpByToken(token, now);
  if (link.status !== "open") return { ok: false, reason: link.status };
  const changed = db
    .update(followUps)
    .set({ answeredAt: now, used: answer.used, how: answer.how })
    .where(and(eq(followUps.tokenHash, hashFollowUpToken(token)), isNull(followUps.answeredAt), gt(followUps.expiresAt, now)))
    .run().changes;
  return changed ? { ok: true } : { ok: false, reason: "answered" };
}

/** The follow-ups of some enrolments with their state, for tests and staff views. */
export function followUpOf(enrolmentId: number) {
  return db.select().from(followUps).where(eq(followUps.enrolmentId, enrolmentId)).get() ?? null;
}
