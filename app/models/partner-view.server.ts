import type { LocalizedText } from "../../db/schema";
import { computeIndicators, type BreakdownRow, type IndicatorFilters, type Indicators } from "./indicators.server";
import { partnerOfferingIds } from "./partner.server";
import { PARTNER_BREAKDOWNS, type PartnerBreakdown, type PartnerRow } from "./partner-view";
import { suppressColumn, suppressMean, suppressOne, suppressShare, type Shown } from "./small-counts";

/**
 * What a partner (funder) sees: the indicators of the offerings linked to them, aggregated, every group smaller than 5
 * hidden (see small-counts.ts). No names, no associations (a small association's row would describe its members), no
 * survey comments. Plain data: the page only formats it.
 */

export type PartnerView = {
  totals: {
    enrolled: Shown;
    completed: Shown;
    certified: Shown;
    completionRate: Shown | null;
    associationsReached: Shown;
    associationsTrained: Shown;
  };
  breakdowns: Record<PartnerBreakdown, PartnerRow[]>;
  gain: { n: Shown; meanPre: Shown | null; meanPost: Shown | null; meanGain: Shown | null; shareImproved: Shown | null };
  satisfaction: { n: Shown; mean: Shown | null; shareHigh: Shown | null };
  courseTitles: Record<string, LocalizedText>;
  empty: boolean;
};

/** Suppresses each count column of a breakdown, then the rates that would give a hidden count back. */
function breakdownRows(rows: BreakdownRow[]): PartnerRow[] {
  const enrolled = suppressColumn(rows.map((r) => r.counts.enrolled));
  const completed = suppressColumn(rows.map((r) => r.counts.completed));
  const certified = suppressColumn(rows.map((r) => r.counts.certified));
  // The rate's numerator is never shown, but rate × enrolled is: it gets its own complementary suppression.
  const cohort = suppressColumn(rows.map((r) => r.counts.cohortCompleted));
  return rows.map((r, i) => {
    const rateVisible = !enrolled[i]!.hidden && !cohort[i]!.hidden;
    const rate = suppressShare(r.counts.cohortCompleted, r.counts.enrolled);
    return {
      key: r.key,
      enrolled: enrolled[i]!,
      completed: completed[i]!,
      certified: certified[i]!,
      completionRate: rate && !rate.hidden && !rateVisible ? { value: null, hidden: true } : rate,
    };
  });
}

export function partnerView(partnerId: number, filters: IndicatorFilters): PartnerView {
  // A partner's scope is its links, whatever the query string says (an offering filter only narrows it further).
  const indicators: Indicators = computeIndicators({ ...filters, partnerId: null, associationId: null }, { offeringIds: partnerOfferingIds(partnerId) });
  const t = indicators.totals;
  const breakdowns = Object.create(null) as Record<PartnerBreakdown, PartnerRow[]>;
  for (const b of PARTNER_BREAKDOWNS) breakdowns[b] = breakdownRows(indicators.breakdowns[b]);
  const g = indicators.gain;
  const s = indicators.satisfaction;
  return {
    totals: {
      enrolled: suppressOne(t.enrolled),
      completed: suppressOne(t.completed),
      certified: suppressOne(t.certified),
      completionRate: suppressShare(t.cohortCompleted, t.enrolled),
      associationsReached: suppressOne(t.associationsReached),
      associationsTrained: suppressOne(t.associationsTrained),
    },
    breakdowns,
    gain: {
      n: suppressOne(g.n),
      meanPre: suppressMean(g.meanPre, g.n),
      meanPost: suppressMean(g.meanPost, g.n),
      meanGain: suppressMean(g.meanGain, g.n),
      shareImproved: suppressMean(g.shareImproved, g.n),
    },
    satisfaction: { n: suppressOne(s.n), mean: suppressMean(s.mean, s.n), shareHigh: suppressMean(s.shareHigh, s.n) },
    courseTitles: indicators.courseTitles,
    empty: indicators.empty,
  };
}
