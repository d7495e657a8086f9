import { and, eq, gt, isNull } from "drizzle-orm";
import { passwordTokens } from "../../db/schema";
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
