import { and, eq, gt, lt, sql } from "drizzle-orm";
import { loginFailures } from "../../db/schema";
import { db } from "~/utils/db.server";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const THROTTLE_MAX_FAILURES = 5;

/** When 5 failures for this email or this IP fall within 15 minutes, returns the moment the oldest of them leaves the window. */
export function loginBlockedUntil(email: string, ip: string, now = Date.now()): Date | null {
  const since = new Date(now - THROTTLE_WINDOW_MS);
  let until: number | null = null;
  for (const condition of [eq(loginFailures.email, email), eq(loginFailures.ip, ip)]) {
    const rows = db
      .select({ createdAt: loginFailures.createdAt })
      .from(loginFailures)
      .where(and(condition, gt(loginFailures.createdAt, since)))
      .orderBy(sql`${loginFailures.createdAt} DESC`)
      .limit(THROTTLE_MAX_FAILURES)
      .all();
    if (rows.length >= THROTTLE_MAX_FAILURES) {
      const oldestOfLastFive = rows[THROTTLE_MAX_FAILURES - 1].createdAt.getTime();
      until = Math.max(until ?? 0, oldestOfLastFive + THROTTLE_WINDOW_MS);
    }
  }
  return until ? new Date(until) : null;
}

export function recordLoginFailure(email: string, ip: string) {
  db.insert(loginFailures).values({ email, ip }).run();
  // Old rows are useless; trim them now and then instead of running a job.
  if (Math.random() < 0.05) {
    db.delete(loginFailures).where(lt(loginFailures.createdAt, new Date(Date.now() - THROTTLE_WINDOW_MS))).run();
  }
}

export function clearLoginFailures(email: string) {
  db.delete(loginFailures).where(eq(loginFailures.email, email)).run();
}
