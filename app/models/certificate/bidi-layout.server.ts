import bidiFactory from "bidi-js";

const bidi = bidiFactory();

// Controls, bidi embeddings/overrides/isolates and marks would reorder what we lay out ourselves.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Wraps a left-to-right token (a period, a code) so that it keeps its order inside Arabic text. */
export function ltrIsolate(text: string) {
  return `\u2066${text}\u2069`;
}

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
  // Logical runs of equal embedding level.
  const logical: { start: number; end: number; level: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = logical[logical.length - 1];
    if (last && last.level === levels[i]) last.end = i + 1;
    else logical.push({ start: i, end: i + 1, level: levels[i] });
  }
  // UAX #9 rule L2: from the highest level down to the lowest odd level, reverse every sequence of runs at that level or higher.
  const order = logical.map((_, i) => i);
  const max = Math.max(...logical.map((r) => r.level));
  const minOdd = Math.min(...logical.map((r) => r.level).filter((l) => l % 2 === 1), max + 1);
  for (let level = max; level >= minOdd && level > 0; level--) {
    for (let i = 0; i < order.length; ) {
      if (logical[order[i]].level >= level) {
        let j = i;
        while (j < order.length && logical[order[j]].level >= level) j++;
        order.splice(i, j - i, ...order.slice(i, j).reverse());
        i = j;
      } else i++;
    }
  }
  // Isolates placed by the templates (around a period such as 2026-11) did their work in the levels; they draw nothing.
  return order
    .flatMap((idx): Run[] => {
      const r = logical[idx];
      const text = shown.slice(r.start, r.end).replace(BIDI_CONTROLS, "");
      if (r.level % 2 === 0) return [{ text, rtl: false }];
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
