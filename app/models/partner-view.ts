import type { Shown } from "./small-counts";

/** Breakdowns a partner sees: people's attributes and the programme's own dimensions, never single associations. */
export const PARTNER_BREAKDOWNS = ["region", "course", "quarter", "sex", "age"] as const;
export type PartnerBreakdown = (typeof PARTNER_BREAKDOWNS)[number];

export type PartnerRow = { key: string; enrolled: Shown; completed: Shown; certified: Shown; completionRate: Shown | null };
