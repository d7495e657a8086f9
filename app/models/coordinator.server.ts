import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { associations, certificates, courses, enrolments, offerings, users, type Locale } from "../../db/schema";
import type { EnrolmentStatus, OfferingStatus } from "../../db/enums";
import { db } from "~/utils/db.server";
import { localized } from "./course.server";
import { bulkEnrol, type BulkOutcome } from "./enrolment.server";
import { isEnrolmentOpen, listOfferings } from "./offering.server";
import { progressSummaries } from "./progress.server";

/**
 * What an association's coordinator follows: its members, each member's enrolments with progress, and certificates.
 * The same fixed number of queries for five members or five hundred.
 */

export type MemberEnrolment = {
  id: number;
  course: string;
  period: string;
  offeringStatus: OfferingStatus;
  status: EnrolmentStatus;
  lessonsDone: number;
  lessonsTotal: number;
  complete: boolean;
  lastActivityAt: number | null;
};
export type MemberCertificate = { code: string; course: string; period: string; issuedAt: number; revoked: boolean };
export type Member = { id: number; name: string; disabled: boolean; enrolments: MemberEnrolment[]; certificates: MemberCertificate[] };
export type AssociationOverview = {
  association: { id: number; name: string; regionCode: string };
  members: Member[];
  counts: { members: number; enrolled: number; completed: number; certified: number };
};

export function associationOverview(associationId: number, locale: Locale): AssociationOverview | null {
  const association = db
    .select({ id: associations.id, name: associations.name, regionCode: associations.regionCode })
    .from(associations)
    .where(eq(associations.id, associationId))
    .get();
  if (!association) return null;
  const people = db
    .select({ id: users.id, name: users.displayName, disabled: users.disabled })
    .from(users)
    .where(eq(users.associationId, associationId))
    .orderBy(asc(users.displayName), asc(users.id))
    .all();
  const ofMembers = inArray(enrolments.userId, db.select({ id: users.id }).from(users).where(eq(users.associationId, associationId)));
  const rows = db
    .select({ enrolment: enrolments, offering: { periodLabel: offerings.periodLabel, status: offerings.status }, courseTitle: courses.title })
    .from(enrolments)
    .innerJoin(offerings, eq(enrolments.offeringId, offerings.id))
    .innerJoin(courses, eq(offerings.courseId, courses.id))
    .where(ofMembers)
    .orderBy(desc(offerings.startsAt), desc(enrolments.id))
    .all();
  const progress = progressSummaries({ associationId });
  const held = db
    .select({
      userId: certificates.userId,
      code: certificates.code,
      courseTitle: certificates.courseTitle,
      period: certificates.periodLabel,
      issuedAt: certificates.issuedAt,
      revokedAt: certificates.revokedAt,
    })
    .from(certificates)
    .where(inArray(certificates.userId, db.select({ id: users.id }).from(users).where(eq(users.associationId, associationId))))
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .all();

  const byMember = new Map<number, Member>(people.map((p) => [p.id, { ...p, enrolments: [], certificates: [] }]));
  for (const { enrolment, offering, courseTitle } of rows) {
    const state = progress.get(enrolment.id);
    byMember.get(enrolment.userId)?.enrolments.push({
      id: enrolment.id,
      course: localized(courseTitle, locale),
      period: offering.periodLabel,
      offeringStatus: offering.status,
      status: enrolment.status,
      lessonsDone: state?.lessonsDone ?? 0,
      lessonsTotal: state?.lessonsTotal ?? 0,
      complete: state?.complete ?? false,
      lastActivityAt: enrolment.lastActivityAt?.getTime() ?? null,
    });
  }
  for (const c of held) {
    byMember.get(c.userId)?.certificates.push({
      code: c.code,
      course: localized(c.courseTitle, locale),
      period: c.period,
      issuedAt: c.issuedAt.getTime(),
      revoked: c.revokedAt !== null,
    });
  }
  const members = [...byMember.values()];
  // People, each counted once however many courses they follow.
  const counts = {
    members: members.length,
    enrolled: members.filter((m) => m.enrolments.some((e) => e.status === "enrolled")).length,
    completed: members.filter((m) => m.enrolments.some((e) => e.complete)).length,
    certified: members.filter((m) => m.certificates.some((c) => !c.revoked)).length,
  };
  return { association, members, counts };
}

/** Offerings a coordinator may enrol members into: open or running, inside their enrolment window. */
export function enrollableOfferings(locale: Locale, now = new Date()) {
  return listOfferings({ includeClosed: false })
    .filter((r) => isEnrolmentOpen(r.offering, now))
    .map((r) => ({
      id: r.offering.id,
      course: localized(r.course.title, locale),
      period: r.offering.periodLabel,
      seatsLeft: Math.max(0, r.offering.capacity - r.enrolled),
    }));
}

export type MemberEnrolResult =
  { ok: true; results: { userId: number; name: string; outcome: BulkOutcome }[] } | { ok: false; reason: "not-member" | "unknown-offering" | "closed" };

/**
 * Enrols members of one association in an offering through the admins' list enrolment (all or nothing, seat rules,
 * waiting list, duplicates), after checking that every person belongs to the association and that the offering takes
 * enrolments today. Nothing is written when a check fails.
 */
export function enrolMembers(associationId: number, offeringId: number, userIds: number[], now = new Date()): MemberEnrolResult {
  const offering = db.select().from(offerings).where(eq(offerings.id, offeringId)).get();
  if (!offering) return { ok: false, reason: "unknown-offering" };
  if (!isEnrolmentOpen(offering, now)) return { ok: false, reason: "closed" };
  const unique = [...new Set(userIds)];
  const people = unique.length
    ? db
        .select({ id: users.id, name: users.displayName, email: users.email })
        .from(users)
        .where(and(inArray(users.id, unique), eq(users.associationId, associationId)))
        .all()
    : [];
  if (!unique.length || people.length !== unique.length) return { ok: false, reason: "not-member" };
  const outcome = bulkEnrol(offeringId, { pasted: people.map((p) => p.email).join("\n"), invite: false });
  if (!outcome.ok) return { ok: false, reason: "closed" };
  const byEmail = new Map(outcome.results.map((r) => [r.email, r.outcome]));
  const results = people
    .map((p) => ({ userId: p.id, name: p.name, outcome: byEmail.get(p.email) ?? ("unknown" as const) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { ok: true, results };
}
