import { and, desc, eq, sql } from "drizzle-orm";
import { outbox, type Locale } from "../../db/schema";
import { db } from "~/utils/db.server";

export const REDACTED = "[redacted]";

/** Every `token=` value in a text (plain or HTML) replaced: how a credential-carrying link is stored and shown. */
export function redactTokens(text: string) {
  return text.replace(/([?&](?:amp;)?token=)(?!\[redacted\])[^&#\s"'<>]+/g, `$1${REDACTED}`);
}

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

/** For the admin list: never the bodies. */
export function listOutbox({ limit = 50, offset = 0 } = {}) {
  const rows = db
    .select({
      id: outbox.id,
      to: outbox.to,
      subject: outbox.subject,
      kind: outbox.kind,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      error: outbox.error,
    })
    .from(outbox)
    .orderBy(desc(outbox.id))
    .limit(limit)
    .offset(offset)
    .all();
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(outbox)
      .get()?.n ?? 0;
  return { rows, total };
}

/** One stored email, its links redacted again on the way out (rows written before links were redacted at the source). */
export function getOutboxEmail(id: number) {
  const row = db.select().from(outbox).where(eq(outbox.id, id)).get();
  return row ? { ...row, text: redactTokens(row.text), html: redactTokens(row.html) } : null;
}

/**
 * Rewrites stored emails that still hold a live reset or invitation link (written before the outbox redacted them).
 * Idempotent; meant to run once at start-up. Returns how many rows changed.
 */
export function redactStoredLinks() {
  const rows = db
    .select({ id: outbox.id, text: outbox.text, html: outbox.html })
    .from(outbox)
    .where(sql`${outbox.text} LIKE '%token=%' OR ${outbox.html} LIKE '%token=%'`)
    .all();
  let changed = 0;
  db.transaction((tx) => {
    for (const row of rows) {
      const text = redactTokens(row.text);
      const html = redactTokens(row.html);
      if (text === row.text && html === row.html) continue;
      tx.update(outbox).set({ text, html }).where(eq(outbox.id, row.id)).run();
      changed += 1;
    }
  });
  return changed;
}

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

/**
 * Outbox pattern: the email is written in the caller's transaction, so it exists exactly when the record it announces
 * does; deliverPending() sends it after commit. A crash between the two leaves it pending, never lost.
 */
export function enqueueEmail(tx: Tx, email: OutgoingEmail) {
  return tx
    .insert(outbox)
    .values({ ...email, pending: true })
    .returning({ id: outbox.id })
    .get().id;
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
        const claimed = db
          .update(outbox)
          .set({ pending: false })
          .where(and(eq(outbox.id, row.id), eq(outbox.pending, true)))
          .run().changes;
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
