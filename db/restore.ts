// npm run db:restore -- data/backups/tamkeen-….db — checks the file, keeps a copy of the current database, then restores.
import path from "node:path";
import { restoreDatabase } from "./backup-lib";

const file = process.argv[2];
if (!file) {
  console.error("Usage: npm run db:restore -- <backup file>");
  process.exit(2);
}
const target = process.env.DATABASE_PATH ?? "data/tamkeen.db";
try {
  const { safety } = await restoreDatabase(file, target, path.join(path.dirname(target), "backups"));
  if (safety) console.log(`The previous database was saved to ${safety}`);
  console.log(`Restored ${file} into ${target}. Restart the server if it was running.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
