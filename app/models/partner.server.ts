import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { courses, offerings, partnerOfferings, partners, users, type Partner } from "../../db/schema";
import { db } from "~/utils/db.server";
import { normalizeEmail } from "./user.server";

/**
 * Funders (partners) and what they may see: an organisation, its staff accounts (role "partner", partner_id set) and
 * the offerings linked to it. A partner only ever receives aggregates of those offerings (see partner-view.server.ts).
 */

export function listPartners() {
  const staff = db
    .select({ partnerId: users.partnerId, staffCount: sql<number>`count(*)`.as("staff_count") })
    .from(users)
    .where(eq(users.role, "partner"))
    .groupBy(users.partnerId)
    .as("staff");
  const linked = db
    .select({ partnerId: partnerOfferings.partnerId, offeringCount: sql<number>`count(*)`.as("offering_count") })
    .from(partnerOfferings)
    .groupBy(partnerOfferings.partnerId)
    .as("linked");
  return db
    .select({
      id: partners.id,
      name: partners.name,
      staff: sql<number>`coalesce(${staff.staffCount}, 0)`,
      offerings: sql<number>`coalesce(${linked.offeringCount}, 0)`,
    })
    .from(partners)
    .leftJoin(staff, eq(staff.partnerId, partners.id))
    .leftJoin(linked, eq(linked.partnerId, partners.id))
    .orderBy(asc(partners.name))
    .all();
}

export function getPartner(id: number): Partner | null {
  return db.select().from(partners).where(eq(partners.id, id)).get() ?? null;
}

export function partnerNameTaken(name: string) {
  return Boolean(
    db
      .select({ id: partners.id })
      .from(partners)
      .where(sql`lower(${partners.name}) = lower(${name.trim()})`)
      .get(),
  );
}

/** Null when the name is taken (the unique index on lower(name) decides under concurrency). */
export function createPartner(name: string): Partner | null {
  return db.insert(partners).values({ name: name.trim() }).onConflictDoNothing().returning().get() ?? null;
}

/** The partner organisation a partner account works for, or null (any other role, or not attached). */
export function partnerOfUser(userId: number): number | null {
  const row = db
    .select({ partnerId: users.partnerId })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.role, "partner")))
    .get();
  return row?.partnerId ?? null;
}

export function partnerOfferingIds(partnerId: number): number[] {
  return db
    .select({ id: partnerOfferings.offeringId })
    .from(partnerOfferings)
    .where(eq(partnerOfferings.partnerId, partnerId))
    .orderBy(asc(partnerOfferings.offeringId))
    .all()
    .map((r) => r.id);
}

/** The linked offerings with their course, newest first: what the partner page offers as a filter. */
export function partnerOfferingList(partnerId: number) {
  return db
    .select({ id: offerings.id, periodLabel: offerings.periodLabel, courseId: offerings.courseId, courseTitle: courses.title, startsAt: offerings.startsAt })
    .from(partnerOfferings)
    .innerJoin(offerings, eq(offerings.id, partnerOfferings.offeringId))
    .innerJoin(courses, eq(courses.id, offerings.courseId))
    .where(eq(partnerOfferings.partnerId, partnerId))
    .orderBy(sql`${offerings.startsAt} desc`, asc(offerings.courseId))
    .all();
}

export function partnerStaff(partnerId: number) {
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email, disabled: users.disabled })
    .from(users)
    .where(and(eq(users.partnerId, partnerId), eq(users.role, "partner")))
    .orderBy(asc(users.displayName))
    .all();
}

/** Replaces the set of offerings linked to a partner; ids that are not offerings are refused as a whole. */
export function setPartnerOfferings(partnerId: number, offeringIds: number[]): { ok: true } | { ok: false; unknown: number[] } {
  const wanted = [...new Set(offeringIds)];
  return db.transaction((tx) => {
    const known = wanted.length
      ? new Set(
          tx
            .select({ id: offerings.id })
            .from(offerings)
            .where(inArray(offerings.id, wanted))
            .all()
            .map((r) => r.id),
        )
      : new Set<number>();
    const unknown = wanted.filter((id) => !known.has(id));
    if (unknown.length) return { ok: false as const, unknown };
    tx.delete(partnerOfferings).where(eq(partnerOfferings.partnerId, partnerId)).run();
    if (wanted.length)
      tx.insert(partnerOfferings)
        .values(wanted.map((offeringId) => ({ partnerId, offeringId })))
        .run();
    return { ok: true as const };
  });
}

export type AttachOutcome = "attached" | "already" | "not-found" | "other-role" | "other-partner";

/**
 * Makes an existing account a staff account of the partner. Only learners (who have no staff rights) or partner
 * accounts without an organisation can be attached: an admin or trainer is never demoted by a typo.
 */
export function attachPartnerStaff(partnerId: number, email: string): AttachOutcome {
  return db.transaction((tx) => {
    const user = tx
      .select()
      .from(users)
      .where(eq(users.email, normalizeEmail(email)))
      .get();
    if (!user) return "not-found";
    if (user.role === "partner" && user.partnerId === partnerId) return "already";
    if (user.role === "partner" && user.partnerId !== null) return "other-partner";
    if (user.role !== "learner" && user.role !== "partner") return "other-role";
    tx.update(users).set({ role: "partner", partnerId, updatedAt: new Date() }).where(eq(users.id, user.id)).run();
    return "attached";
  });
}

/** The account goes back to being a learner; it no longer sees anything of the partner. */
export function detachPartnerStaff(partnerId: number, userId: number): boolean {
  const changed = db
    .update(users)
    .set({ role: "learner", partnerId: null, updatedAt: new Date() })
    .where(and(eq(users.id, userId), eq(users.partnerId, partnerId), eq(users.role, "partner")))
    .run();
  return changed.changes > 0;
}
