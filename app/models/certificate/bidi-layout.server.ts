import bidiFactory from "bidi-js";

const bidi = bidiFactory();

// Controls, bidi embeddings/overrides/isolates and marks would reorder what we lay out ourselves.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function cleanForPrint(text: string) {
  return text.replace(UNSAFE, "").normalize("NFC").replace(/\s+/g, " ").trim();
}

export type Run = { text: string; rtl: boolean };

/**
 * Splits one line into runs of a single direction, in visual order (left to right on the page).
 * Each RTL run keeps its characters in logical order: fontkit shapes and reverses an Arabic run itself,
 * but does no bidi, so digits and Latin words inside Arabic must be runs of their own.
 */
export function visualRuns(text: string, direction: "rtl" | "ltr"): Run[] {
  if (!text) return [];
  const embedding = bidi.getEmbeddingLevels(text, direction);
  const { levels } = embedding;
  // Brackets and quotes inside right-to-left text are drawn mirrored: ( becomes ), « becomes ».
  const chars = text.split("");
  for (const [index, mirror] of bidi.getMirroredCharactersMap(text, levels)) chars[index] = mirror;
  const shown = chars.join("");
  // Visual order from bidi-js itself (rules L1–L2), then cut into runs of one direction. A right-to-left run comes
  // back reversed; it is turned back to logical order because fontkit reverses Arabic itself.
  const visual = bidi.getReorderedIndices(text, embedding);
  const runs: { indices: number[]; rtl: boolean }[] = [];
  for (const i of visual) {
    const rtl = levels[i] % 2 === 1;
    const last = runs[runs.length - 1];
    const previous = last?.indices[last.indices.length - 1];
    if (last && last.rtl === rtl && previous === (rtl ? i + 1 : i - 1)) last.indices.push(i);
    else runs.push({ indices: [i], rtl });
  }
  // Isolates placed by the templates (around a period such as 2026-11) did their work in the levels; they draw nothing.
  return runs
    .flatMap((r): Run[] => {
      const logical = r.rtl ? [...r.indices].reverse() : r.indices;
      const text = logical
        .map((i) => shown[i])
        .join("")
        .replace(BIDI_CONTROLS, "");
      if (!r.rtl) return [{ text, rtl: false }];
      // fontkit reverses a run only when it holds Arabic letters: punctuation and spaces between words would stay
      // in logical order. So an RTL run is cut into Arabic words and single other characters, drawn right to left.
      const tokens = text.match(/[\p{Script=Arabic}\p{M}\u0640]+|[^\p{Script=Arabic}\p{M}\u0640]/gu) ?? [];
      return tokens.reverse().map((t) => ({ text: t, rtl: true }));
    })
    .filter((r) => r.text.length > 0);
}

export type Measure = (text: string, size: number) => number;

/** Greedy word wrap of mixed text; widths come from the real font, measured per visual run. */
export function wrapLine(text: string, direction: "rtl" | "ltr", maxWidth: number, size: number, measure: Measure): string[] {
  const words = text.split(" ");
  const lines: string[] = [];
  let current = "";
  const width = (t: string) => visualRuns(t, direction).reduce((w, run) => w + measure(run.text, size), 0);
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (!current || width(candidate) <= maxWidth) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** The largest size (down to minSize) at which the text fits in maxLines lines of maxWidth. */
export function fitText(text: string, direction: "rtl" | "ltr", maxWidth: number, maxLines: number, size: number, minSize: number, measure: Measure) {
  for (let s = size; s >= minSize; s -= 1) {
    const lines = wrapLine(text, direction, maxWidth, s, measure);
    const fits = lines.length <= maxLines && lines.every((l) => visualRuns(l, direction).reduce((w, r) => w + measure(r.text, s), 0) <= maxWidth);
    if (fits) return { size: s, lines };
  }
  // Still too long at the smallest size: keep the lines it takes, each word shrunk to fit if need be.
  return { size: minSize, lines: wrapLine(text, direction, maxWidth, minSize, measure) };
}
