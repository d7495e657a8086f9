import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { courses, enrolments, offerings, users, type Enrolment } from "../../db/schema";
import { db } from "~/utils/db.server";
import { isEnrolmentOpen } from "./offering.server";

export type EnrolOutcome = "enrolled" | "waitlisted" | "already-enrolled" | "already-waitlisted";
export class EnrolmentError extends Error {
  constructor(public readonly reason: "unknown-offering" | "closed" | "not-found") {
    super(reason);
  }
}

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

/**
 * Takes a seat, or a place on the waitlist when the offering is full. Runs in an IMMEDIATE transaction:
 * the count and the insert happen under SQLite's write lock, so concurrent requests (even from
 * several processes) can never over-book. Enrolling twice returns the existing enrolment.
 */
export function enrol(offeringId: number, userId: number, opts: { ignoreWindow?: boolean } = {}): { outcome: EnrolOutcome; enrolment: Enrolment } {
  return db.transaction(
    (tx) => {
      const offering = tx.select().from(offerings).where(eq(offerings.id, offeringId)).get();
      if (!offering) throw new EnrolmentError("unknown-offering");
      const existing = tx.select().from(enrolments).where(and(eq(enrolments.offeringId, offeringId), eq(enrolments.userId, userId))).get();
      if (existing && existing.status !== "withdrawn") {
        return { outcome: existing.status === "enrolled" ? ("already-enrolled" as const) : ("already-waitlisted" as const), enrolment: existing };
      }
      if (offering.status === "closed" || offering.status === "draft" || (!opts.ignoreWindow && !isEnrolmentOpen(offering))) throw new EnrolmentError("closed");
      const enrolled = tx.select({ n: sql<number>`count(*)` }).from(enrolments).where(and(eq(enrolments.offeringId, offeringId), eq(enrolments.status, "enrolled"))).get()!.n;
      const now = new Date();
      const status = enrolled < offering.capacity ? ("enrolled" as const) : ("waitlisted" as const);
      const values = { status, requestedAt: now, enrolledAt: status === "enrolled" ? now : null, withdrawnAt: null, updatedAt: now };
      const enrolment = existing
        ? tx.update(enrolments).set(values).where(eq(enrolments.id, existing.id)).returning().get()
        : tx.insert(enrolments).values({ offeringId, userId, ...values }).returning().get();
      return { outcome: status, enrolment };
    },
    { behavior: "immediate" },
  );
}

/** Fills free seats from the waitlist, first come first served. Returns the promoted enrolments. */
function promoteFromWaitlist(tx: Tx, offeringId: number): Enrolment[] {
  const offering = tx.select().from(offerings).where(eq(offerings.id, offeringId)).get();
  if (!offering || offering.status === "closed") return [];
  const enrolled = tx.select({ n: sql<number>`count(*)` }).from(enrolments).where(and(eq(enrolments.offeringId, offeringId), eq(enrolments.status, "enrolled"))).get()!.n;
  const free = offering.capacity - enrolled;
  if (free <= 0) return [];
  const next = tx
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.offeringId, offeringId), eq(enrolments.status, "waitlisted")))
    .orderBy(asc(enrolments.requestedAt), asc(enrolments.id))
    .limit(free)
    .all();
  const now = new Date();
  return next.map((e) => tx.update(enrolments).set({ status: "enrolled", enrolledAt: now, updatedAt: now }).where(eq(enrolments.id, e.id)).returning().get());
}

export function promoteWaitlisted(offeringId: number) {
  return db.transaction((tx) => promoteFromWaitlist(tx, offeringId), { behavior: "immediate" });
}

/** Withdraws an enrolment (the learner's own choice or an admin's); a freed seat goes to the first on the waitlist. */
export function withdraw(enrolmentId: number): { withdrawn: Enrolment; promoted: Enrolment[] } {
  return db.transaction(
    (tx) => {
      const current = tx.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).get();
      if (!current || current.status === "withdrawn") throw new EnrolmentError("not-found");
      const now = new Date();
      const withdrawn = tx.update(enrolments).set({ status: "withdrawn", withdrawnAt: now, updatedAt: now }).where(eq(enrolments.id, enrolmentId)).returning().get();
      const promoted = current.status === "enrolled" ? promoteFromWaitlist(tx, current.offeringId) : [];
      return { withdrawn, promoted };
    },
    { behavior: "immediate" },
  );
}

/** An admin moves one person from the waitlist into a free seat. */
export function promoteOne(enrolmentId: number): Enrolment | "full" | "not-waitlisted" {
  return db.transaction(
    (tx) => {
      const e = tx.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).get();
      if (!e || e.status !== "waitlisted") return "not-waitlisted" as const;
      const offering = tx.select().from(offerings).where(eq(offerings.id, e.offeringId)).get()!;
      const enrolled = tx.select({ n: sql<number>`count(*)` }).from(enrolments).where(and(eq(enrolments.offeringId, e.offeringId), eq(enrolments.status, "enrolled"))).get()!.n;
      if (enrolled >= offering.capacity) return "full" as const;
      const now = new Date();
      return tx.update(enrolments).set({ status: "enrolled", enrolledAt: now, updatedAt: now }).where(eq(enrolments.id, e.id)).returning().get();
    },
    { behavior: "immediate" },
  );
}

export function getEnrolment(id: number) {
  return db.select().from(enrolments).where(eq(enrolments.id, id)).get() ?? null;
}

export function findEnrolment(offeringId: number, userId: number) {
  return db.select().from(enrolments).where(and(eq(enrolments.offeringId, offeringId), eq(enrolments.userId, userId))).get() ?? null;
}

/** The learner's live enrolment in a course: enrolled, in an offering that is not closed, the newest first. */
export function activeEnrolmentForCourse(userId: number, courseId: string) {
  return (
    db
      .select({ enrolment: enrolments, offering: offerings })
      .from(enrolments)
      .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
      .where(and(eq(enrolments.userId, userId), eq(offerings.courseId, courseId), ne(enrolments.status, "withdrawn"), ne(offerings.status, "closed")))
      .orderBy(desc(offerings.startsAt))
      .get() ?? null
  );
}

export function enrolmentsOfUser(userId: number) {
  return db
    .select({ enrolment: enrolments, offering: offerings, course: courses })
    .from(enrolments)
    .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
    .innerJoin(courses, eq(offerings.courseId, courses.id))
    .where(and(eq(enrolments.userId, userId), ne(enrolments.status, "withdrawn")))
    .orderBy(desc(offerings.startsAt))
    .all();
}

export function offeringEnrolments(offeringId: number, statuses: Enrolment["status"][] = ["enrolled", "waitlisted"]) {
  return db
    .select({ enrolment: enrolments, user: { id: users.id, displayName: users.displayName, email: users.email, associationId: users.associationId, regionCode: users.regionCode, nameArabic: users.nameArabic, nameLatin: users.nameLatin } })
    .from(enrolments)
    .innerJoin(users, eq(enrolments.userId, users.id))
    .where(and(eq(enrolments.offeringId, offeringId), inArray(enrolments.status, statuses)))
    .orderBy(asc(enrolments.status), asc(enrolments.requestedAt))
    .all();
}

export type BulkResult = { email: string; outcome: EnrolOutcome | "unknown" | "invited-enrolled" | "invited-waitlisted" | "disabled" };

/** Enrols a list of existing accounts in one transaction; admins are not bound by the enrolment window. */
export function bulkEnrol(offeringId: number, emails: string[], createInvited?: (email: string) => number | null): BulkResult[] {
  return db.transaction(
    () => {
      const results: BulkResult[] = [];
      for (const email of emails) {
        let user = db.select().from(users).where(eq(users.email, email)).get();
        let invited = false;
        if (!user && createInvited) {
          const id = createInvited(email);
          user = id ? db.select().from(users).where(eq(users.id, id)).get() : undefined;
          invited = Boolean(user);
        }
        if (!user) {
          results.push({ email, outcome: "unknown" });
          continue;
        }
        if (user.disabled) {
          results.push({ email, outcome: "disabled" });
          continue;
        }
        const { outcome } = enrol(offeringId, user.id, { ignoreWindow: true });
        results.push({ email, outcome: invited ? (outcome === "waitlisted" ? "invited-waitlisted" : "invited-enrolled") : outcome });
      }
      return results;
    },
    { behavior: "immediate" },
  );
}
