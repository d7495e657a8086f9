import { REGION_CODES, type RegionCode } from "../../../db/enums";
import { ChartFrame } from "./chart-frame";
import { ltrText } from "~/utils/i18n";

/**
 * The twelve regions (2015 division) as equal tiles placed roughly as on the map, north up and west on the left in
 * every language (a map is not mirrored). No boundaries: nothing to license, and small regions stay readable.
 */
export const REGION_TILES: Record<RegionCode, { col: number; row: number }> = {
  TTA: { col: 2, row: 0 },
  ORI: { col: 3, row: 0 },
  RSK: { col: 1, row: 1 },
  FME: { col: 2, row: 1 },
  CSE: { col: 1, row: 2 },
  BMK: { col: 2, row: 2 },
  DTA: { col: 3, row: 2 },
  MSA: { col: 1, row: 3 },
  SMA: { col: 1, row: 4 },
  GON: { col: 0, row: 4 },
  LSH: { col: 0, row: 5 },
  DOD: { col: 0, row: 6 },
};

const TILE_W = 84;
const TILE_H = 74;
const GAP = 4;
const COLS = 4;
const ROWS = 7;
export const SHADES = 5;

/** Shade 0 is "none"; 1–4 split the range up to the largest value in four equal steps. */
export function shadeOf(value: number, max: number) {
  if (value <= 0 || max <= 0) return 0;
  return Math.min(SHADES - 1, Math.ceil((value / max) * (SHADES - 1)));
}

/** The legend's ranges: [from, to] for each shade above zero. */
export function shadeRanges(max: number) {
  const step = max / (SHADES - 1);
  return Array.from({ length: SHADES - 1 }, (_, i) => ({ shade: i + 1, from: Math.floor(i * step) + 1, to: Math.floor((i + 1) * step) })).filter(
    (r) => r.to >= r.from,
  );
}

/** Splits a region's name into at most three short lines at spaces or hyphens. */
function lines(name: string) {
  const words = name.split(/(?<=[-\s])/u).map((w) => w.trim());
  const out: string[] = [];
  for (const w of words) {
    if (out.length && (out[out.length - 1] + " " + w).length <= 12) out[out.length - 1] = `${out[out.length - 1]} ${w}`.replace("- ", "-");
    else out.push(w);
  }
  return out.slice(0, 3);
}

/** The map's values and names from breakdown rows keyed by region code (other keys, such as "not given", are not on it). */
export function regionMapInput<T extends { key: string }>(rows: readonly T[], value: (row: T) => number, regionName: (code: RegionCode) => string) {
  const values: Partial<Record<RegionCode, number>> = {};
  for (const r of rows) if ((REGION_CODES as readonly string[]).includes(r.key)) values[r.key as RegionCode] = value(r);
  const names = Object.fromEntries(REGION_CODES.map((code) => [code, regionName(code)])) as Record<RegionCode, string>;
  return { values, names };
}

export function RegionTileMap({
  id,
  title,
  values,
  names,
  display,
  legendTitle,
  noneLabel,
  dir,
}: {
  id: string;
  title: string;
  values: Partial<Record<RegionCode, number>>;
  names: Record<RegionCode, string>;
  display: (v: number) => string;
  legendTitle: string;
  noneLabel: string;
  /** The legend follows the text's direction; the tiles never do. */
  dir: "rtl" | "ltr";
}) {
  const max = Math.max(0, ...REGION_CODES.map((c) => values[c] ?? 0));
  const width = COLS * (TILE_W + GAP);
  const mapHeight = ROWS * (TILE_H + GAP);
  const ranges = shadeRanges(max);
  const legend = [
    { shade: 0, text: noneLabel },
    // A range reads left to right in every language (LRI…PDI): Arabic would otherwise show 1–3 as 3–1.
    ...ranges.map((r) => ({ shade: r.shade, text: r.from === r.to ? display(r.from) : ltrText(`${display(r.from)}–${display(r.to)}`) })),
  ];
  const height = mapHeight + 24 + legend.length * 18;
  const lx = (v: number) => (dir === "rtl" ? width - v : v);
  return (
    <ChartFrame id={id} title={title} width={width} height={height}>
      {REGION_CODES.map((code) => {
        const { col, row } = REGION_TILES[code];
        const value = values[code] ?? 0;
        const shade = shadeOf(value, max);
        const tx = col * (TILE_W + GAP);
        const ty = row * (TILE_H + GAP);
        const nameLines = lines(names[code]);
        return (
          <g key={code} className={`tile shade-${shade}`}>
            <rect x={tx} y={ty} width={TILE_W} height={TILE_H} rx={4} />
            {nameLines.map((line, i) => (
              <text key={i} x={tx + TILE_W / 2} y={ty + 14 + i * 12} textAnchor="middle" className="tile-name">
                {line}
              </text>
            ))}
            <text x={tx + TILE_W / 2} y={ty + TILE_H - 8} textAnchor="middle" className="tile-value">
              {display(value)}
            </text>
          </g>
        );
      })}
      <text x={lx(0)} y={mapHeight + 12} textAnchor="start" direction={dir} className="chart-label legend-title">
        {legendTitle}
      </text>
      {legend.map((l, i) => (
        <g key={l.shade} className={`tile shade-${l.shade}`}>
          <rect x={dir === "rtl" ? width - 14 : 0} y={mapHeight + 20 + i * 18} width={14} height={14} rx={2} />
          <text x={lx(20)} y={mapHeight + 31 + i * 18} textAnchor="start" direction={dir} className="chart-label legend-text">
            {l.text}
          </text>
        </g>
      ))}
    </ChartFrame>
  );
}
