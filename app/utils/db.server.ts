import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "../../db/schema";
import { seedIfEmpty } from "../../db/seed";
import { env } from "./env.server";

export type DB = BetterSQLite3Database<typeof schema>;

export function openDatabase(file: string) {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema });
  // Resolved from the working directory: this module is bundled into build/server, away from db/.
  migrate(db, { migrationsFolder: path.resolve(process.cwd(), "db/migrations") });
  return { sqlite, db };
}

// One connection per process; the dev server re-imports modules, so keep it on globalThis.
const globalForDb = globalThis as unknown as { __tamkeenDb?: ReturnType<typeof openDatabase> };

function connect() {
  if (!globalForDb.__tamkeenDb) {
    const opened = openDatabase(env.DATABASE_PATH);
    globalForDb.__tamkeenDb = opened;
    if (env.SEED_DEMO) {
      seedIfEmpty(opened.db);
    }
  }
  return globalForDb.__tamkeenDb;
}

export const { db, sqlite } = connect();
