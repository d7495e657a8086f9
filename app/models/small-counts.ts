/**
 * Statistical disclosure control for what partners (funders) see: no group smaller than 5 people is shown.
 * A count of 1–4 is shown as "fewer than 5" (primary suppression); 0 stays 0 (nobody is described by it). When a table
 * publishes its total, hiding one cell is not enough — total minus the others gives it back — so more cells are
 * hidden (complementary suppression) until the hidden ones cannot be worked out: never a single hidden cell, and never
 * hidden cells that must all be 1 or all be 4 (a sum of k or 4k over k cells of 1–4).
 * Differencing between two separate queries (e.g. all offerings vs. one) is not prevented here: the partner page keeps
 * its filters few for that reason (see docs/reports.md).
 */

export const SMALL_COUNT_THRESHOLD = 5;

/** A number as shown to a partner: the value, or hidden. */
export type Shown = { value: number; hidden: false } | { value: null; hidden: true };

const shown = (value: number): Shown => ({ value, hidden: false });
const hidden: Shown = { value: null, hidden: true };

export function isSmall(count: number) {
  return count > 0 && count < SMALL_COUNT_THRESHOLD;
}

/** One count on its own (a headline number): hidden when 1–4. */
export function suppressOne(count: number): Shown {
  return isSmall(count) ? hidden : shown(count);
}

/**
 * A column of counts that add up to a published total (or nearly: a person counted in two rows makes the sum larger,
 * which only makes recovering a cell harder). Returns the cells as shown, in the same order.
 */
export function suppressColumn(counts: number[]): Shown[] {
  const hide = counts.map((c) => isSmall(c));
  const hiddenCells = () => counts.filter((_, i) => hide[i]);
  const recoverable = () => {
    const cells = hiddenCells();
    if (cells.length === 0) return false;
    if (cells.length === 1) return true;
    // Only when every hidden cell is a small count can their sum pin them down.
    if (cells.some((c) => !isSmall(c))) return false;
    const sum = cells.reduce((a, b) => a + b, 0);
    return sum === cells.length || sum === cells.length * (SMALL_COUNT_THRESHOLD - 1);
  };
  while (recoverable()) {
    // Hide the smallest cell still shown that has people in it; with none left, nothing more can be done.
    let next = -1;
    counts.forEach((c, i) => {
      if (!hide[i] && c > 0 && (next === -1 || c < counts[next]!)) next = i;
    });
    if (next === -1) break;
    hide[next] = true;
  }
  return counts.map((c, i) => (hide[i] ? hidden : shown(c)));
}

/**
 * A share (completion rate) out of a group: shown only when the group has at least 5 people and the numerator is not a
 * small count (a rate times a shown denominator would give the numerator back). Null when the group is empty.
 */
export function suppressShare(numerator: number, denominator: number): Shown | null {
  if (!denominator) return null;
  if (denominator < SMALL_COUNT_THRESHOLD || isSmall(numerator)) return hidden;
  return shown(numerator / denominator);
}

/** A mean over n answers (satisfaction, scores): shown only when at least 5 people gave it. */
export function suppressMean(mean: number | null, n: number): Shown | null {
  if (mean === null || n === 0) return null;
  return n < SMALL_COUNT_THRESHOLD ? hidden : shown(mean);
}
