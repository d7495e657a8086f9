import { ChartFrame } from "./chart-frame";

export type TrendPoint = { key: string; label: string; values: number[]; displays: string[] };

const WIDTH = 340;
const HEIGHT = 180;
const AXIS = 22;
const TOP = 16;

/**
 * Columns per quarter, one per series (e.g. enrolled and completed), side by side. Time runs from the inline start,
 * like the text: right to left in Arabic. Period labels are isolated left-to-right so 2026-Q4 never reads Q4-2026.
 */
export function TrendChart({ id, title, points, series, dir }: { id: string; title: string; points: TrendPoint[]; series: string[]; dir: "rtl" | "ltr" }) {
  const max = Math.max(1, ...points.flatMap((p) => p.values));
  const plot = HEIGHT - AXIS - TOP - 18;
  const slot = WIDTH / Math.max(1, points.length);
  const barWidth = Math.min(28, (slot - 8) / series.length);
  const x = (v: number, w = 0) => (dir === "rtl" ? WIDTH - v - w : v);
  return (
    <ChartFrame id={id} title={title} width={WIDTH} height={HEIGHT}>
      <line x1={0} x2={WIDTH} y1={TOP + plot} y2={TOP + plot} className="chart-axis" />
      {points.map((p, i) => {
        const groupStart = i * slot + (slot - barWidth * series.length) / 2;
        return (
          <g key={p.key}>
            {p.values.map((v, s) => {
              const h = v > 0 ? Math.max(2, (v / max) * plot) : 0;
              const left = x(groupStart + s * barWidth, barWidth - 2);
              return (
                <g key={series[s]}>
                  <rect x={left} y={TOP + plot - h} width={barWidth - 2} height={h} className={`chart-series-${s}`} />
                  <text x={left + (barWidth - 2) / 2} y={TOP + plot - h - 3} textAnchor="middle" className="chart-value">
                    {p.displays[s]}
                  </text>
                </g>
              );
            })}
            <text x={x(i * slot + slot / 2)} y={TOP + plot + 14} textAnchor="middle" direction="ltr" unicodeBidi="isolate" className="chart-label">
              {p.label}
            </text>
          </g>
        );
      })}
      {series.map((name, s) => {
        const lx = dir === "rtl" ? WIDTH - 4 - s * 150 : 4 + s * 150;
        const sw = dir === "rtl" ? lx - 10 : lx;
        return (
          <g key={name}>
            <rect x={sw} y={HEIGHT - 14} width={10} height={10} className={`chart-series-${s}`} />
            <text x={dir === "rtl" ? lx - 14 : lx + 14} y={HEIGHT - 5} textAnchor="start" direction={dir} className="chart-label">
              {name}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
