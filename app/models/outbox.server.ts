import { and, desc, eq, sql } from "drizzle-orm";
import { outbox, type Locale } from "../../db/schema";
import { db } from "~/utils/db.server";

export type OutgoingEmail = { to: string; subject: string; text: string; html: string; locale: Locale; kind: string };

export function recordEmail(email: OutgoingEmail) {
  return db.insert(outbox).values(email).returning({ id: outbox.id }).get().id;
}

export function markEmailSent(id: number, error?: string) {
  db.update(outbox)
    .set(error ? { error } : { sentAt: new Date() })
    .where(eq(outbox.id, id))
    .run();
}

export function listOutbox({ limit = 50, offset = 0 } = {}) {
  const rows = db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit).offset(offset).all();
  const total = db.select({ n: sql<number>`count(*)` }).from(outbox).get()?.n ?? 0;
  return { rows, total };
}

export function getOutboxEmail(id: number) {
  return db.select().from(outbox).where(eq(outbox.id, id)).get() ?? null;
}

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

/**
 * Outbox pattern: the email is written in the caller's transaction, so it exists exactly when the record it announces
 * does; deliverPending() sends it after commit. A crash between the two leaves it pending, never lost.
 */
export function enqueueEmail(tx: Tx, email: OutgoingEmail) {
  return tx.insert(outbox).values({ ...email, pending: true }).returning({ id: outbox.id }).get().id;
}

let delivering: Promise<number> | null = null;
let again = false;

/** Sends every pending outbox row once (each row is claimed before sending, so two callers never send it twice). */
export function deliverPending(): Promise<number> {
  // A row committed while a delivery is finishing is picked up by one more pass, not left for the next call.
  if (delivering) {
    again = true;
    return delivering;
  }
  delivering = (async () => {
    const { transportEmail } = await import("~/utils/email.server");
    let sent = 0;
    for (;;) {
      const rows = db.select().from(outbox).where(eq(outbox.pending, true)).orderBy(outbox.id).limit(50).all();
      if (!rows.length) {
        if (!again) return sent;
        again = false;
        continue;
      }
      for (const row of rows) {
        const claimed = db.update(outbox).set({ pending: false }).where(and(eq(outbox.id, row.id), eq(outbox.pending, true))).run().changes;
        if (!claimed) continue;
        const error = await transportEmail(row);
        markEmailSent(row.id, error ?? undefined);
        sent += 1;
      }
    }
  })().finally(() => {
    delivering = null;
  });
  return delivering;
}
