import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { courses, enrolments, offerings, users, type Enrolment, type Locale, type Offering, type User } from "../../db/schema";
import { db } from "~/utils/db.server";
import { MAX_BULK, decodeCsv, parseEmailList } from "~/models/email-list.server";
import { isEnrolmentOpen } from "./offering.server";

export type EnrolOutcome = "enrolled" | "waitlisted" | "already-enrolled" | "already-waitlisted";
export class EnrolmentError extends Error {
  constructor(public readonly reason: "unknown-offering" | "closed" | "not-found") {
    super(reason);
  }
}

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

/**
 * The seat rules, inside the caller's write transaction: enrolling twice returns the existing enrolment; a closed or
 * draft offering (or, unless `ignoreWindow`, one outside its enrolment window) refuses; a seat when one is free, the
 * waiting list otherwise.
 */
function takeSeat(tx: Tx, offering: Offering, userId: number, opts: { ignoreWindow?: boolean }): { outcome: EnrolOutcome; enrolment: Enrolment } {
  const existing = tx
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.offeringId, offering.id), eq(enrolments.userId, userId)))
    .get();
  if (existing && existing.status !== "withdrawn") {
    return { outcome: existing.status === "enrolled" ? "already-enrolled" : "already-waitlisted", enrolment: existing };
  }
  if (offering.status === "closed" || offering.status === "draft" || (!opts.ignoreWindow && !isEnrolmentOpen(offering))) throw new EnrolmentError("closed");
  const enrolled = tx
    .select({ n: sql<number>`count(*)` })
    .from(enrolments)
    .where(and(eq(enrolments.offeringId, offering.id), eq(enrolments.status, "enrolled")))
    .get()!.n;
  const now = new Date();
  const status = enrolled < offering.capacity ? ("enrolled" as const) : ("waitlisted" as const);
  const values = { status, requestedAt: now, enrolledAt: status === "enrolled" ? now : null, withdrawnAt: null, updatedAt: now };
  const enrolment = existing
    ? tx.update(enrolments).set(values).where(eq(enrolments.id, existing.id)).returning().get()
    : tx
        .insert(enrolments)
        .values({ offeringId: offering.id, userId, ...values })
        .returning()
        .get();
  return { outcome: status, enrolment };
}

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
      return takeSeat(tx, offering, userId, opts);
    },
    { behavior: "immediate" },
  );
}

/** Fills free seats from the waitlist, first come first served. Returns the promoted enrolments. */
function promoteFromWaitlist(tx: Tx, offeringId: number): Enrolment[] {
  const offering = tx.select().from(offerings).where(eq(offerings.id, offeringId)).get();
  if (!offering || offering.status === "closed") return [];
  const enrolled = tx
    .select({ n: sql<number>`count(*)` })
    .from(enrolments)
    .where(and(eq(enrolments.offeringId, offeringId), eq(enrolments.status, "enrolled")))
    .get()!.n;
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
      const withdrawn = tx
        .update(enrolments)
        .set({ status: "withdrawn", withdrawnAt: now, updatedAt: now })
        .where(eq(enrolments.id, enrolmentId))
        .returning()
        .get();
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
      const enrolled = tx
        .select({ n: sql<number>`count(*)` })
        .from(enrolments)
        .where(and(eq(enrolments.offeringId, e.offeringId), eq(enrolments.status, "enrolled")))
        .get()!.n;
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
  return (
    db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.offeringId, offeringId), eq(enrolments.userId, userId)))
      .get() ?? null
  );
}

/** The learner's live enrolment in a course: enrolled, in an offering that is not closed, the newest first. */
// Read on every lesson page and lesson action: prepared once.
const activeEnrolment = db
  .select({ enrolment: enrolments, offering: offerings })
  .from(enrolments)
  .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
  .where(
    and(
      eq(enrolments.userId, sql.placeholder("userId")),
      eq(offerings.courseId, sql.placeholder("courseId")),
      ne(enrolments.status, "withdrawn"),
      ne(offerings.status, "closed"),
    ),
  )
  .orderBy(desc(offerings.startsAt))
  .prepare();

export function activeEnrolmentForCourse(userId: number, courseId: string) {
  return activeEnrolment.get({ userId, courseId }) ?? null;
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
    .select({
      enrolment: enrolments,
      user: {
        id: users.id,
        displayName: users.displayName,
        email: users.email,
        associationId: users.associationId,
        regionCode: users.regionCode,
        nameArabic: users.nameArabic,
        nameLatin: users.nameLatin,
      },
    })
    .from(enrolments)
    .innerJoin(users, eq(enrolments.userId, users.id))
    .where(and(eq(enrolments.offeringId, offeringId), inArray(enrolments.status, statuses)))
    .orderBy(asc(enrolments.status), asc(enrolments.requestedAt))
    .all();
}

export type BulkOutcome = EnrolOutcome | "unknown" | "invited-enrolled" | "invited-waitlisted" | "disabled";
export type BulkResult = { email: string; outcome: BulkOutcome };
export type BulkRefusal = "encoding" | "junk" | "empty" | "tooMany" | "closed";
export type BulkEnrolResult =
  | { ok: true; results: BulkResult[]; counts: Record<BulkOutcome, number>; invited: User[] }
  | { ok: false; reason: BulkRefusal; lines?: { line: number; text: string }[] };

const BULK_OUTCOMES: BulkOutcome[] = [
  "enrolled",
  "waitlisted",
  "already-enrolled",
  "already-waitlisted",
  "invited-enrolled",
  "invited-waitlisted",
  "unknown",
  "disabled",
];

/**
 * Enrols a list of people in an offering, all or nothing: the pasted text and the CSV file are read (UTF-8 only), every
 * line is checked (a list with a line that is not an email is refused whole, with the lines to fix), unknown addresses
 * get an invited account when asked, and everyone takes a seat or a place on the waiting list under the seat rules, in
 * one IMMEDIATE transaction. Admins are not bound by the enrolment window, but a closed or draft offering refuses the
 * whole list. Returns each address's outcome and the accounts created, whom the caller then invites.
 */
export function bulkEnrol(offeringId: number, input: { pasted?: string | null; csv?: Uint8Array | null; invite: boolean; locale?: Locale }): BulkEnrolResult {
  // The pasted list and the file are read separately, so line numbers in messages match the file.
  const sources: string[] = [];
  if (input.pasted?.trim()) sources.push(input.pasted);
  if (input.csv) {
    const decoded = decodeCsv(input.csv);
    if (decoded === null) return { ok: false, reason: "encoding" };
    sources.push(decoded);
  }
  const emails: string[] = [];
  for (const source of sources) {
    const list = parseEmailList(source);
    if (!list.ok) return list.reason === "junk" ? { ok: false, reason: "junk", lines: list.lines } : { ok: false, reason: list.reason };
    emails.push(...list.emails);
  }
  const unique = [...new Set(emails)];
  if (!unique.length) return { ok: false, reason: "empty" };
  if (unique.length > MAX_BULK) return { ok: false, reason: "tooMany" };

  try {
    return db.transaction(
      (tx) => {
        const offering = tx.select().from(offerings).where(eq(offerings.id, offeringId)).get();
        if (!offering) throw new EnrolmentError("unknown-offering");
        const known = new Map(
          tx
            .select()
            .from(users)
            .where(inArray(users.email, unique))
            .all()
            .map((u) => [u.email, u]),
        );
        const results: BulkResult[] = [];
        const invited: User[] = [];
        for (const email of unique) {
          let user = known.get(email);
          if (!user && input.invite) {
            user = tx
              .insert(users)
              .values({ email, displayName: email.split("@")[0]!, passwordHash: null, role: "learner", locale: input.locale ?? "ar" })
              .returning()
              .get();
            invited.push(user);
          }
          if (!user) {
            results.push({ email, outcome: "unknown" });
            continue;
          }
          if (user.disabled) {
            results.push({ email, outcome: "disabled" });
            continue;
          }
          const { outcome } = takeSeat(tx, offering, user.id, { ignoreWindow: true });
          const wasInvited = invited.includes(user);
          results.push({ email, outcome: wasInvited ? (outcome === "waitlisted" ? "invited-waitlisted" : "invited-enrolled") : outcome });
        }
        const counts = Object.fromEntries(BULK_OUTCOMES.map((o) => [o, results.filter((r) => r.outcome === o).length])) as Record<BulkOutcome, number>;
        return { ok: true as const, results, counts, invited };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    // Thrown inside the transaction, so nothing of the list was written.
    if (error instanceof EnrolmentError) return { ok: false, reason: "closed" };
    throw error;
  }
}
