import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { associations, enrolments, offerings, users } from "../../db/schema";
import { db } from "~/utils/db.server";

/**
 * The overview's figures, each counted once: accounts by role (disabled accounts apart, they are nobody's learners
 * any more), associations and the regions they are in, and the people in the offerings that are not closed.
 */
export function platformCounts() {
  const byRole = db
    .select({ role: users.role, n: sql<number>`count(*)` })
    .from(users)
    .where(eq(users.disabled, false))
    .groupBy(users.role)
    .all();
  const disabled = db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(eq(users.disabled, true))
    .get()!.n;
  const byRegion = db
    .select({ regionCode: associations.regionCode, n: sql<number>`count(*)` })
    .from(associations)
    .groupBy(associations.regionCode)
    .all();
  const current = db
    .select({
      enrolled: sql<number>`count(DISTINCT CASE WHEN ${enrolments.status} = 'enrolled' THEN ${enrolments.userId} END)`,
      waitlisted: sql<number>`count(DISTINCT CASE WHEN ${enrolments.status} = 'waitlisted' THEN ${enrolments.userId} END)`,
    })
    .from(enrolments)
    .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
    .where(and(ne(offerings.status, "closed"), inArray(enrolments.status, ["enrolled", "waitlisted"])))
    .get()!;
  const openOfferings = db
    .select({ n: sql<number>`count(*)` })
    .from(offerings)
    .where(inArray(offerings.status, ["open", "running"]))
    .get()!.n;
  const roles = new Map(byRole.map((r) => [r.role, r.n]));
  return {
    learners: roles.get("learner") ?? 0,
    trainers: roles.get("trainer") ?? 0,
    admins: roles.get("admin") ?? 0,
    disabled,
    associations: byRegion.reduce((sum, r) => sum + r.n, 0),
    regions: byRegion.length,
    byRegion,
    openOfferings,
    enrolledNow: current.enrolled,
    waitlistedNow: current.waitlisted,
  };
}
