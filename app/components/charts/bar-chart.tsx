import { ChartFrame, clip } from "./chart-frame";

export type Bar = { key: string; label: string; value: number; display: string };

const WIDTH = 340;
const ROW = 26;
const LABEL = 140;
const VALUE = 44;

/**
 * Horizontal bars, one per group, growing from the inline start: from the right in Arabic, from the left in French.
 * The value is written at the bar's end.
 */
export function BarChart({ id, title, bars, dir }: { id: string; title: string; bars: Bar[]; dir: "rtl" | "ltr" }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const track = WIDTH - LABEL - VALUE;
  const height = Math.max(ROW, bars.length * ROW) + 4;
  // Positions are worked out left-to-right, then mirrored for a right-to-left page.
  const x = (v: number) => (dir === "rtl" ? WIDTH - v : v);
  return (
    <ChartFrame id={id} title={title} width={WIDTH} height={height}>
      {bars.map((b, i) => {
        const y = i * ROW + 2;
        const length = b.value > 0 ? Math.max(2, (b.value / max) * track) : 0;
        const barStart = dir === "rtl" ? x(LABEL) - length : LABEL;
        return (
          <g key={b.key} className="chart-row">
            <text x={x(LABEL - 6)} y={y + ROW / 2 + 4} textAnchor="end" direction={dir} className="chart-label">
              {/* First-strong isolation: a French name in an Arabic chart keeps its own direction and its ellipsis at its end. */}
              {`\u2068${clip(b.label, 20)}\u2069`}
            </text>
            <rect x={barStart} y={y + 3} width={length} height={ROW - 8} rx={2} className="chart-bar" />
            <text x={x(LABEL + length + 4)} y={y + ROW / 2 + 4} textAnchor="start" direction={dir} className="chart-value">
              {b.display}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
