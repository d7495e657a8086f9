import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";
import { env } from "./env.server";

export type DB = BetterSQLite3Database<typeof schema>;

/** Opens the file with the settings every connection needs. Opening never migrates or seeds: start-up does that, once. */
export function openDatabase(file: string) {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return { sqlite, db: drizzle(sqlite, { schema }) };
}

// One connection per process; the dev server re-imports modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { __tamkeenDb?: ReturnType<typeof openDatabase> };
if (!globalForDb.__tamkeenDb) globalForDb.__tamkeenDb = openDatabase(env.DATABASE_PATH);

export const { db, sqlite } = globalForDb.__tamkeenDb;
