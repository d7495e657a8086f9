import path from "node:path";
import { describe, expect, it } from "vitest";
import { seedIfEmpty } from "../../db/seed";
import { syncCatalogue } from "~/models/course.server";
import { seedDemoOfferings } from "~/models/demo.server";
import { computeIndicators, parseIndicatorFilters } from "~/models/indicators.server";
import { db, sqlite } from "~/utils/db.server";

// The demo a newcomer starts: a year of history behind the indicators, the same on every fresh start, quickly made.

const NOW = new Date(Date.UTC(2026, 10, 27, 10));
const indicators = (query: string) => {
  const r = parseIndicatorFilters(new URLSearchParams(query), NOW);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return computeIndicators(r.filters);
};

describe("demo history", () => {
  it("gives several quarters, many regions, consent and none, certificates some revoked, tests and surveys", () => {
    syncCatalogue(path.resolve(import.meta.dirname, "../../courses"), () => {});
    seedIfEmpty(db, { password: "demo-history-test", log: () => {} });
    const started = performance.now();
    expect(seedDemoOfferings(NOW)).toBe(true);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(2000);

    const year = indicators("from=2025-10-01&to=2026-12-31");
    for (const quarter of ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]) {
      const row = year.breakdowns.quarter.find((r) => r.key === quarter)!;
      expect(row.counts.enrolled, quarter).toBeGreaterThan(5);
    }
    expect(year.breakdowns.region.filter((r) => r.counts.enrolled > 0).length).toBeGreaterThanOrEqual(10);
    expect(year.breakdowns.sex.map((r) => r.counts.enrolled).every((n) => n > 0)).toBe(true);
    expect(year.breakdowns.age.filter((r) => r.counts.enrolled > 0).length).toBeGreaterThanOrEqual(4);
    expect(year.totals.certificatesRevoked).toBeGreaterThan(0);
    expect(year.totals.certified).toBeGreaterThan(20);
    expect(year.gain.n).toBeGreaterThan(20);
    expect(year.satisfaction.n).toBeGreaterThan(20);
    // This quarter has its own numbers (the IT training's earlier month, late completions), not only last year's.
    const q4 = indicators("period=2026-Q4");
    expect(q4.totals.enrolled).toBeGreaterThan(5);
    expect(q4.totals.completed).toBeGreaterThan(0);
    // The same seed, the same people.
    const first = sqlite.prepare("SELECT display_name FROM users WHERE email = 'demo.history1@tamkeen.test'").pluck().get();
    expect(first).toBe(FIRST_NAME);
    // Run again: nothing added.
    const before = sqlite.prepare("SELECT count(*) FROM enrolments").pluck().get();
    expect(seedDemoOfferings(NOW)).toBe(false);
    expect(sqlite.prepare("SELECT count(*) FROM enrolments").pluck().get()).toBe(before);
    console.log(`demo history: ${ms.toFixed(0)} ms; ${before} enrolments; 2025-Q4…2026-Q4: ${JSON.stringify(year.totals)}`);
  });
});

const FIRST_NAME = "Ayoub Amrani";
