import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export function integrityCheck(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join("; ");
  } finally {
    db.close();
  }
}

function timestamp(date = new Date()) {
  return date.toISOString().replace(/[:.]/g, "-");
}

/**
 * Writes a consistent copy of the live database with SQLite's online backup API:
 * writers keep working while it runs, and the copy is one point in time.
 */
export async function backupDatabase(source: string, destDir: string, label = "tamkeen"): Promise<string> {
  fs.mkdirSync(destDir, { recursive: true });
  const dest = path.join(destDir, `${label}-${timestamp()}.db`);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    // SQLite restarts a backup whenever another connection writes to the source between
    // steps; copying everything in the next step (one read transaction, which in WAL mode
    // does not block writers) makes it finish under a constant stream of writes.
    await db.backup(dest, { progress: () => 1_000_000_000 });
  } finally {
    db.close();
  }
  const check = integrityCheck(dest);
  if (check !== "ok") throw new Error(`The backup ${dest} failed its integrity check: ${check}`);
  return dest;
}

/** Restores a backup over the live database after checking it; the database being replaced is itself backed up first. */
export async function restoreDatabase(backupFile: string, target: string, safetyDir: string) {
  if (!fs.existsSync(backupFile)) throw new Error(`No such file: ${backupFile}`);
  const check = integrityCheck(backupFile);
  if (check !== "ok") throw new Error(`${backupFile} failed its integrity check (${check}); nothing was restored.`);
  const source = new Database(backupFile, { readonly: true });
  try {
    const hasUsers = source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users'").get();
    if (!hasUsers) throw new Error(`${backupFile} is not a Tamkeen database (no users table); nothing was restored.`);
    const safety = fs.existsSync(target) ? await backupDatabase(target, safetyDir, "before-restore") : null;
    await source.backup(target);
    return { safety };
  } finally {
    source.close();
  }
}
