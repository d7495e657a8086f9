import type { ReactNode } from "react";

/**
 * An SVG chart as an image with a title: screen readers announce the title and read the table the page puts beside
 * it, instead of wandering through the shapes. Sized by its viewBox, so it scales to the column and prints sharp.
 */
export function ChartFrame({ id, title, width, height, children }: { id: string; title: string; width: number; height: number; children: ReactNode }) {
  return (
    <svg className="chart" role="img" aria-labelledby={`${id}-title`} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMidYMin meet">
      <title id={`${id}-title`}>{title}</title>
      {children}
    </svg>
  );
}

/** Shortens a label to fit its column; the full label is in the table beside the chart. */
export function clip(label: string, max: number) {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}
