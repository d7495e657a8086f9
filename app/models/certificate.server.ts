import crypto from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { certificateJobs, certificates, courses, enrolments, offerings, users, type Certificate, type CertificateLanguage } from "../../db/schema";
import { makeCertificateCode } from "~/utils/certificates/code";
import { db } from "~/utils/db.server";
import { sendNotice } from "~/utils/email.server";
import { getBranding } from "./settings.server";
import { certificateEligibility, eligibilityOf, progressSummaries } from "./progress.server";
import { offeringEnrolments } from "./enrolment.server";

export type IssueOutcome =
  | { status: "issued"; certificate: Certificate }
  | { status: "exists"; certificate: Certificate }
  | { status: "not-eligible" | "missing-name" | "not-found" };

/** Names the certificate language needs: Arabic script for ar, Latin letters for fr, both for ar-fr. */
export function missingNames(user: { nameArabic: string | null; nameLatin: string | null }, language: CertificateLanguage) {
  const missing: ("nameArabic" | "nameLatin")[] = [];
  if (language !== "fr" && !user.nameArabic) missing.push("nameArabic");
  if (language !== "ar" && !user.nameLatin) missing.push("nameLatin");
  return missing;
}

export function certificateForEnrolment(enrolmentId: number) {
  return db.select().from(certificates).where(eq(certificates.enrolmentId, enrolmentId)).get() ?? null;
}

/**
 * Issues the certificate of one enrolment. Idempotent: the unique index on the enrolment makes a second call, or
 * a concurrent one, return the existing certificate instead of a second.
 */
export function issueCertificate(enrolmentId: number, language: CertificateLanguage, issuedBy: number | null): IssueOutcome {
  const existing = certificateForEnrolment(enrolmentId);
  if (existing) return { status: "exists", certificate: existing };
  const row = db
    .select({ enrolment: enrolments, offering: offerings, course: courses, user: users })
    .from(enrolments)
    .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
    .innerJoin(courses, eq(offerings.courseId, courses.id))
    .innerJoin(users, eq(enrolments.userId, users.id))
    .where(eq(enrolments.id, enrolmentId))
    .get();
  if (!row) return { status: "not-found" };
  const eligibility = certificateEligibility(enrolmentId);
  if (!eligibility.eligible) return { status: "not-eligible" };
  if (missingNames(row.user, language).length) return { status: "missing-name" };
  const branding = getBranding();
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = db
      .insert(certificates)
      .values({
        code: makeCertificateCode(row.offering.periodLabel),
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
        issuedAt: new Date(),
        issuer: branding.centre,
        coIssuer: row.course.certificate.coIssuer ? branding.partner : null,
        issuedBy,
        subjectSalt: crypto.randomBytes(12).toString("hex"),
      })
      .onConflictDoNothing()
      .returning()
      .get();
    if (inserted) {
      void sendNotice(
        row.user,
        "certificate-issued",
        { subject: "email.certificate.subject", body: ["email.certificate.body"], action: "email.certificate.action" },
        { course: row.course.title[row.user.locale === "ar" ? "ar" : "fr"], code: inserted.code },
        "/learn",
      );
      return { status: "issued", certificate: inserted };
    }
    const raced = certificateForEnrolment(enrolmentId);
    if (raced) return { status: "exists", certificate: raced };
    // Otherwise the random code collided with another certificate's: draw again.
  }
  throw new Error("Could not draw a unique certificate code");
}

export type CertificateRow = {
  enrolmentId: number;
  name: string;
  email: string;
  nameArabic: string | null;
  nameLatin: string | null;
  eligible: boolean;
  reason: "incomplete" | "not-enrolled" | null;
  certificate: { code: string; revokedAt: number | null; language: string } | null;
};

/** Per offering: who is eligible, who already has a certificate, who does not qualify and why. */
export function certificateOverview(offeringId: number): CertificateRow[] {
  // The same few queries for 20 learners or 500 (per-learner look-ups took ~0.8 s for 200 on the scale data set).
  const progress = progressSummaries({ offeringId });
  const certs = new Map(
    db
      .select()
      .from(certificates)
      .where(inArray(certificates.enrolmentId, db.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.offeringId, offeringId))))
      .all()
      .map((c) => [c.enrolmentId, c]),
  );
  return offeringEnrolments(offeringId, ["enrolled"]).map(({ enrolment, user }) => {
    const cert = certs.get(enrolment.id);
    const eligibility = eligibilityOf(progress.get(enrolment.id) ?? null);
    return {
      enrolmentId: enrolment.id,
      name: user.displayName,
      email: user.email,
      nameArabic: user.nameArabic,
      nameLatin: user.nameLatin,
      eligible: eligibility.eligible,
      reason: eligibility.eligible ? null : eligibility.reason,
      certificate: cert ? { code: cert.code, revokedAt: cert.revokedAt?.getTime() ?? null, language: cert.language } : null,
    };
  });
}

export function getCertificateByCode(code: string) {
  return db.select().from(certificates).where(eq(certificates.code, code)).get() ?? null;
}

export function certificatesOfUser(userId: number) {
  return db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(desc(certificates.issuedAt)).all();
}

export function certificatesOfOffering(offeringId: number) {
  return db.select().from(certificates).where(eq(certificates.offeringId, offeringId)).orderBy(asc(certificates.id)).all();
}

export function revokedCertificates() {
  return db.select({ code: certificates.code, reason: certificates.revocationReason }).from(certificates).where(isNotNull(certificates.revokedAt)).all();
}

/** Revokes with a reason; nothing is deleted, and revoking twice keeps the first date. */
export function revokeCertificate(code: string, by: number, reason: string) {
  return (
    db
      .update(certificates)
      .set({ revokedAt: new Date(), revokedBy: by, revocationReason: reason })
      .where(and(eq(certificates.code, code), isNull(certificates.revokedAt)))
      .returning()
      .get() ?? null
  );
}

// ---------- Bulk runs ----------

const running = new Set<number>();

/** Starts (or resumes) a bulk run in the background; each step issues one certificate, so a restart loses nothing. */
export function startJob(jobId: number) {
  if (running.has(jobId)) return;
  running.add(jobId);
  const step = () => {
    const job = db.select().from(certificateJobs).where(eq(certificateJobs.id, jobId)).get();
    if (!job || job.status === "finished") return running.delete(jobId);
    if (job.done >= job.enrolmentIds.length) {
      db.update(certificateJobs).set({ status: "finished", finishedAt: new Date() }).where(eq(certificateJobs.id, jobId)).run();
      return running.delete(jobId);
    }
    const batch = job.enrolmentIds.slice(job.done, job.done + 10);
    let issued = 0;
    let skipped = 0;
    for (const enrolmentId of batch) {
      const outcome = issueCertificate(enrolmentId, job.language, job.requestedBy);
      if (outcome.status === "issued") issued += 1;
      else if (outcome.status !== "exists") skipped += 1;
    }
    db.update(certificateJobs)
      .set({ done: job.done + batch.length, issued: job.issued + issued, skipped: job.skipped + skipped })
      .where(eq(certificateJobs.id, jobId))
      .run();
    setImmediate(step);
  };
  setImmediate(step);
}

export function createJob(offeringId: number, enrolmentIds: number[], language: CertificateLanguage, requestedBy: number) {
  const job = db.insert(certificateJobs).values({ offeringId, enrolmentIds, language, requestedBy }).returning().get();
  startJob(job.id);
  return job;
}

export function jobsOfOffering(offeringId: number) {
  return db.select().from(certificateJobs).where(eq(certificateJobs.offeringId, offeringId)).orderBy(desc(certificateJobs.id)).limit(5).all();
}

/** After a restart, unfinished runs carry on where they stopped. */
export function resumeJobs() {
  for (const job of db.select().from(certificateJobs).where(eq(certificateJobs.status, "running")).all()) startJob(job.id);
}
