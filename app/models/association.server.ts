import { and, asc, eq, ne, sql } from "drizzle-orm";
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

export function listAssociations(filter: { regionCode?: RegionCode; activeOnly?: boolean } = {}) {
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
      members: sql<number>`(SELECT count(*) FROM ${users} WHERE ${users.associationId} = ${associations.id})`,
    })
    .from(associations)
    .where(
      and(
        filter.regionCode ? eq(associations.regionCode, filter.regionCode) : undefined,
        filter.activeOnly ? ne(associations.status, "inactive") : undefined,
      ),
    )
    .orderBy(asc(associations.name))
    .all();
}

export function getAssociation(id: number) {
  return db.select().from(associations).where(eq(associations.id, id)).get() ?? null;
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
    const row = db.update(associations).set({ ...input, updatedAt: new Date() }).where(eq(associations.id, id)).returning().get();
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
  return db.select({ id: associations.id }).from(associations).where(and(eq(associations.id, id), eq(associations.status, "active"))).get() !== undefined;
}
