import "./journey-setup";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { certificates, enrolments, surveyResponses } from "../../db/schema";
import { getAssociation, updateAssociation } from "~/models/association.server";
import { revokeCertificate } from "~/models/certificate.server";
import { computeIndicators, parseIndicatorFilters, type Indicators } from "~/models/indicators.server";
import { withdrawProfileConsent } from "~/models/profile-data.server";
import { db } from "~/utils/db.server";
import { makeUser } from "../helpers";
import { buildIndicatorsWorld } from "./indicators-fixture";

// Computed indicators are kept until a column they read changes (migration 0012's triggers). Each step below changes
// the data the way the app does and asserts the figure an admin would see moves with it: a stale figure fails here.

let w: ReturnType<typeof buildIndicatorsWorld>;
let adminId: number;
beforeAll(() => {
  w = buildIndicatorsWorld();
  adminId = makeUser("admin").id;
});

const q4 = () => {
  const r = parseIndicatorFilters(new URLSearchParams("period=2026-Q4"));
  if (!r.ok) throw new Error("filters");
  return computeIndicators(r.filters);
};
const group = (i: Indicators, breakdown: keyof Indicators["breakdowns"], key: string) => i.breakdowns[breakdown].find((r) => r.key === key)!.counts;

describe("indicators kept until their data changes", () => {
  it("answers a repeated question with the same figures without computing them again, and they cannot be altered", () => {
    const first = q4();
    expect(q4()).toBe(first);
    expect(Object.isFrozen(first.totals)).toBe(true);
    // Another question is computed on its own.
    const r = parseIndicatorFilters(new URLSearchParams("period=2026-Q3"));
    if (!r.ok) throw new Error("filters");
    expect(computeIndicators(r.filters)).not.toBe(first);
    expect(q4()).toBe(first);
  });

  it("a learner reading a lesson (last activity) changes nothing the indicators read: no recomputation", () => {
    const before = q4();
    db.update(enrolments).set({ lastActivityAt: new Date() }).where(eq(enrolments.userId, w.L1)).run();
    expect(q4()).toBe(before);
  });

  it("a revoked certificate shows at once", () => {
    const before = q4();
    const cert = db
      .select()
      .from(certificates)
      .where(and(eq(certificates.userId, w.L1), eq(certificates.offeringId, w.O2)))
      .get()!;
    expect(revokeCertificate(cert.id, w.O2, adminId, "issued-in-error", null).status).toBe("revoked");
    const after = q4();
    expect(after).not.toBe(before);
    // Amina's certificate of 12 November no longer counts her as certified (the revocation is dated today, so whether
    // it also counts among the quarter's revocations depends on the day the test runs).
    expect(after.totals.certified).toBe(before.totals.certified - 1);
  });

  it("a completion shows at once", () => {
    const before = q4();
    db.update(enrolments)
      .set({ completedAt: new Date(Date.UTC(2026, 11, 15)) })
      .where(and(eq(enrolments.userId, w.L5), eq(enrolments.offeringId, w.O3)))
      .run();
    expect(q4().totals.completed).toBe(before.totals.completed + 1);
  });

  it("withdrawn consent moves a person to 'not given' at once", () => {
    const before = q4();
    withdrawProfileConsent(w.L1);
    const after = q4();
    expect(group(after, "sex", "female").enrolled).toBe(group(before, "sex", "female").enrolled - 1);
    expect(group(after, "sex", "").enrolled).toBe(group(before, "sex", "").enrolled + 1);
  });

  it("an association moved to another region is counted there at once", () => {
    const before = q4();
    const a = getAssociation(w.A4)!;
    const a3 = getAssociation(w.A3)!;
    expect(updateAssociation(w.A3, { ...a3, regionCode: "BMK" } as Parameters<typeof updateAssociation>[1])).toBe("ok");
    const after = q4();
    expect(a.regionCode).toBe("BMK");
    expect(group(after, "region", "CSE").enrolled).toBe(0);
    expect(group(after, "region", "BMK").enrolled).toBe(group(before, "region", "BMK").enrolled + group(before, "region", "CSE").enrolled);
  });

  it("a new survey answer shows at once", () => {
    const before = q4();
    const e = db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.userId, w.L7), eq(enrolments.offeringId, w.O3)))
      .get()!;
    db.insert(surveyResponses)
      .values({
        enrolmentId: e.id,
        offeringId: w.O3,
        courseId: "ind-second",
        relevance: 5,
        clarity: 5,
        trainer: 5,
        usefulness: 5,
        recommend: 5,
        comment: null,
        createdAt: new Date(Date.UTC(2026, 10, 25)),
      })
      .run();
    expect(q4().satisfaction.n).toBe(before.satisfaction.n + 1);
  });
});
