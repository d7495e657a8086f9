import { eq } from "drizzle-orm";
import { assessmentAttempts, certificates, courses, enrolments, surveyResponses, users, type RegionCode, type Sex } from "../../db/schema";
import { createAssociation } from "~/models/association.server";
import { syncCatalogue } from "~/models/course.server";
import { saveOffering } from "~/models/offering.server";
import { db } from "~/utils/db.server";
import { makeUser } from "../helpers";

/**
 * A programme built by hand, dates fixed in 2026, so every indicator can be worked out on paper (the expected numbers
 * are in indicators.test.ts beside each assertion). Two offerings of "mini" (2026-Q3, 2026-Q4) and one of a second
 * course in 2026-Q4; nine learners across four associations in four regions plus one without association.
 */
const at = (month: number, day: number) => new Date(Date.UTC(2026, month - 1, day, 10));

export function buildIndicatorsWorld() {
  syncCatalogue();
  db.insert(courses)
    .values({
      id: "ind-second",
      folder: "ind-second",
      category: "crowdfunding",
      rhythm: "quarterly",
      hours: 10,
      passMark: 70,
      fallbackLocale: "ar",
      title: { ar: "التمويل التشاركي للاختبار", fr: "Financement participatif (test)" },
      summary: { ar: "ملخص", fr: "Résumé" },
      certificate: { issuer: "centre" },
      completion: { requireQuizzes: true, requireExercises: false },
    })
    .onConflictDoNothing()
    .run();

  const association = (name: string, regionCode: RegionCode) =>
    createAssociation({ name, regionCode, city: "Ville", foundingYear: null, focusAreas: [], contactEmail: null, status: "active" })!.id;
  const A1 = association("Jeunes de Tanger", "TTA");
  const A2 = association("Amal Agadir", "SMA");
  const A3 = association("Nour Casablanca", "CSE");
  const A4 = association("Atlas Béni Mellal", "BMK");

  const offering = (courseId: string, periodLabel: string, month: number) => {
    const r = saveOffering({
      courseId,
      periodLabel,
      enrolOpensAt: at(month - 1, 1),
      enrolClosesAt: at(month + 1, 1),
      startsAt: at(month, 1),
      endsAt: at(month + 2, 28),
      capacity: 30,
      languages: ["ar", "fr"],
      status: "running",
      trainerIds: [],
    });
    if (!r.ok) throw new Error(r.error);
    return r.id;
  };
  const O1 = offering("mini", "2026-Q3", 7);
  const O2 = offering("mini", "2026-Q4", 10);
  const O3 = offering("ind-second", "2026-Q4", 10);

  const person = (
    displayName: string,
    associationId: number | null,
    profile: { sex?: Sex; birthYear?: number } | null,
    regionCode: RegionCode | null = null,
  ) => {
    const id = makeUser("learner", { displayName, associationId, regionCode }).id;
    if (profile) {
      db.update(users)
        .set({ sex: profile.sex ?? null, birthYear: profile.birthYear ?? null, profileConsentAt: at(1, 15) })
        .where(eq(users.id, id))
        .run();
    }
    return id;
  };
  const L1 = person("Amina Tanger", A1, { sex: "female", birthYear: 2000 });
  const L2 = person("Badr Tanger", A1, { sex: "male", birthYear: 2008 });
  const L3 = person("Chaima Agadir", A2, { sex: "female" });
  const L4 = person("Driss Agadir", A2, null);
  // Consent withdrawn: the data is removed, exactly as if it had never been given.
  const L5 = person("Fatima Casablanca", A3, null);
  const L6 = person("Ghali Casablanca", A3, { sex: "male", birthYear: 1990 });
  const L7 = person("Hind Oujda", null, { sex: "female", birthYear: 2010 }, "ORI");
  const L8 = person("Ilyas Tanger", A1, { sex: "male", birthYear: 1995 });
  const L9 = person("Jamila Beni Mellal", A4, { sex: "female", birthYear: 1985 });

  const enrolment = (userId: number, offeringId: number, enrolledAt: Date | null, extra: { completedAt?: Date; withdrawnAt?: Date } = {}) =>
    db
      .insert(enrolments)
      .values({
        userId,
        offeringId,
        status: extra.withdrawnAt ? "withdrawn" : enrolledAt ? "enrolled" : "waitlisted",
        requestedAt: enrolledAt ?? at(10, 2),
        enrolledAt,
        completedAt: extra.completedAt ?? null,
        withdrawnAt: extra.withdrawnAt ?? null,
      })
      .returning()
      .get().id;
  const e1 = enrolment(L1, O2, at(10, 5), { completedAt: at(11, 10) });
  const e2a = enrolment(L2, O1, at(7, 10), { completedAt: at(9, 20) });
  const e2b = enrolment(L2, O2, at(10, 3), { completedAt: at(12, 1) });
  enrolment(L3, O2, at(10, 8));
  const e3 = enrolment(L3, O3, at(10, 9), { completedAt: at(11, 20) });
  enrolment(L4, O2, at(10, 10), { withdrawnAt: at(10, 20) });
  const e5 = enrolment(L5, O3, at(10, 15));
  enrolment(L6, O2, null);
  const e7 = enrolment(L7, O3, at(11, 1));
  const e8 = enrolment(L8, O1, at(7, 5), { completedAt: at(10, 2) });
  enrolment(L9, O1, at(7, 1), { withdrawnAt: at(8, 1) });

  let code = 0;
  const certificate = (enrolmentId: number, userId: number, offeringId: number, courseId: string, issuedAt: Date, revokedAt: Date | null = null) => {
    code += 1;
    db.insert(certificates)
      .values({
        code: `IND-${code}`,
        enrolmentId,
        userId,
        offeringId,
        courseId,
        language: "ar",
        courseTitle: { ar: "دورة", fr: "Cours" },
        hours: 10,
        periodLabel: "2026",
        completedAt: issuedAt,
        issuedAt,
        issuer: { ar: "المركز", fr: "Le centre" },
        subjectSalt: "salt",
        revokedAt,
        revocationCategory: revokedAt ? "issued-in-error" : null,
      })
      .run();
  };
  certificate(e1, L1, O2, "mini", at(11, 12));
  certificate(e2a, L2, O1, "mini", at(9, 25));
  certificate(e2b, L2, O2, "mini", at(12, 3));
  certificate(e3, L3, O3, "ind-second", at(11, 21), at(12, 2));
  certificate(e8, L8, O1, "mini", at(10, 3));

  const attempt = (enrolmentId: number, userId: number, offeringId: number, kind: "pre" | "post", score: number, createdAt: Date) =>
    db.insert(assessmentAttempts).values({ enrolmentId, userId, offeringId, kind, score, maxScore: 10, answers: {}, createdAt }).run();
  attempt(e1, L1, O2, "pre", 2, at(10, 6));
  attempt(e1, L1, O2, "post", 8, at(11, 9));
  attempt(e2b, L2, O2, "pre", 4, at(10, 4));
  attempt(e2b, L2, O2, "post", 4, at(11, 30));
  attempt(e8, L8, O1, "pre", 6, at(7, 6));
  attempt(e8, L8, O1, "post", 7, at(10, 2));
  attempt(e5, L5, O3, "pre", 5, at(10, 16));
  attempt(e7, L7, O3, "pre", 3, at(11, 2));

  const survey = (enrolmentId: number, offeringId: number, courseId: string, answers: [number, number, number, number, number], createdAt: Date) => {
    const [relevance, clarity, trainer, usefulness, recommend] = answers;
    db.insert(surveyResponses)
      .values({ enrolmentId, offeringId, courseId, relevance, clarity, trainer, usefulness, recommend, comment: null, createdAt })
      .run();
  };
  survey(e1, O2, "mini", [5, 5, 4, 5, 5], at(11, 10));
  survey(e3, O3, "ind-second", [3, 4, 2, 3, 4], at(11, 20));
  survey(e2a, O1, "mini", [1, 1, 1, 1, 1], at(9, 20));

  return { A1, A2, A3, A4, O1, O2, O3, L1, L2, L3, L4, L5, L6, L7, L8, L9, e7 };
}
