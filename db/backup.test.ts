import fs from "node:fs";
import path from "node:path";
import { fork } from "node:child_process";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrateFile } from "./migrate";
import { backupDatabase, integrityCheck, restoreDatabase } from "./backup-lib";

const tmp = path.resolve(import.meta.dirname, "../tests/.tmp");

describe("backup and restore", () => {
  it("copies a consistent database while another process keeps writing, and restores it", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "backup-"));
    const live = path.join(dir, "live.db");
    migrateFile(live);

    // A separate process writes outbox rows as fast as it can during the backup.
    const writerSource = path.join(dir, "writer.cjs");
    fs.writeFileSync(
      writerSource,
      `const Database = require(${JSON.stringify(require.resolve("better-sqlite3"))});
       const db = new Database(${JSON.stringify(live)}); db.pragma("busy_timeout = 5000");
       const insert = db.prepare("INSERT INTO outbox (\\"to\\", subject, text, html, locale, kind) VALUES (?, ?, ?, ?, 'ar', 'test')");
       let n = 0; process.send("ready");
       const end = Date.now() + 4000;
       while (Date.now() < end) { db.transaction(() => { for (let i = 0; i < 20; i++) insert.run("a@b.c", "s" + n, "x".repeat(500), "<p>x</p>"); })(); n += 20; }
       process.send(n); db.close();`,
    );
    const writer = fork(writerSource);
    await new Promise((resolve) => writer.once("message", resolve));
    const written = new Promise<number>((resolve) => writer.on("message", (m) => typeof m === "number" && resolve(m)));

    await new Promise((r) => setTimeout(r, 200));
    const backups: string[] = [];
    for (let i = 0; i < 3; i++) backups.push(await backupDatabase(live, path.join(dir, "backups")));
    const total = await written;

    for (const file of backups) expect(integrityCheck(file)).toBe("ok");
    const copied = new Database(backups[0], { readonly: true });
    const rowsInBackup = (copied.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n;
    // Each transaction writes 20 rows; a consistent copy never holds part of one.
    expect(rowsInBackup % 20).toBe(0);
    copied.close();
    expect(total).toBeGreaterThan(rowsInBackup);

    await restoreDatabase(backups[0], live, path.join(dir, "backups"));
    const restored = new Database(live, { readonly: true });
    expect((restored.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n).toBe(rowsInBackup);
    restored.close();
  }, 30_000);

  it("refuses to restore a file that is not a sound Tamkeen database", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "restore-"));
    const junk = path.join(dir, "junk.db");
    fs.writeFileSync(junk, "this is not sqlite at all".repeat(100));
    await expect(restoreDatabase(junk, path.join(dir, "live.db"), dir)).rejects.toThrow();
    const other = path.join(dir, "other.db");
    new Database(other).exec("CREATE TABLE t (x)");
    await expect(restoreDatabase(other, path.join(dir, "live.db"), dir)).rejects.toThrow(/not a Tamkeen database/);
    expect(fs.existsSync(path.join(dir, "live.db"))).toBe(false);
  });
});
