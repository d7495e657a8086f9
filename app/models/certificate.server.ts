import crypto from "node:crypto";
import { alias } from "drizzle-orm/sqlite-core";
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import {
  certificateJobSkips,
  certificateJobs,
  certificates,
  courses,
  enrolments,
  lessonProgress,
  lessons,
  offerings,
  quizAttempts,
  submissions,
  users,
  type Certificate,
  type CertificateLanguage,
  type RevocationReason,
  type SkipReason,
} from "../../db/schema";
import { MAX_BATCH_CODES, makeCertificateCode, parseCertificateCode } from "~/models/certificate/code";
export { MAX_BATCH_CODES };
import { credentialId, verifyCredentialJwt } from "~/models/certificate/openbadges.server";
import { certificateEmail } from "~/models/certificate/emails.server";
import { db } from "~/utils/db.server";
import { deliverPending, enqueueEmail } from "./outbox.server";
import { brandingProblems, freezeBranding, getBranding, type BrandingProblem } from "./settings.server";
import { certificateEligibility } from "./progress.server";

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

export type IssueRefusal = "not-eligible" | "missing-name" | "not-found" | "branding-incomplete";
export type IssueOutcome = { status: "issued"; certificate: Certificate } | { status: "exists"; certificate: Certificate } | { status: IssueRefusal };

/** Names the certificate language needs: Arabic script for ar, Latin letters for fr, both for ar-fr. */
export function missingNames(user: { nameArabic: string | null; nameLatin: string | null }, language: CertificateLanguage) {
  const missing: ("nameArabic" | "nameLatin")[] = [];
  if (language !== "fr" && !user.nameArabic) missing.push("nameArabic");
  if (language !== "ar" && !user.nameLatin) missing.push("nameLatin");
  return missing;
}

/** The enrolment's valid (not revoked) certificate; there is at most one. */
export function certificateForEnrolment(enrolmentId: number) {
  return (
    db
      .select()
      .from(certificates)
      .where(and(eq(certificates.enrolmentId, enrolmentId), isNull(certificates.revokedAt)))
      .get() ?? null
  );
}

/** Whether the branding lets certificates of this offering be issued now, and what is missing if not. */
export function brandingReadiness(offeringId: number): BrandingProblem[] {
  const row = db.select({ course: courses }).from(offerings).innerJoin(courses, eq(offerings.courseId, courses.id)).where(eq(offerings.id, offeringId)).get();
  return row ? brandingProblems(getBranding(), Boolean(row.course.certificate.coIssuer)) : [];
}

type Prepared =
  | { ok: true; values: typeof certificates.$inferInsert; holder: { email: string; displayName: string; locale: "ar" | "fr" | "en" } }
  | { ok: false; outcome: IssueOutcome };

/** Everything checked and copied before a certificate is written: eligibility, printed names, branding, frozen content. */
function prepare(enrolmentId: number, language: CertificateLanguage, issuedBy: number | null): Prepared {
  const existing = certificateForEnrolment(enrolmentId);
  if (existing) return { ok: false, outcome: { status: "exists", certificate: existing } };
  const row = db
    .select({ offering: offerings, course: courses, user: users })
    .from(enrolments)
    .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
    .innerJoin(courses, eq(offerings.courseId, courses.id))
    .innerJoin(users, eq(enrolments.userId, users.id))
    .where(eq(enrolments.id, enrolmentId))
    .get();
  if (!row) return { ok: false, outcome: { status: "not-found" } };
  const eligibility = certificateEligibility(enrolmentId);
  if (!eligibility.eligible) return { ok: false, outcome: { status: "not-eligible" } };
  if (missingNames(row.user, language).length) return { ok: false, outcome: { status: "missing-name" } };
  const branding = getBranding();
  const coIssued = Boolean(row.course.certificate.coIssuer);
  if (brandingProblems(branding, coIssued).length) return { ok: false, outcome: { status: "branding-incomplete" } };
  return {
    ok: true,
    holder: row.user,
    values: {
      code: "",
      enrolmentId,
      userId: row.user.id,
      offeringId: row.offering.id,
      courseId: row.course.id,
      language,
      nameArabic: language === "fr" ? null : row.user.nameArabic,
      nameLatin: language === "ar" ? null : row.user.nameLatin,
      courseTitle: row.course.title,
      hours: row.course.hours,
      periodLabel: row.offering.periodLabel,
      completedAt: eligibility.completedAt,
      issuedAt: new Date(Math.floor(Date.now() / 1000) * 1000),
      issuer: { ...branding.centre },
      coIssuer: coIssued ? { ...branding.partner } : null,
      branding: freezeBranding(branding, coIssued),
      startsAt: row.offering.startsAt,
      endsAt: row.offering.endsAt,
      issuedBy,
      subjectSalt: crypto.randomBytes(12).toString("hex"),
    },
  };
}

/** Inserts with a fresh code; a valid certificate written meanwhile for the enrolment wins (the partial unique index). */
function insertCertificate(tx: Tx, prepared: Extract<Prepared, { ok: true }>): IssueOutcome {
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = tx
      .insert(certificates)
      .values({ ...prepared.values, code: makeCertificateCode(prepared.values.periodLabel) })
      .onConflictDoNothing()
      .returning()
      .get();
    if (inserted) return { status: "issued", certificate: inserted };
    const raced = tx
      .select()
      .from(certificates)
      .where(and(eq(certificates.enrolmentId, prepared.values.enrolmentId), isNull(certificates.revokedAt)))
      .get();
    if (raced) return { status: "exists", certificate: raced };
    // Otherwise the random code collided with another certificate's: draw again.
  }
  throw new Error("Could not draw a unique certificate code");
}

/**
 * Issues the certificate of one enrolment, and writes the learner's email in the same transaction (sent after commit).
 * Idempotent: a second call, or a concurrent one, returns the valid certificate instead of a second.
 */
export function issueCertificate(enrolmentId: number, language: CertificateLanguage, issuedBy: number | null): IssueOutcome {
  const prepared = prepare(enrolmentId, language, issuedBy);
  if (!prepared.ok) return prepared.outcome;
  const outcome = db.transaction((tx) => {
    const result = insertCertificate(tx, prepared);
    if (result.status === "issued") enqueueEmail(tx, certificateEmail("issued", prepared.holder, result.certificate));
    return result;
  });
  if (outcome.status === "issued") void deliverPending();
  return outcome;
}

// ---------- Revocation and replacement ----------

export type RevokeOutcome = { status: "revoked"; certificate: Certificate } | { status: "not-found" | "already-revoked" };

/** Revokes with a reason (and an internal note); the holder is told. Nothing is deleted; revoking twice keeps the first date. */
export function revokeCertificate(certificateId: number, offeringId: number, by: number, reason: RevocationReason, note: string | null): RevokeOutcome {
  const found = db
    .select({ certificate: certificates, holder: users })
    .from(certificates)
    .innerJoin(users, eq(certificates.userId, users.id))
    .where(and(eq(certificates.id, certificateId), eq(certificates.offeringId, offeringId)))
    .get();
  if (!found) return { status: "not-found" };
  const outcome = db.transaction((tx): RevokeOutcome => {
    const revoked = tx
      .update(certificates)
      .set({ revokedAt: new Date(), revokedBy: by, revocationCategory: reason, revocationReason: note || null })
      .where(and(eq(certificates.id, certificateId), isNull(certificates.revokedAt)))
      .returning()
      .get();
    if (!revoked) return { status: "already-revoked" };
    enqueueEmail(tx, certificateEmail("revoked", found.holder, revoked));
    return { status: "revoked", certificate: revoked };
  });
  if (outcome.status === "revoked") void deliverPending();
  return outcome;
}

export type ReplaceOutcome = IssueOutcome | { status: "not-revoked" | "already-replaced" };

/**
 * Issues a new certificate (new code, today's branding and names) for a revoked one; the old one records "replaced by".
 * Two admins replacing at once: the conditional update on the old row lets one win; the other's transaction rolls back.
 */
export function replaceCertificate(certificateId: number, offeringId: number, by: number): ReplaceOutcome {
  const old = db
    .select()
    .from(certificates)
    .where(and(eq(certificates.id, certificateId), eq(certificates.offeringId, offeringId)))
    .get();
  if (!old) return { status: "not-found" };
  if (!old.revokedAt) return { status: "not-revoked" };
  if (old.replacedById) return { status: "already-replaced" };
  const prepared = prepare(old.enrolmentId, old.language, by);
  if (!prepared.ok) return prepared.outcome.status === "exists" ? { status: "already-replaced" } : prepared.outcome;
  prepared.values.replacesId = old.id;
  class Lost extends Error {}
  try {
    const outcome = db.transaction((tx) => {
      const result = insertCertificate(tx, prepared);
      if (result.status !== "issued") throw new Lost();
      const claimed = tx
        .update(certificates)
        .set({ replacedById: result.certificate.id })
        .where(and(eq(certificates.id, old.id), isNull(certificates.replacedById)))
        .run().changes;
      if (!claimed) throw new Lost();
      enqueueEmail(tx, certificateEmail("replaced", prepared.holder, result.certificate, old.code));
      return result;
    });
    void deliverPending();
    return outcome;
  } catch (error) {
    if (error instanceof Lost) return { status: "already-replaced" };
    throw error;
  }
}

// ---------- Reading ----------

export function getCertificateByCode(code: string) {
  return db.select().from(certificates).where(eq(certificates.code, code)).get() ?? null;
}

export function getCertificate(id: number) {
  return db.select().from(certificates).where(eq(certificates.id, id)).get() ?? null;
}

/** What the public verification page needs: the certificate and, when it was replaced, the code of its replacement. */
export function verificationOf(code: string) {
  const cert = getCertificateByCode(code);
  if (!cert) return null;
  const replacement = cert.replacedById ? getCertificate(cert.replacedById) : null;
  return { cert, replacementCode: replacement && !replacement.revokedAt ? replacement.code : null };
}

/** Several codes at once (funders' batch check): one query. */
export function certificatesByCodes(codes: string[]) {
  if (!codes.length) return new Map<string, Certificate>();
  const rows = db.select().from(certificates).where(inArray(certificates.code, codes)).all();
  return new Map(rows.map((r) => [r.code, r]));
}

export function certificatesOfUser(userId: number) {
  return db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.issuedAt)).all();
}

/** The valid certificates of an offering with their holder's name (for the ZIP and its manifest). */
export function validCertificatesOfOffering(offeringId: number) {
  return db
    .select({ certificate: certificates, holder: { displayName: users.displayName, email: users.email } })
    .from(certificates)
    .innerJoin(users, eq(certificates.userId, users.id))
    .where(and(eq(certificates.offeringId, offeringId), isNull(certificates.revokedAt)))
    .orderBy(asc(certificates.id))
    .all();
}

/** Status list positions of the revoked certificates (ids only: reasons never leave the database). */
export function revokedCertificateIds(fromId: number, toId: number) {
  return db
    .select({ id: certificates.id })
    .from(certificates)
    .where(and(isNotNull(certificates.revokedAt), sql`${certificates.id} >= ${fromId}`, sql`${certificates.id} < ${toId}`))
    .all()
    .map((r) => r.id);
}

export function highestCertificateId() {
  return (
    db
      .select({ n: sql<number | null>`max(${certificates.id})` })
      .from(certificates)
      .get()?.n ?? 0
  );
}

export type CertificateRow = {
  enrolmentId: number;
  name: string;
  email: string;
  nameArabic: string | null;
  nameLatin: string | null;
  eligible: boolean;
  reason: "incomplete" | "not-enrolled" | null;
  certificate: {
    id: number;
    code: string;
    language: CertificateLanguage;
    issuedAt: number;
    issuedBy: string | null;
    revokedAt: number | null;
    revocationCategory: RevocationReason | null;
    replacedByCode: string | null;
  } | null;
};

/**
 * Per offering: who is eligible, who has a certificate (the valid one, else the last revoked one), who does not
 * qualify and why. A fixed number of queries whatever the number of learners; eligibility is computed as
 * certificateEligibility() computes it for one enrolment (a test holds the two equal).
 */
export function certificateOverview(offeringId: number): CertificateRow[] {
  const found = db.select({ course: courses }).from(offerings).innerJoin(courses, eq(offerings.courseId, courses.id)).where(eq(offerings.id, offeringId)).get();
  if (!found) return [];
  const people = db
    .select({ enrolment: enrolments, user: { displayName: users.displayName, email: users.email, nameArabic: users.nameArabic, nameLatin: users.nameLatin } })
    .from(enrolments)
    .innerJoin(users, eq(enrolments.userId, users.id))
    .where(and(eq(enrolments.offeringId, offeringId), eq(enrolments.status, "enrolled")))
    .orderBy(asc(enrolments.requestedAt))
    .all();
  const courseLessons = db
    .select({ id: lessons.id, quizIds: lessons.quizIds, exerciseIds: lessons.exerciseIds })
    .from(lessons)
    .where(and(eq(lessons.courseId, found.course.id), isNull(lessons.archivedAt)))
    .all();
  const inOffering = sql`${sql.identifier("enrolments")}.${sql.identifier("offering_id")} = ${offeringId}`;
  const done = db
    .select({ enrolmentId: lessonProgress.enrolmentId, lessonId: lessonProgress.lessonId })
    .from(lessonProgress)
    .innerJoin(enrolments, eq(lessonProgress.enrolmentId, enrolments.id))
    .where(and(inOffering, isNotNull(lessonProgress.completedAt)))
    .all();
  const passed = db
    .selectDistinct({ enrolmentId: quizAttempts.enrolmentId, lessonId: quizAttempts.lessonId, quizId: quizAttempts.quizId })
    .from(quizAttempts)
    .innerJoin(enrolments, eq(quizAttempts.enrolmentId, enrolments.id))
    .where(and(inOffering, eq(quizAttempts.passed, true)))
    .all();
  const accepted = db
    .selectDistinct({ enrolmentId: submissions.enrolmentId, lessonId: submissions.lessonId, exerciseId: submissions.exerciseId })
    .from(submissions)
    .innerJoin(enrolments, eq(submissions.enrolmentId, enrolments.id))
    .where(and(inOffering, eq(submissions.status, "accepted")))
    .all();
  const issuer = alias(users, "issuer");
  const certs = db
    .select({ certificate: certificates, issuedBy: issuer.displayName })
    .from(certificates)
    .leftJoin(issuer, eq(certificates.issuedBy, issuer.id))
    .where(eq(certificates.offeringId, offeringId))
    .orderBy(asc(certificates.id))
    .all();

  const keys = new Set<string>();
  for (const r of done) keys.add(`${r.enrolmentId}:l:${r.lessonId}`);
  for (const r of passed) keys.add(`${r.enrolmentId}:q:${r.lessonId}:${r.quizId}`);
  for (const r of accepted) keys.add(`${r.enrolmentId}:e:${r.lessonId}:${r.exerciseId}`);
  const { requireQuizzes, requireExercises } = found.course.completion;
  const complete = (enrolmentId: number) =>
    courseLessons.length > 0 &&
    courseLessons.every(
      (l) =>
        keys.has(`${enrolmentId}:l:${l.id}`) &&
        (!requireQuizzes || l.quizIds.every((q) => keys.has(`${enrolmentId}:q:${l.id}:${q}`))) &&
        (!requireExercises || l.exerciseIds.every((e) => keys.has(`${enrolmentId}:e:${l.id}:${e}`))),
    );
  const codeById = new Map(certs.map((c) => [c.certificate.id, c.certificate.code]));
  // Rows are in id order, so the last one seen wins: the valid certificate if there is one, else the latest revoked.
  const shown = new Map<number, (typeof certs)[number]>();
  for (const c of certs) {
    const current = shown.get(c.certificate.enrolmentId);
    if (!current || !c.certificate.revokedAt || current.certificate.revokedAt) shown.set(c.certificate.enrolmentId, c);
  }
  return people.map(({ enrolment, user }) => {
    const eligible = complete(enrolment.id);
    const c = shown.get(enrolment.id);
    return {
      enrolmentId: enrolment.id,
      name: user.displayName,
      email: user.email,
      nameArabic: user.nameArabic,
      nameLatin: user.nameLatin,
      eligible,
      reason: eligible ? null : "incomplete",
      certificate: c
        ? {
            id: c.certificate.id,
            code: c.certificate.code,
            language: c.certificate.language,
            issuedAt: c.certificate.issuedAt.getTime(),
            issuedBy: c.issuedBy,
            revokedAt: c.certificate.revokedAt?.getTime() ?? null,
            revocationCategory: c.certificate.revocationCategory,
            replacedByCode: c.certificate.replacedById ? (codeById.get(c.certificate.replacedById) ?? null) : null,
          }
        : null,
    };
  });
}

// ---------- Bulk runs ----------

export const JOB_BATCH = 10;
const running = new Set<number>();

const SKIP_OF: Record<Exclude<IssueOutcome["status"], "issued">, SkipReason> = {
  exists: "has-certificate",
  "not-eligible": "not-eligible",
  "missing-name": "missing-name",
  "not-found": "not-found",
  "branding-incomplete": "branding-incomplete",
};

/**
 * One batch of a run, in one transaction: its certificates, their emails (outbox), the skipped learners with their
 * reasons, and the job's counters — read back from those rows, so a crash loses nothing and never undercounts.
 * `crashAfter` simulates a crash inside the batch (tests only). Returns false when the run is over.
 */
export function runJobStep(jobId: number, { crashAfter }: { crashAfter?: number } = {}): boolean {
  const job = db.select().from(certificateJobs).where(eq(certificateJobs.id, jobId)).get();
  if (!job || job.status === "finished") return false;
  const batch = job.enrolmentIds.slice(job.done, job.done + JOB_BATCH);
  const issuedIds: number[] = [];
  db.transaction((tx) => {
    let written = 0;
    for (const enrolmentId of batch) {
      const prepared = prepare(enrolmentId, job.language, job.requestedBy);
      let outcome: IssueOutcome;
      if (prepared.ok) {
        prepared.values.jobId = jobId;
        outcome = insertCertificate(tx, prepared);
        if (outcome.status === "issued") {
          enqueueEmail(tx, certificateEmail("issued", prepared.holder, outcome.certificate));
          issuedIds.push(outcome.certificate.id);
        }
      } else outcome = prepared.outcome;
      if (outcome.status !== "issued") {
        const reason = SKIP_OF[outcome.status];
        tx.insert(certificateJobSkips).values({ jobId, enrolmentId, reason }).onConflictDoNothing().run();
      }
      written += 1;
      if (crashAfter !== undefined && written >= crashAfter) throw new Error("simulated crash");
    }
    const issued = tx
      .select({ n: sql<number>`count(*)` })
      .from(certificates)
      .where(eq(certificates.jobId, jobId))
      .get()!.n;
    const skipped = tx
      .select({ n: sql<number>`count(*)` })
      .from(certificateJobSkips)
      .where(eq(certificateJobSkips.jobId, jobId))
      .get()!.n;
    const doneNow = job.done + batch.length;
    const finished = doneNow >= job.enrolmentIds.length;
    tx.update(certificateJobs)
      .set({ done: doneNow, issued, skipped, ...(finished ? { status: "finished" as const, finishedAt: new Date() } : {}) })
      .where(and(eq(certificateJobs.id, jobId), eq(certificateJobs.done, job.done)))
      .run();
  });
  return true;
}

/** Starts (or resumes) a bulk run in the background, batch after batch; emails go out after each batch commits. */
export function startJob(jobId: number) {
  if (running.has(jobId)) return;
  running.add(jobId);
  const step = () => {
    let more = false;
    try {
      more = runJobStep(jobId);
    } catch (error) {
      console.error(`Certificate run #${jobId} stopped:`, error);
    }
    void deliverPending();
    if (more) setImmediate(step);
    else running.delete(jobId);
  };
  setImmediate(step);
}

export function createJob(offeringId: number, enrolmentIds: number[], language: CertificateLanguage, requestedBy: number) {
  const job = db.insert(certificateJobs).values({ offeringId, enrolmentIds, language, requestedBy }).returning().get();
  startJob(job.id);
  return job;
}

/** The last runs of an offering, with who started them and every learner skipped and why (two queries). */
export function jobsOfOffering(offeringId: number) {
  const jobs = db
    .select({ job: certificateJobs, requestedBy: users.displayName })
    .from(certificateJobs)
    .innerJoin(users, eq(certificateJobs.requestedBy, users.id))
    .where(eq(certificateJobs.offeringId, offeringId))
    .orderBy(desc(certificateJobs.id))
    .limit(5)
    .all();
  const skips = jobs.length
    ? db
        .select({ jobId: certificateJobSkips.jobId, enrolmentId: certificateJobSkips.enrolmentId, reason: certificateJobSkips.reason, name: users.displayName })
        .from(certificateJobSkips)
        .innerJoin(enrolments, eq(certificateJobSkips.enrolmentId, enrolments.id))
        .innerJoin(users, eq(enrolments.userId, users.id))
        .where(
          inArray(
            certificateJobSkips.jobId,
            jobs.map((j) => j.job.id),
          ),
        )
        .orderBy(asc(certificateJobSkips.id))
        .all()
    : [];
  return jobs.map(({ job, requestedBy }) => ({ ...job, requestedByName: requestedBy, skips: skips.filter((s) => s.jobId === job.id) }));
}

/** After a restart, unfinished runs carry on where they stopped. */
export function resumeJobs() {
  for (const job of db.select().from(certificateJobs).where(eq(certificateJobs.status, "running")).all()) startJob(job.id);
  void deliverPending();
}

/** Courses that issue automatically: called by the learner's action once an enrolment is complete. */
export function autoIssue(enrolmentId: number): IssueOutcome | null {
  const row = db
    .select({ course: courses })
    .from(enrolments)
    .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
    .innerJoin(courses, eq(offerings.courseId, courses.id))
    .where(eq(enrolments.id, enrolmentId))
    .get();
  if (!row?.course.certificate.autoIssue) return null;
  return issueCertificate(enrolmentId, row.course.certificate.language ?? "ar-fr", null);
}

// ---------- Checking codes and credential files ----------

export type CodeCheck = {
  input: string;
  status: "valid" | "revoked" | "typo" | "foreign" | "malformed" | "not-found";
  nameArabic: string | null;
  nameLatin: string | null;
  course: { ar: string; fr: string } | null;
  issuedAt: number | null;
  revokedAt: number | null;
  replacementCode: string | null;
};

/** Checks a list of codes as typed (two queries whatever their number): a typo is told apart from an unknown code. */
export function checkCodes(inputs: string[]): CodeCheck[] {
  const parsed = inputs.slice(0, MAX_BATCH_CODES).map((input) => ({ input: input.slice(0, 64), parsed: parseCertificateCode(input) }));
  const found = certificatesByCodes(parsed.flatMap((p) => (p.parsed.ok ? [p.parsed.code] : [])));
  const replacementIds = [...found.values()].flatMap((c) => (c.replacedById ? [c.replacedById] : []));
  const replacements = new Map(
    (replacementIds.length
      ? db
          .select({ id: certificates.id, code: certificates.code, revokedAt: certificates.revokedAt })
          .from(certificates)
          .where(inArray(certificates.id, replacementIds))
          .all()
      : []
    ).map((r) => [r.id, r]),
  );
  return parsed.map(({ input, parsed: p }) => {
    const empty = { input, nameArabic: null, nameLatin: null, course: null, issuedAt: null, revokedAt: null, replacementCode: null };
    if (!p.ok) return { ...empty, status: p.reason };
    const cert = found.get(p.code);
    if (!cert) return { ...empty, status: "not-found" };
    const replacement = cert.replacedById ? replacements.get(cert.replacedById) : undefined;
    return {
      input: cert.code,
      status: cert.revokedAt ? "revoked" : "valid",
      nameArabic: cert.nameArabic,
      nameLatin: cert.nameLatin,
      course: { ar: cert.courseTitle.ar, fr: cert.courseTitle.fr },
      issuedAt: cert.issuedAt.getTime(),
      revokedAt: cert.revokedAt?.getTime() ?? null,
      replacementCode: replacement && !replacement.revokedAt ? replacement.code : null,
    };
  });
}

export type CredentialFileCheck =
  { status: "valid" | "revoked"; code: string } | { status: "malformed" | "signature" | "foreign-issuer" | "unknown-key" | "unknown" };

/** A credential file (VC-JWT) as a verifier checks it: our key, an intact signature, our issuer, then its status here. */
export async function checkCredentialFile(jwt: string): Promise<CredentialFileCheck> {
  const check = await verifyCredentialJwt(jwt);
  if (!check.ok) return { status: check.reason };
  const prefix = credentialId("");
  const code = check.credentialId.startsWith(prefix) ? check.credentialId.slice(prefix.length) : "";
  const parsed = parseCertificateCode(code);
  const cert = parsed.ok ? getCertificateByCode(parsed.code) : null;
  if (!cert) return { status: "unknown" };
  return { status: cert.revokedAt ? "revoked" : "valid", code: cert.code };
}
