import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// Each test file gets its own real SQLite file, copied from the migrated base.
const tmp = path.resolve(import.meta.dirname, "../.tmp");
const file = path.join(tmp, `test-${process.pid}-${crypto.randomUUID()}.db`);
fs.copyFileSync(path.join(tmp, "base.db"), file);

process.env.DATABASE_PATH = file;
process.env.SEED_DEMO = "false";
process.env.LOG_EMAILS = "false";
process.env.PUBLIC_URL = "http://localhost:3000";
// A fresh connection for this file, whatever an earlier file in the same process opened.
const holder = globalThis as unknown as { __tamkeenDb?: { sqlite: { close(): void } } };
holder.__tamkeenDb?.sqlite.close();
holder.__tamkeenDb = undefined;
