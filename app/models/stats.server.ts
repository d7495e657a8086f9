import { sql } from "drizzle-orm";
import { associations, users } from "../../db/schema";
import { db } from "~/utils/db.server";

export function platformCounts() {
  const byRole = db.select({ role: users.role, n: sql<number>`count(*)` }).from(users).groupBy(users.role).all();
  const byRegion = db
    .select({ regionCode: associations.regionCode, n: sql<number>`count(*)` })
    .from(associations)
    .groupBy(associations.regionCode)
    .all();
  return {
    users: Object.fromEntries(byRole.map((r) => [r.role, r.n])) as Record<string, number>,
    associations: byRegion.reduce((sum, r) => sum + r.n, 0),
    regions: byRegion.length,
    byRegion,
  };
}
