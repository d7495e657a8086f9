import { SEX_VALUES, SURVEY_QUESTIONS, type RegionCode, type SurveyQuestion } from "../../db/enums";

// The indicators' vocabulary and result shapes, shared by the model (indicators.server.ts), the pages and the charts.

export const BREAKDOWNS = ["region", "association", "course", "quarter", "sex", "age"] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const SEXES = SEX_VALUES;
export const AGE_BANDS = ["<18", "18-24", "25-34", "35+"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** The key of the group of people who gave no answer, or no consent, or whose association has no region. */
export const NOT_GIVEN = "";

export const PEOPLE_METRICS = ["enrolled", "completed", "cohortCompleted", "certified", "issued", "revoked", "reached", "trained", "gain"] as const;
export type PeopleMetric = (typeof PEOPLE_METRICS)[number];

export const LIKERT_QUESTIONS = SURVEY_QUESTIONS;
export type LikertQuestion = SurveyQuestion;

export type Period = {
  kind: "quarter" | "year" | "custom";
  /** 2026-Q4, 2026, or 2026-10-01/2026-12-31 */
  label: string;
  /** First instant, UTC ms. */
  from: number;
  /** First instant after the period, UTC ms. */
  to: number;
};

export type IndicatorFilters = {
  period: Period;
  courseId: string | null;
  offeringId: number | null;
  region: RegionCode | null;
  associationId: number | null;
  partnerId: number | null;
};

/** Who may see what: a partner sees the offerings linked to them, a coordinator one association. */
export type IndicatorScope = { offeringIds?: number[]; associationId?: number };

export type FilterError =
  "badPeriod" | "badDate" | "endBeforeStart" | "unknownRegion" | "unknownAssociation" | "unknownCourse" | "unknownOffering" | "unknownPartner";

export type FilterResult = { ok: true; filters: IndicatorFilters } | { ok: false; errors: { field: string; error: FilterError }[] };

export type Counts = {
  /** Unique people with a seat given in the period (waitlisted-only people never had one). */
  enrolled: number;
  /** Unique people who completed a course in the period. */
  completed: number;
  /** Of the people enrolled in the period, those who have completed that enrolment (the completion rate's numerator). */
  cohortCompleted: number;
  /** cohortCompleted ÷ enrolled, or null when nobody enrolled. */
  completionRate: number | null;
  /** Unique people holding a certificate issued in the period and not revoked. */
  certified: number;
  certificatesIssued: number;
  certificatesRevoked: number;
  /** Associations with at least one member enrolled in the period. */
  associationsReached: number;
  /** Associations with at least one member who completed in the period. */
  associationsTrained: number;
};

export type Gain = { n: number; meanPre: number | null; meanPost: number | null; meanGain: number | null; shareImproved: number | null };
export type Satisfaction = {
  n: number;
  questions: { key: LikertQuestion; mean: number | null; shareHigh: number | null }[];
  /** Mean of the question means; share of all answers at 4 or 5. */
  mean: number | null;
  shareHigh: number | null;
};

export type BreakdownRow = { key: string; counts: Counts; gain: Gain; satisfaction: Satisfaction };
export type Indicators = {
  filters: IndicatorFilters;
  totals: Counts;
  gain: Gain;
  satisfaction: Satisfaction;
  breakdowns: Record<Breakdown, BreakdownRow[]>;
  associationNames: Record<string, { name: string; region: RegionCode }>;
  courseTitles: Record<string, { ar: string; fr: string; en?: string }>;
  /** Nothing at all happened in the period under these filters. */
  empty: boolean;
};

export type PersonRow = {
  userId: number;
  name: string;
  association: string | null;
  region: RegionCode | null;
  /** The enrolments (or certificates) behind the number: course, offering period, dates, state. */
  items: { courseId: string; periodLabel: string; date: number | null; status: string }[];
};

export type PeopleSelection = { breakdown: Breakdown; key: string } | null;

/** Associations the indicators page lists before "show all" (the exports always carry every association). */
export const PAGE_ASSOCIATIONS = 20;
