import { RateLimiterMemory, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from "rate-limiter-flexible";
import { sqlite } from "./db.server";

/**
 * Throttles, on rate-limiter-flexible. Those that guard accounts (login, sign-up, password reset) count in SQLite, so
 * every server process sees the same counts and a restart forgets nothing; the public verification page counts in
 * memory (it is a GET, which must not write). Keys are opaque strings; nothing from input indexes an object.
 */
function stored(keyPrefix: string, points: number, durationSeconds: number) {
  return new RateLimiterSQLite({ storeClient: sqlite, storeType: "better-sqlite3", tableName: "rate_limits", keyPrefix, points, duration: durationSeconds });
}

export const limits = {
  /** Failed logins for one email from one address: the ordinary brute-force guard. */
  loginPair: stored("login-pair", 5, 15 * 60),
  /** Failed logins for one email from anywhere: slower, so a stranger cannot lock the owner out in minutes. */
  loginEmail: stored("login-email", 30, 60 * 60),
  /** Failed logins from one address across emails (credential stuffing). */
  loginIp: stored("login-ip", 50, 15 * 60),
  forgotIp: stored("forgot-ip", 10, 60 * 60),
  forgotEmail: stored("forgot-email", 3, 60 * 60),
  signupIp: stored("signup-ip", 10, 60 * 60),
  verifyIp: new RateLimiterMemory({ keyPrefix: "verify-ip", points: 30, duration: 60 }),
  /** The studio editor's live check, per trainer: a check each pause in typing, each one a compile. */
  studioCheck: new RateLimiterMemory({ keyPrefix: "studio-check", points: 120, duration: 60 }),
} satisfies Record<string, RateLimiterAbstract>;

export type Limit = keyof typeof limits;

/** Seconds until the key may try again, or 0 when it is not blocked. Reads only. */
export async function blockedFor(limit: Limit, key: string): Promise<number> {
  const res = await limits[limit].get(key);
  if (!res || res.remainingPoints > 0) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Counts one hit; returns the seconds to wait when this hit went over the limit, else 0. */
export async function hit(limit: Limit, key: string): Promise<number> {
  try {
    await limits[limit].consume(key);
    return 0;
  } catch (rejected) {
    if (rejected instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejected.msBeforeNext / 1000));
    throw rejected;
  }
}

export async function forget(limit: Limit, key: string) {
  await limits[limit].delete(key);
}

/** The longest wait among several limits (0 when none blocks). */
export async function longestBlock(checks: [Limit, string][]) {
  const waits = await Promise.all(checks.map(([limit, key]) => blockedFor(limit, key)));
  return Math.max(0, ...waits);
}
