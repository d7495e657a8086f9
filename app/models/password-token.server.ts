import { and, eq, gt, isNull } from "drizzle-orm";
import { passwordTokens, sessions, users, type User } from "../../db/schema";
import { db } from "~/utils/db.server";
import { generateToken, hashToken } from "~/utils/session.server";

const HOUR = 60 * 60 * 1000;
export const TOKEN_LIFETIME = { reset: HOUR, invite: 7 * 24 * HOUR } as const;

/** Issues a single-use token; the link carries the token, the table only its hash. Older unused tokens of the same purpose die. */
export function issuePasswordToken(userId: number, purpose: "reset" | "invite") {
  const token = generateToken();
  db.transaction((tx) => {
    tx.update(passwordTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordTokens.userId, userId), eq(passwordTokens.purpose, purpose), isNull(passwordTokens.usedAt)))
      .run();
    tx.insert(passwordTokens)
      .values({ id: hashToken(token), userId, purpose, expiresAt: new Date(Date.now() + TOKEN_LIFETIME[purpose]) })
      .run();
  });
  return token;
}

export function findUsablePasswordToken(token: string) {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  return (
    db
      .select()
      .from(passwordTokens)
      .where(and(eq(passwordTokens.id, hashToken(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, new Date())))
      .get() ?? null
  );
}

/** Marks the token used; returns false if it was already used or expired (a second click, a race). */
export function consumePasswordToken(token: string) {
  const result = db
    .update(passwordTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordTokens.id, hashToken(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, new Date())))
    .run();
  return result.changes === 1;
}

/**
 * The reset (or invitation) link used: in one transaction the token is spent, the password set and every session of
 * the account ended (whoever knew the old password is logged out). Null when the token is unknown, spent or expired,
 * or the account is disabled; then nothing changed.
 */
export function setPasswordWithToken(token: string, passwordHash: string): User | null {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const id = hashToken(token);
  return db.transaction(
    (tx) => {
      const now = new Date();
      const row = tx
        .select({ user: users })
        .from(passwordTokens)
        .innerJoin(users, eq(passwordTokens.userId, users.id))
        .where(and(eq(passwordTokens.id, id), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, now)))
        .get();
      if (!row || row.user.disabled) return null;
      tx.update(passwordTokens).set({ usedAt: now }).where(eq(passwordTokens.id, id)).run();
      const user = tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, row.user.id)).returning().get();
      tx.delete(sessions).where(eq(sessions.userId, row.user.id)).run();
      return user ?? null;
    },
    { behavior: "immediate" },
  );
}
