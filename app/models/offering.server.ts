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

export function countEnrolled(offeringId: number) {
  return db.select({ n: sql<number>`count(*)` }).from(enrolments).where(and(eq(enrolments.offeringId, offeringId), eq(enrolments.status, "enrolled"))).get()?.n ?? 0;
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
    .where(and(filter.courseId ? eq(offerings.courseId, filter.courseId) : undefined, filter.includeClosed === false ? ne(offerings.status, "closed") : undefined, trainerCondition))
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
  return Boolean(db.select().from(offeringTrainers).where(and(eq(offeringTrainers.offeringId, offeringId), eq(offeringTrainers.userId, userId))).get());
}

export type OfferingSaveResult = { ok: true; id: number } | { ok: false; field: string; error: string };

export function saveOffering(input: OfferingInput, id?: number): OfferingSaveResult {
  return db.transaction((tx) => {
    if (id) {
      const enrolled = tx.select({ n: sql<number>`count(*)` }).from(enrolments).where(and(eq(enrolments.offeringId, id), eq(enrolments.status, "enrolled"))).get()!.n;
      if (input.capacity < enrolled) return { ok: false as const, field: "capacity", error: "offerings.errors.capacityBelowEnrolled" };
    }
    const clash = tx
      .select({ id: offerings.id })
      .from(offerings)
      .where(and(eq(offerings.courseId, input.courseId), eq(offerings.periodLabel, input.periodLabel), id ? ne(offerings.id, id) : undefined))
      .get();
    if (clash) return { ok: false as const, field: "periodLabel", error: "offerings.errors.periodTaken" };
    const { trainerIds, ...values } = input;
    let offeringId = id;
    if (id) {
      tx.update(offerings).set({ ...values, updatedAt: new Date() }).where(eq(offerings.id, id)).run();
    } else {
      offeringId = tx.insert(offerings).values(values).returning({ id: offerings.id }).get().id;
    }
    tx.delete(offeringTrainers).where(eq(offeringTrainers.offeringId, offeringId!)).run();
    if (trainerIds.length) tx.insert(offeringTrainers).values(trainerIds.map((userId) => ({ offeringId: offeringId!, userId }))).run();
    return { ok: true as const, id: offeringId! };
  });
}

export function listTrainers() {
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(inArray(users.role, ["trainer", "admin"]), eq(users.disabled, false)))
    .orderBy(asc(users.displayName))
    .all();
}
