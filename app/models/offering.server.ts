import { and, asc, desc, eq, gte, inArray, ne, sql } from "drizzle-orm";
import { courses, enrolments, offerings, offeringTrainers, users, type Locale, type Offering, type OfferingStatus } from "../../db/schema";
import { db } from "~/utils/db.server";

export type OfferingInput = {
  courseId: string;
  periodLabel: string;
  enrolOpensAt: Date;
  enrolClosesAt: Date;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  languages: Locale[];
  status: OfferingStatus;
  trainerIds: number[];
};

// drizzle writes columns unqualified inside sql``, so a bare ${offerings.id} here would bind to enrolments.id:
// every column of this correlated subquery is qualified by hand.
const qualified = (table: string, column: { name: string }) => sql`${sql.identifier(table)}.${sql.identifier(column.name)}`;
const seatsWith = (status: "enrolled" | "waitlisted") =>
  sql<number>`(SELECT count(*) FROM ${enrolments} WHERE ${qualified("enrolments", enrolments.offeringId)} = ${qualified("offerings", offerings.id)} AND ${qualified("enrolments", enrolments.status)} = ${status})`;
const seatCounts = { enrolled: seatsWith("enrolled"), waitlisted: seatsWith("waitlisted") };

/** Free seats as every page shows them: capacity minus the people enrolled (waitlisted and withdrawn take none). */
export function seatsLeft(capacity: number, enrolled: number) {
  return Math.max(0, capacity - enrolled);
}

/** Enrolment is possible while the offering is open or running and today is inside its enrolment window. */
export function isEnrolmentOpen(offering: Pick<Offering, "status" | "enrolOpensAt" | "enrolClosesAt">, now = new Date()) {
  return (offering.status === "open" || offering.status === "running") && offering.enrolOpensAt <= now && now <= offering.enrolClosesAt;
}

/** Lessons open from the offering's start; before that learners see a preview. */
export function hasStarted(offering: Pick<Offering, "startsAt" | "status">, now = new Date()) {
  return offering.status !== "draft" && offering.startsAt <= now;
}

export function getOffering(id: number) {
  const row = db
    .select({ offering: offerings, course: courses, ...seatCounts })
    .from(offerings)
    .innerJoin(courses, eq(offerings.courseId, courses.id))
    .where(eq(offerings.id, id))
    .get();
  if (!row) return null;
  const trainers = db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(offeringTrainers)
    .innerJoin(users, eq(offeringTrainers.userId, users.id))
    .where(eq(offeringTrainers.offeringId, id))
    .all();
  return { ...row, trainers };
}

export function listOfferings(filter: { courseId?: string; trainerId?: number; includeClosed?: boolean } = {}) {
  const trainerCondition = filter.trainerId
    ? inArray(offerings.id, db.select({ id: offeringTrainers.offeringId }).from(offeringTrainers).where(eq(offeringTrainers.userId, filter.trainerId)))
    : undefined;
  return db
    .select({ offering: offerings, course: courses, ...seatCounts })
    .from(offerings)
    .innerJoin(courses, eq(offerings.courseId, courses.id))
    .where(
      and(
        filter.courseId ? eq(offerings.courseId, filter.courseId) : undefined,
        filter.includeClosed === false ? ne(offerings.status, "closed") : undefined,
        trainerCondition,
      ),
    )
    .orderBy(desc(offerings.startsAt), asc(courses.id))
    .all();
}

/** For the public catalogue: the offering running or enrolling now, else the next one announced. */
export function catalogueOfferings(now = new Date()) {
  const rows = db
    .select({ offering: offerings, ...seatCounts })
    .from(offerings)
    .where(and(inArray(offerings.status, ["open", "running"]), gte(offerings.endsAt, now)))
    .orderBy(asc(offerings.startsAt))
    .all();
  const byCourse = new Map<string, (typeof rows)[number][]>();
  for (const row of rows) byCourse.set(row.offering.courseId, [...(byCourse.get(row.offering.courseId) ?? []), row]);
  return byCourse;
}

export function isTrainerOf(userId: number, offeringId: number) {
  return Boolean(
    db
      .select()
      .from(offeringTrainers)
      .where(and(eq(offeringTrainers.offeringId, offeringId), eq(offeringTrainers.userId, userId)))
      .get(),
  );
}

export type OfferingIssue = { field: "courseId" | "periodLabel" | "capacity" | "trainerIds"; error: string };
export type OfferingSaveResult =
  { ok: true; id: number } | { ok: false; field: string; error: string; issues: OfferingIssue[] } | { ok: false; field: "id"; error: "missing"; issues: [] };

/** The people who may teach an offering: trainers and admins whose account is not disabled. */
function teacherIds(tx: Tx, ids: number[]) {
  if (!ids.length) return new Set<number>();
  return new Set(
    tx
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.id, ids), inArray(users.role, ["trainer", "admin"]), eq(users.disabled, false)))
      .all()
      .map((r) => r.id),
  );
}

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

/**
 * Creates an offering, or updates one. Every rule that depends on the database is checked here, inside the write
 * transaction, and all the problems found come back together: the course exists, the period is free for this course,
 * the seats are not fewer than the people enrolled, every trainer is a trainer (or admin) with a working account.
 * A closed offering stays closed: its status changes only through `reopenOffering`, whatever the form posted.
 */
export function saveOffering(input: OfferingInput, id?: number): OfferingSaveResult {
  return db.transaction(
    (tx) => {
      const current = id ? tx.select().from(offerings).where(eq(offerings.id, id)).get() : undefined;
      if (id && !current) return { ok: false as const, field: "id" as const, error: "missing" as const, issues: [] as [] };
      const issues: OfferingIssue[] = [];
      // A course removed from disk (archived) takes no new offerings; one that already has this offering keeps it.
      const course = tx.select({ id: courses.id, archivedAt: courses.archivedAt }).from(courses).where(eq(courses.id, input.courseId)).get();
      if (!course || (course.archivedAt && current?.courseId !== course.id)) issues.push({ field: "courseId", error: "errors.invalidChoice" });
      const clash = tx
        .select({ id: offerings.id })
        .from(offerings)
        .where(and(eq(offerings.courseId, input.courseId), eq(offerings.periodLabel, input.periodLabel), id ? ne(offerings.id, id) : undefined))
        .get();
      if (clash) issues.push({ field: "periodLabel", error: "offerings.errors.periodTaken" });
      if (id) {
        const enrolled = tx
          .select({ n: sql<number>`count(*)` })
          .from(enrolments)
          .where(and(eq(enrolments.offeringId, id), eq(enrolments.status, "enrolled")))
          .get()!.n;
        if (input.capacity < enrolled) issues.push({ field: "capacity", error: "offerings.errors.capacityBelowEnrolled" });
      }
      const trainerIds = [...new Set(input.trainerIds)];
      const teachers = teacherIds(tx, trainerIds);
      if (trainerIds.some((t) => !teachers.has(t))) issues.push({ field: "trainerIds", error: "offerings.errors.notATrainer" });
      if (issues.length) return { ok: false as const, field: issues[0]!.field, error: issues[0]!.error, issues };

      const { trainerIds: _ignored, ...values } = input;
      let offeringId = id;
      if (current) {
        // Closing and reopening are commands of their own; a form saved later (even one loaded before the
        // offering was closed) cannot undo them.
        const status = current.status === "closed" || values.status === "closed" ? current.status : values.status;
        tx.update(offerings)
          .set({ ...values, status, updatedAt: new Date() })
          .where(eq(offerings.id, current.id))
          .run();
      } else {
        offeringId = tx.insert(offerings).values(values).returning({ id: offerings.id }).get().id;
      }
      tx.delete(offeringTrainers).where(eq(offeringTrainers.offeringId, offeringId!)).run();
      if (trainerIds.length)
        tx.insert(offeringTrainers)
          .values(trainerIds.map((userId) => ({ offeringId: offeringId!, userId })))
          .run();
      return { ok: true as const, id: offeringId! };
    },
    { behavior: "immediate" },
  );
}

export type CloseResult =
  | { ok: false; reason: "missing" }
  | { ok: true; alreadyClosed: boolean; enrolled: number; completed: number; released: { enrolmentId: number; userId: number; offeringId: number }[] };

/**
 * Closes an offering, in one transaction: no more enrolment, and the people still on its waiting list are released
 * (withdrawn, since no seat will ever come). Returns what happened, so the page can say it and the caller can tell the
 * released people. Closing twice changes nothing the second time.
 */
export function closeOffering(id: number, now = new Date()): CloseResult {
  return db.transaction(
    (tx) => {
      const current = tx.select().from(offerings).where(eq(offerings.id, id)).get();
      if (!current) return { ok: false as const, reason: "missing" as const };
      const alreadyClosed = current.status === "closed";
      const released = alreadyClosed
        ? []
        : tx
            .update(enrolments)
            .set({ status: "withdrawn", withdrawnAt: now, updatedAt: now })
            .where(and(eq(enrolments.offeringId, id), eq(enrolments.status, "waitlisted")))
            .returning({ enrolmentId: enrolments.id, userId: enrolments.userId, offeringId: enrolments.offeringId })
            .all();
      if (!alreadyClosed) tx.update(offerings).set({ status: "closed", updatedAt: now }).where(eq(offerings.id, id)).run();
      const counts = tx
        .select({ enrolled: sql<number>`count(*)`, completed: sql<number>`count(${enrolments.completedAt})` })
        .from(enrolments)
        .where(and(eq(enrolments.offeringId, id), eq(enrolments.status, "enrolled")))
        .get()!;
      return { ok: true as const, alreadyClosed, enrolled: counts.enrolled, completed: counts.completed, released };
    },
    { behavior: "immediate" },
  );
}

export type ReopenResult = { ok: false; reason: "missing" | "notClosed" } | { ok: true; status: "open" | "running" };

/** Reopens a closed offering: running when its start date has passed, open for enrolment before that. */
export function reopenOffering(id: number, now = new Date()): ReopenResult {
  return db.transaction(
    (tx) => {
      const current = tx.select().from(offerings).where(eq(offerings.id, id)).get();
      if (!current) return { ok: false as const, reason: "missing" as const };
      if (current.status !== "closed") return { ok: false as const, reason: "notClosed" as const };
      const status = current.startsAt <= now ? ("running" as const) : ("open" as const);
      tx.update(offerings).set({ status, updatedAt: now }).where(eq(offerings.id, id)).run();
      return { ok: true as const, status };
    },
    { behavior: "immediate" },
  );
}

export function listTrainers() {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(inArray(users.role, ["trainer", "admin"]), eq(users.disabled, false)))
    .orderBy(asc(users.displayName))
    .all();
}
