import fs from "node:fs";
import path from "node:path";
import { migrateFile } from "../../db/migrate";

export const TMP_DIR = path.resolve(import.meta.dirname, "../.tmp");
export const BASE_DB = path.join(TMP_DIR, "base.db");

// Migrate once; every test file starts from a copy of this file.
export default function setup() {
  fs.rmSync(TMP_DIR, { recursive: true, force: true });
  fs.mkdirSync(TMP_DIR, { recursive: true });
  migrateFile(BASE_DB);
  return () => fs.rmSync(TMP_DIR, { recursive: true, force: true });
}
