// Applies pending migrations to a database file. Plain JavaScript so that server.js can run it with node before it
// loads the app (whose modules prepare statements against the tables as they load).
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, "migrations");

/**
 * Two processes starting together may both see a migration as pending; the one that loses the race fails on
 * "already exists" inside its rolled-back transaction, and on the next try finds the migration applied.
 * @param {string} file
 */
export function migrateFile(file) {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    for (let attempt = 1; ; attempt++) {
      try {
        migrate(drizzle(sqlite), { migrationsFolder: MIGRATIONS_FOLDER });
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50 * attempt);
      }
    }
  } finally {
    sqlite.close();
  }
}
