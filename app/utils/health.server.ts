import fs from "node:fs";
import path from "node:path";
import { sqlite } from "./db.server";
import { env } from "./env.server";

export type Health = { ok: true } | { ok: false; problem: "unreadable" | "read-only" | "not-writable" | "disk-full" | "locked" };

/**
 * Whether the database can serve reads and take writes, checked without writing (a probe runs every few seconds and
 * is a GET): the file answers a query, the connection is not read-only, the file and its folder (WAL and journal
 * files live there) are writable, the disk has room left, and the write lock can be taken (and is given back at once).
 */
export function databaseHealth(file = env.DATABASE_PATH, minFreeBytes = 16 * 1024 * 1024): Health {
  try {
    sqlite.prepare("select count(*) from sqlite_master").get();
  } catch {
    return { ok: false, problem: "unreadable" };
  }
  if (sqlite.readonly) return { ok: false, problem: "read-only" };
  const resolved = path.resolve(file);
  try {
    fs.accessSync(resolved, fs.constants.R_OK | fs.constants.W_OK);
    fs.accessSync(path.dirname(resolved), fs.constants.W_OK);
  } catch {
    return { ok: false, problem: "not-writable" };
  }
  const disk = fs.statfsSync(path.dirname(resolved));
  if (disk.bavail * disk.bsize < minFreeBytes) return { ok: false, problem: "disk-full" };
  return writeLockAvailable() ? { ok: true } : { ok: false, problem: "locked" };
}

/** Takes the write lock and gives it back without writing; waits half a second at most, not the five requests may wait. */
function writeLockAvailable(): boolean {
  // Inside a transaction of its own (a test's savepoint) the connection cannot BEGIN again; it holds the lock it needs.
  if (sqlite.inTransaction) return true;
  sqlite.pragma("busy_timeout = 500");
  try {
    sqlite.exec("BEGIN IMMEDIATE");
    sqlite.exec("ROLLBACK");
    return true;
  } catch {
    if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
    return false;
  } finally {
    sqlite.pragma("busy_timeout = 5000");
  }
}
