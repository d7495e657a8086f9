import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { createCookie } from "@remix-run/node";
import { and, eq, ne, sql } from "drizzle-orm";
import { sessions, users, type Session, type User } from "../../db/schema";
import { db } from "./db.server";
import { env } from "./env.server";
import { SESSION_COOKIE } from "../../server/cookies.js";

// Following lucia-auth.com's session guide: the cookie carries a random token,
// the table stores only its SHA-256, so a leaked database cannot be replayed as cookies.
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
const REFRESH_WHEN_LEFT = 15 * DAY;

export const sessionCookie = createCookie(SESSION_COOKIE, {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  secure: env.isProduction,
  maxAge: SESSION_LIFETIME / 1000,
});

export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function createSession(userId: number): { token: string; session: Session } {
  const token = generateToken();
  const session = db
    .insert(sessions)
    .values({ id: hashToken(token), userId, expiresAt: new Date(Date.now() + SESSION_LIFETIME) })
    .returning()
    .get();
  return { token, session };
}

export type SessionValidation = { session: Session; user: User; refreshed: boolean } | { session: null; user: null; refreshed: false };

// Every signed-in request runs this lookup: prepared once.
const sessionWithUser = db
  .select({ session: sessions, user: users })
  .from(sessions)
  .innerJoin(users, eq(sessions.userId, users.id))
  .where(eq(sessions.id, sql.placeholder("id")))
  .prepare();

export function validateSessionToken(token: string): SessionValidation {
  const id = hashToken(token);
  const row = sessionWithUser.get({ id });
  if (!row) return { session: null, user: null, refreshed: false };
  const now = Date.now();
  if (row.session.expiresAt.getTime() <= now || row.user.disabled) {
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return { session: null, user: null, refreshed: false };
  }
  if (row.session.expiresAt.getTime() - now < REFRESH_WHEN_LEFT) {
    const expiresAt = new Date(now + SESSION_LIFETIME);
    db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id)).run();
    return { session: { ...row.session, expiresAt }, user: row.user, refreshed: true };
  }
  return { session: row.session, user: row.user, refreshed: false };
}

export function invalidateSession(sessionId: string) {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Ends every session of a user, optionally keeping the one in use. */
export function invalidateUserSessions(userId: number, exceptSessionId?: string) {
  db.delete(sessions)
    .where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId))
    .run();
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[a-z2-7]{32}$/.test(value) ? value : null;
}

export function sessionSetCookie(token: string) {
  return sessionCookie.serialize(token);
}

export function sessionClearCookie() {
  return sessionCookie.serialize("", { maxAge: 0 });
}
