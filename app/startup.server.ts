import { seedIfEmpty } from "../db/seed";
import { resumeJobs } from "./models/certificate.server";
import { sendDueFollowUps } from "./models/follow-up.server";
import { buildAllLessons } from "./models/course.server";
import { warmIndicators } from "./models/indicators.server";
import { issuePasswordToken } from "./models/password-token.server";
import { createUser } from "./models/user.server";
import { ensureIssuerKey } from "./models/certificate/openbadges.server";
import { db } from "./utils/db.server";
import { env } from "./utils/env.server";
import { emailField, personName } from "./utils/forms";

/**
 * Everything a server does once before it answers requests, after server.js migrated the file: seed demo data into an empty
 * database (when SEED_DEMO), mirror the courses on disk into the catalogue and compile changed lessons, carry on
 * the certificate runs a restart interrupted, and compute the indicators admins open first. Called by server.js; nothing
 * here runs on import.
 */
export async function startup(log: (line: string) => void = console.log) {
  if (env.SEED_DEMO) seedIfEmpty(db, { password: env.DEMO_PASSWORD, log });
  const { versions, failures } = await buildAllLessons();
  log(
    `Lessons: ${versions} version(s) ready${failures.length ? `, ${failures.length} failing (their last good version is served; run npm run courses:check)` : ""}.`,
  );
  // The credential signing key exists before anyone downloads a credential or reads the key set (GETs never write).
  await ensureIssuerKey();
  resumeJobs();
  const started = performance.now();
  warmIndicators();
  log(`Indicators of this quarter and year computed in ${Math.round(performance.now() - started)} ms.`);
  startPeriodicJobs(log);
}

const HOUR = 3_600_000;
let periodic: ReturnType<typeof setInterval> | null = null;

/** One pass of the periodic work: the 90-day follow-up emails that fell due. Exposed for tests and the hourly timer. */
export async function runPeriodicJobs(now = new Date(), log: (line: string) => void = console.log) {
  const followUps = await sendDueFollowUps(now);
  if (followUps) log(`Follow-up questions sent: ${followUps}.`);
  return { followUps };
}

/** Runs the periodic work once now, then every hour, until stopPeriodicJobs() (the server's shutdown) clears it. */
export function startPeriodicJobs(log: (line: string) => void = console.log) {
  stopPeriodicJobs();
  const tick = () => void runPeriodicJobs(new Date(), log).catch((error) => console.error("Periodic jobs failed:", error));
  tick();
  periodic = setInterval(tick, HOUR);
  // A timer alone never keeps the process alive (tests, one-off scripts).
  periodic.unref();
}

export function stopPeriodicJobs() {
  if (periodic) clearInterval(periodic);
  periodic = null;
}

/**
 * The first admin of an install without demo data (`npm run admin:create`): the account has no password; the console
 * shows a one-time link, valid 7 days, where its owner chooses one. Nothing secret is stored in clear.
 */
export function createAdmin(input: { email: string; displayName: string }): { ok: true; link: string } | { ok: false; reason: string } {
  const email = emailField.safeParse(input.email);
  if (!email.success) return { ok: false, reason: "That email address is not valid." };
  const displayName = personName(100).safeParse(input.displayName);
  if (!displayName.success) return { ok: false, reason: "Give a name (1 to 100 visible characters)." };
  const user = createUser({ email: email.data, displayName: displayName.data, passwordHash: null, role: "admin", locale: "ar" });
  if (!user) return { ok: false, reason: "An account with this email already exists." };
  const token = issuePasswordToken(user.id, "invite");
  return { ok: true, link: `${env.PUBLIC_URL}/reset-password?token=${token}` };
}
