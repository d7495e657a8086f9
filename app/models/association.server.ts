import { and, asc, eq, isNotNull, ne, sql } from "drizzle-orm";
import { associations, users, type AssociationStatus, type RegionCode } from "../../db/schema";
import { db } from "~/utils/db.server";

export type AssociationInput = {
  name: string;
  regionCode: RegionCode;
  city: string;
  foundingYear: number | null;
  focusAreas: string[];
  contactEmail: string | null;
  status: AssociationStatus;
};

/**
 * Members per association: accounts attached to it that are not disabled (invited accounts count, they are people).
 * A grouped subquery joined on the id, not a correlated one: drizzle writes columns unqualified inside `sql` templates.
 */
function memberCounts() {
  return db
    .select({ associationId: users.associationId, members: sql<number>`count(*)`.as("members") })
    .from(users)
    .where(and(isNotNull(users.associationId), eq(users.disabled, false)))
    .groupBy(users.associationId)
    .as("member_counts");
}

export function listAssociations(filter: { regionCode?: RegionCode; activeOnly?: boolean } = {}) {
  const counts = memberCounts();
  return db
    .select({
      id: associations.id,
      name: associations.name,
      regionCode: associations.regionCode,
      city: associations.city,
      foundingYear: associations.foundingYear,
      focusAreas: associations.focusAreas,
      contactEmail: associations.contactEmail,
      status: associations.status,
      members: sql<number>`coalesce(${counts.members}, 0)`,
    })
    .from(associations)
    .leftJoin(counts, eq(counts.associationId, associations.id))
    .where(
      and(filter.regionCode ? eq(associations.regionCode, filter.regionCode) : undefined, filter.activeOnly ? ne(associations.status, "inactive") : undefined),
    )
    .orderBy(asc(associations.name))
    .all();
}

export function getAssociation(id: number) {
  return db.select().from(associations).where(eq(associations.id, id)).get() ?? null;
}

/** An association a person may be attached to: it exists and is not inactive (the lists people choose from say the same). */
export function assignableAssociation(id: number) {
  const row = getAssociation(id);
  return row && row.status !== "inactive" ? row : null;
}

/** Whether another association already has this name, in any letter case (the unique index compares lower()). */
export function associationNameTaken(name: string, exceptId?: number) {
  return Boolean(
    db
      .select({ id: associations.id })
      .from(associations)
      .where(and(sql`lower(${associations.name}) = lower(${name})`, exceptId ? ne(associations.id, exceptId) : undefined))
      .get(),
  );
}

/** Returns null when another association already has this name (case-insensitive). */
export function createAssociation(input: AssociationInput) {
  try {
    return db.insert(associations).values(input).returning().get();
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

export function updateAssociation(id: number, input: AssociationInput): "ok" | "duplicate" | "missing" {
  try {
    const row = db
      .update(associations)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(associations.id, id))
      .returning()
      .get();
    return row ? "ok" : "missing";
  } catch (error) {
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
}

function isUniqueViolation(error: unknown) {
  return error instanceof Error && "code" in error && String((error as { code: unknown }).code).startsWith("SQLITE_CONSTRAINT_UNIQUE");
}

/** The associations a person may choose for themselves (sign-up, account page, invitation): active ones only. */
export function listSelectableAssociations() {
  return db
    .select({ id: associations.id, name: associations.name, regionCode: associations.regionCode })
    .from(associations)
    .where(eq(associations.status, "active"))
    .orderBy(asc(associations.name))
    .all();
}

export function isSelectableAssociation(id: number) {
  return (
    db
      .select({ id: associations.id })
      .from(associations)
      .where(and(eq(associations.id, id), eq(associations.status, "active")))
      .get() !== undefined
  );
}
