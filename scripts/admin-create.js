// `npm run admin:create -- --email someone@example.org --name "Their Name"`: creates an admin on an install started
// with SEED_DEMO=false and prints a one-time link where that person chooses a password. Runs on the built app with node.
import { parseArgs } from "node:util";
import { migrateFile } from "../db/migrate.js";
import { env } from "../server/env.js";

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
if (!values.email || !values.name) {
  console.error('Usage: npm run admin:create -- --email someone@example.org --name "Their Name"');
  process.exit(2);
}
migrateFile(env.DATABASE_PATH);
const build = await import("../build/server/index.js").catch(() => {
  console.error("No build found: run npm run build first.");
  process.exit(1);
});
const result = build.entry.module.createAdmin({ email: values.email, displayName: values.name });
if (!result.ok) {
  console.error(result.reason);
  process.exit(1);
}
console.log(`Admin created. Open this link within 7 days to choose the password (it works once):\n  ${result.link}`);
