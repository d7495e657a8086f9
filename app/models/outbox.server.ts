import { desc, eq, sql } from "drizzle-orm";
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
