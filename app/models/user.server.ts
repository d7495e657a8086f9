import { and, eq, or, sql, type SQL } from "drizzle-orm";
import { associations, users, type Locale, type RegionCode, type Role, type User } from "../../db/schema";
import { db } from "~/utils/db.server";
import { invalidateUserSessions } from "~/utils/session.server";
import { issuePasswordToken } from "./password-token.server";

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export function getUserById(id: number) {
  return db.select().from(users).where(eq(users.id, id)).get() ?? null;
}

export function getUserByEmail(email: string) {
  return (
    db
      .select()
      .from(users)
      .where(eq(users.email, normalizeEmail(email)))
      .get() ?? null
  );
}

export type NewUser = {
  email: string;
  displayName: string;
  passwordHash: string | null;
  role?: Role;
  associationId?: number | null;
  regionCode?: RegionCode | null;
  locale?: Locale;
  nameArabic?: string | null;
  nameLatin?: string | null;
};

/** Returns null when the email is taken (in any letter case). */
export function createUser(input: NewUser): User | null {
  const result = db
    .insert(users)
    .values({ ...input, email: normalizeEmail(input.email) })
    .onConflictDoNothing({ target: users.email })
    .returning()
    .get();
  return result ?? null;
}

export function updateUser(
  id: number,
  changes: Partial<Pick<User, "displayName" | "nameArabic" | "nameLatin" | "associationId" | "regionCode" | "locale" | "role" | "disabled" | "passwordHash">>,
) {
  return (
    db
      .update(users)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning()
      .get() ?? null
  );
}

export function updateUserEmail(id: number, email: string): "ok" | "taken" {
  const normalized = normalizeEmail(email);
  const other = getUserByEmail(normalized);
  if (other && other.id !== id) return "taken";
  try {
    db.update(users).set({ email: normalized, updatedAt: new Date() }).where(eq(users.id, id)).run();
  } catch (error) {
    // Another account took the address between the check and the update: the unique index decides.
    if (error instanceof Error && "code" in error && String(error.code).startsWith("SQLITE_CONSTRAINT")) return "taken";
    throw error;
  }
  return "ok";
}

export type UserFilter = { q?: string; role?: Role; associationId?: number; limit?: number; offset?: number };

export function listUsers(filter: UserFilter) {
  const conditions: SQL[] = [];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        sql`${users.email} LIKE ${pattern} ESCAPE '\\'`,
        sql`${users.displayName} LIKE ${pattern} ESCAPE '\\'`,
        sql`${users.nameArabic} LIKE ${pattern} ESCAPE '\\'`,
        sql`${users.nameLatin} LIKE ${pattern} ESCAPE '\\'`,
      )!,
    );
  }
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.associationId) conditions.push(eq(users.associationId, filter.associationId));
  const where = conditions.length ? and(...conditions) : undefined;
  const rows = db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      disabled: users.disabled,
      createdAt: users.createdAt,
      associationName: associations.name,
      hasPassword: sql<number>`${users.passwordHash} IS NOT NULL`,
    })
    .from(users)
    .leftJoin(associations, eq(users.associationId, associations.id))
    .where(where)
    .orderBy(users.displayName)
    .limit(filter.limit ?? 50)
    .offset(filter.offset ?? 0)
    .all();
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(where)
      .get()?.n ?? 0;
  return { rows: rows.map((r) => ({ ...r, hasPassword: Boolean(r.hasPassword) })), total };
}

export function countAdmins() {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.disabled, false)))
      .get()?.n ?? 0
  );
}

/**
 * A reset asked for this email: a fresh single-use token for an enabled account, or null (unknown or disabled) — the
 * caller answers the same either way. Sending the link is the caller's (notifyPasswordReset).
 */
export function requestPasswordReset(email: string): { user: User; token: string } | null {
  const user = getUserByEmail(email);
  if (!user || user.disabled) return null;
  return { user, token: issuePasswordToken(user.id, "reset") };
}

/** An account created by staff, without a password, with its invitation token; null when the email is taken. */
export function inviteUser(input: Omit<NewUser, "passwordHash">): { user: User; token: string } | null {
  const user = createUser({ ...input, passwordHash: null });
  if (!user) return null;
  return { user, token: issuePasswordToken(user.id, "invite") };
}

/** Sets a new password and ends every other session: a stolen session must not outlive the change. */
export function changePassword(userId: number, passwordHash: string, keepSessionId?: string) {
  db.transaction(() => {
    updateUser(userId, { passwordHash });
    invalidateUserSessions(userId, keepSessionId);
  });
}
