// npm run db:backup — a consistent, timestamped copy of the live database in data/backups/.
import path from "node:path";
import { backupDatabase } from "./backup-lib";

const source = process.env.DATABASE_PATH ?? "data/tamkeen.db";
const destDir = process.env.BACKUP_DIR ?? path.join(path.dirname(source), "backups");
const file = await backupDatabase(source, destDir);
console.log(`Backup written and checked: ${file}`);
