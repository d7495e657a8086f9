import "./journey-setup";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { certificates, enrolments, offerings, surveyResponses } from "../../db/schema";
import { getAssociation, updateAssociation } from "~/models/association.server";
import { revokeCertificate } from "~/models/certificate.server";
import {
  computeIndicators,
  computeIndicatorsAfresh,
  indicatorMemory,
  parseIndicatorFilters,
  warmIndicators,
  type Indicators,
} from "~/models/indicators.server";
import { withdrawProfileConsent } from "~/models/profile-data.server";
import { db, sqlite } from "~/utils/db.server";
import { makeUser } from "../helpers";
import { buildIndicatorsWorld } from "./indicators-fixture";

// Computed indicators are kept with the rows they were folded from; after a write, migration 0013's triggers name the
// people whose figures moved and only their rows are read again. Each step below changes the data the way the app does
// and asserts the figure an admin would see moves with it, and that every figure (a year, a quarter, a partner's and a
// coordinator's scope) equals the same figures computed from everyone's rows afresh: a stale or half-updated figure
// fails here.

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
const questions = () => {
  const year = parseIndicatorFilters(new URLSearchParams("period=2026"));
  const quarter = parseIndicatorFilters(new URLSearchParams("period=2026-Q4"));
  const region = parseIndicatorFilters(new URLSearchParams("period=2026&region=TTA"));
  const course = parseIndicatorFilters(new URLSearchParams("period=2026&course=mini"));
  if (!year.ok || !quarter.ok || !region.ok || !course.ok) throw new Error("filters");
  return [
    { filters: year.filters },
    { filters: quarter.filters },
    { filters: region.filters },
    { filters: course.filters },
    { filters: year.filters, scope: { offeringIds: [w.O2, w.O3] } },
    { filters: year.filters, scope: { associationId: w.A1 } },
  ];
};
// Each question once before the step (so that it is kept), once after; the kept answer must equal a fresh one.
let asked: ReturnType<typeof questions> = [];
const askAll = () => {
  asked = questions();
  for (const q of asked) computeIndicators(q.filters, q.scope);
};
const expectAllFresh = () => {
  for (const q of asked) expect(computeIndicators(q.filters, q.scope)).toEqual(computeIndicatorsAfresh(q.filters, q.scope));
};
const group = (i: Indicators, breakdown: keyof Indicators["breakdowns"], key: string) => i.breakdowns[breakdown].find((r) => r.key === key)!.counts;

describe("indicators kept until their data changes", () => {
  beforeEach(() => askAll());
  afterEach(() => expectAllFresh());

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

  it("start-up computes this quarter's and this year's figures, which the first visitors then get as they are", () => {
    const now = new Date(Date.UTC(2026, 10, 27));
    const [quarter, year] = warmIndicators(now);
    expect(quarter!.filters.period.label).toBe("2026-Q4");
    expect(year!.filters.period.label).toBe("2026");
    const asked = parseIndicatorFilters(new URLSearchParams("period=2026"));
    if (!asked.ok) throw new Error("filters");
    expect(computeIndicators(asked.filters)).toBe(year);
    expect(q4()).toBe(quarter);
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

  it("a person whose enrolment leaves the period is no longer counted, and counted again when it comes back", () => {
    const yearOf = () => computeIndicators(asked[0]!.filters);
    const before = yearOf();
    const where = and(eq(enrolments.userId, w.L9), eq(enrolments.offeringId, w.O1));
    db.update(enrolments)
      .set({ enrolledAt: new Date(Date.UTC(2025, 6, 1)) })
      .where(where)
      .run();
    const after = yearOf();
    expect(after.totals.enrolled).toBe(before.totals.enrolled - 1);
    expect(group(after, "region", "BMK").enrolled).toBe(group(before, "region", "BMK").enrolled - 1);
    db.update(enrolments)
      .set({ enrolledAt: new Date(Date.UTC(2026, 6, 1)) })
      .where(where)
      .run();
    expect(yearOf().totals).toEqual(before.totals);
  });

  it("an association renamed shows its new name at once, with the same figures", () => {
    const before = q4();
    const a = getAssociation(w.A1)!;
    expect(updateAssociation(w.A1, { ...a, name: "Jeunes de Tanger-Asilah" } as Parameters<typeof updateAssociation>[1])).toBe("ok");
    const after = q4();
    expect(after).not.toBe(before);
    expect(after.associationNames[String(w.A1)]!.name).toBe("Jeunes de Tanger-Asilah");
    expect(after.totals).toEqual(before.totals);
  });

  it("an offering moved to another course moves its people in the course breakdown (everyone is read again)", () => {
    const yearOf = () => computeIndicators(asked[0]!.filters);
    const before = yearOf();
    db.update(offerings).set({ courseId: "ind-second" }).where(eq(offerings.id, w.O1)).run();
    const after = yearOf();
    // O1 (2026-Q3) had Badr, Ilyas and Jamila; Badr is also in O2, so "mini" keeps him.
    expect(group(after, "course", "mini").enrolled).toBe(group(before, "course", "mini").enrolled - 2);
    expect(group(after, "course", "ind-second").enrolled).toBe(group(before, "course", "ind-second").enrolled + 3);
    expectAllFresh();
    db.update(offerings).set({ courseId: "mini" }).where(eq(offerings.id, w.O1)).run();
    expect(yearOf().breakdowns.course).toEqual(before.breakdowns.course);
  });

  it("figures kept from before the changes still in the log are computed afresh, and right", () => {
    const before = q4();
    db.update(enrolments)
      .set({ completedAt: new Date(Date.UTC(2026, 11, 20)) })
      .where(and(eq(enrolments.userId, w.L7), eq(enrolments.offeringId, w.O3)))
      .run();
    // As if more than the log keeps had happened since: the entry naming Hind is gone, a later one is there.
    sqlite.prepare("DELETE FROM indicator_changes").run();
    sqlite.prepare("INSERT INTO indicator_changes (user_id) VALUES (0)").run();
    expect(q4().totals.completed).toBe(before.totals.completed + 1);
  });

  it("the log keeps the last 10,000 entries", () => {
    const insert = sqlite.prepare("INSERT INTO indicator_changes (user_id) VALUES (0)");
    sqlite.transaction(() => {
      for (let i = 0; i < 10_050; i++) insert.run();
    })();
    const { n, span } = sqlite.prepare("SELECT count(*) AS n, max(seq) - min(seq) + 1 AS span FROM indicator_changes").get() as { n: number; span: number };
    expect(n).toBe(10_000);
    expect(span).toBe(10_000);
  });

  it("questions that kept no rows (memory spent on more recent ones) are computed afresh after a change, and right", () => {
    const before = indicatorMemory.rowsKept;
    indicatorMemory.rowsKept = 1;
    try {
      askAll();
      const q4Before = q4();
      db.update(enrolments)
        .set({ completedAt: new Date(Date.UTC(2026, 11, 21)) })
        .where(and(eq(enrolments.userId, w.L4), eq(enrolments.offeringId, w.O2)))
        .run();
      expect(q4().totals.completed).toBe(q4Before.totals.completed + 1);
      expectAllFresh();
    } finally {
      indicatorMemory.rowsKept = before;
    }
  });
});
