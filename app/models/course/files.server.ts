import fs from "node:fs";
import path from "node:path";
import { env } from "~/utils/env.server";
import { parse as parseYaml, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { LOCALES, type Locale } from "../../../db/schema";
import type { CheckerText, CheckerValue } from "./checker-text";
import { english, part, say, type CheckerKey } from "./checker-text.server";

const SLUG_RULE = "must be lower-case words joined by hyphens";
const LESSON_FOLDER_RULE = "lesson folders are named NN-slug";

export const COURSES_DIR = path.resolve(env.COURSES_DIR ?? path.join(process.cwd(), "courses"));

export const COURSE_CATEGORIES = ["communication", "proposal-writing", "crowdfunding", "it-training"] as const;
export const REQUIRED_LESSON_LOCALES: Locale[] = ["ar", "fr"];
/** The folder beside course.yaml that holds the pre-/post-test (not a lesson). */
export const ASSESSMENT_FOLDER = "assessment";

const localized = (min = 1, max = 2000) =>
  z.object({ ar: z.string().min(min).max(max), fr: z.string().min(min).max(max), en: z.string().min(min).max(max).optional() });

export const courseSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, SLUG_RULE),
  category: z.enum(COURSE_CATEGORIES),
  rhythm: z.enum(["quarterly", "monthly"]),
  hours: z.number().int().positive().max(500),
  passMark: z.number().int().min(0).max(100),
  fallbackLocale: z.enum(LOCALES).default("ar"),
  title: localized(1, 200),
  summary: localized(1, 2000),
  certificate: z.object({
    issuer: z.string().min(1),
    coIssuer: z.string().min(1).nullable().optional(),
    /** Issue the certificate as soon as a learner completes the course. */
    autoIssue: z.boolean().default(false),
    /** ar, fr, or ar-fr (bilingual). */
    language: z.enum(["ar", "fr", "ar-fr"]).default("ar-fr"),
  }),
  /** The course is complete when all lessons are complete, all quizzes passed and all exercises accepted, unless relaxed here. */
  completion: z
    .object({ requireQuizzes: z.boolean().default(true), requireExercises: z.boolean().default(true) })
    .default({ requireQuizzes: true, requireExercises: true }),
  lessons: z.array(z.string().regex(/^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/, LESSON_FOLDER_RULE)).min(1),
  /**
   * A knowledge test before the first lesson and after the last one (learning gain): the ids of two <Quiz> of
   * assessment/{ar,fr}.mdx beside course.yaml — or the same id twice, for one bank asked before and after.
   */
  assessment: z
    .object({ pre: z.string().min(1).max(100), post: z.string().min(1).max(100) })
    .strict()
    .optional(),
});
export type CourseFile = z.infer<typeof courseSchema>;

export const frontmatterSchema = z.object({
  title: z.string().min(1).max(200),
  summary: z.string().min(1).max(600),
  duration: z.number().int().positive().max(600),
  objectives: z.array(z.string().min(1).max(300)).min(1).max(12),
});
export type LessonFrontmatter = z.infer<typeof frontmatterSchema>;

export function lessonSlug(folder: string) {
  return folder.replace(/^\d+-/, "");
}

export function listCourseFolders(dir = COURSES_DIR) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "course.yaml")))
    .map((d) => d.name)
    .sort();
}

/** A problem in a YAML file or block: `message` in English, `says` in any interface language (checker-text). */
export type YamlIssue = { line: number; column: number; message: string; says: CheckerText };

const issueAt = (line: number, column: number, said: ReturnType<typeof say>): YamlIssue => ({ line, column, ...said });

/** Plain words for a missing field, keyed by its path (a Map: paths come from the author's file). */
const MISSING_FIELD = new Map<string, [CheckerKey, Record<string, string>]>([
  ["title", ["missingTitle", { example: "title: …" }]],
  ["summary", ["missingSummary", { example: "summary:" }]],
  ["duration", ["missingDuration", { example: "duration: 20" }]],
  ["objectives", ["missingObjectives", { example: "objectives:", item: "- " }]],
]);

/** yaml's own messages end with " at line 3, column 8:" (a position inside the YAML block, not the file): the caller gives the file's. */
function yamlMessage(message: string, lineText: string | undefined) {
  const reason = message
    .split("\n")[0]
    .replace(/ at line \d+, column \d+:?\s*$/, "")
    .replace(/:\s*$/, "");
  // The usual cause: an unquoted value that contains ": " (title: Le budget : les bases).
  const kv = lineText ? /^(\s*(?:- )?[\w-]+):\s+(.*\S)\s*$/.exec(lineText) : null;
  if (kv && /: |^[&*!|>%@`[\]{}]/.test(kv[2])) {
    const fix = `${kv[1].trim()}: "${kv[2].replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
    return say("yamlQuote", { reason, separator: '": "', signs: "[ { * &", fix });
  }
  return say("yamlError", { reason });
}

/**
 * A schema problem in the checker's words (translated in the studio). Each is zod's own English, written again as a
 * checker text; a kind of problem not listed here, or whose English would not be zod's, stays zod's English.
 */
function zodReason(issue: z.ZodIssue): CheckerValue {
  const said = ((): CheckerText | null => {
    switch (issue.code) {
      case "invalid_type":
        return part("zodType", { expected: issue.expected, received: issue.received });
      case "too_small": {
        const min = Number(issue.minimum);
        if (issue.type === "string") return part("zodTooShort", { min });
        if (issue.type === "array") return part("zodTooFew", { min });
        if (issue.type === "number") return part(issue.inclusive ? "zodTooSmall" : "zodGreaterThan", { min });
        return null;
      }
      case "too_big": {
        const max = Number(issue.maximum);
        if (issue.type === "string") return part("zodTooLong", { max });
        if (issue.type === "array") return part("zodTooMany", { max });
        if (issue.type === "number" && issue.inclusive) return part("zodTooLarge", { max });
        return null;
      }
      case "invalid_enum_value":
        return part("zodEnum", { options: issue.options.map((o) => `'${String(o)}'`).join(" | "), received: String(issue.received) });
      case "invalid_string":
        if (issue.message === SLUG_RULE) return part("zodSlug");
        if (issue.message === LESSON_FOLDER_RULE) return part("zodLessonFolder", { pattern: "NN-slug" });
        return null;
      default:
        return null;
    }
  })();
  return said && english(said) === issue.message ? said : issue.message;
}

/** Aliases (*name) are resolved at most this many times: a "billion laughs" file is refused, not expanded. */
const MAX_YAML_ALIASES = 50;

/**
 * Parses YAML and locates each schema problem at its line and column. `lineOffset` is added to every line (the YAML of a
 * lesson starts on line 2 of its file). Never throws for content: every problem is an issue.
 */
export function parseYamlWithSchema<S extends z.ZodTypeAny>(
  source: string,
  schema: S,
  opts: { lineOffset?: number } = {},
): { value: z.output<S> | null; issues: YamlIssue[] } {
  const offset = opts.lineOffset ?? 0;
  const text = source.replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    return { value: null, issues: [issueAt(1 + offset, 1, say("yamlUnreadable", { reason: String(error).split("\n")[0] }))] };
  }
  if (doc.errors.length) {
    return {
      value: null,
      issues: doc.errors.map((e) => {
        const line = e.linePos?.[0].line ?? 1;
        return issueAt(line + offset, e.linePos?.[0].col ?? 1, yamlMessage(e.message, lines[line - 1]));
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch {
    return {
      value: null,
      issues: [issueAt(1 + offset, 1, say("yamlAliases", { alias: "*name" }))],
    };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { value: parsed.data, issues: [] };
  return {
    value: null,
    issues: parsed.error.issues.map((issue) => {
      const node = doc.getIn(issue.path, true) as { range?: [number, number] } | undefined;
      const parent = issue.path.length > 1 ? (doc.getIn(issue.path.slice(0, -1), true) as { range?: [number, number] } | undefined) : undefined;
      const at = node?.range?.[0] ?? parent?.range?.[0] ?? 0;
      const pos = lineCounter.linePos(at);
      // objectives.1 reads "objectives #2" (authors count from one).
      const key = issue.path
        .map((part) => (typeof part === "number" ? `#${part + 1}` : part))
        .join(".")
        .replace(/\.#/g, " #");
      const missing = issue.code === "invalid_type" && issue.received === "undefined";
      const known = missing ? MISSING_FIELD.get(key) : undefined;
      const said = known
        ? say(...known)
        : missing
          ? say("fieldMissing", { field: key })
          : say("fieldInvalid", { field: key || "(root)", reason: zodReason(issue) });
      return issueAt(pos.line + offset, pos.col, said);
    }),
  };
}

export type DecodedSource =
  { ok: true; text: string } | { ok: false; line: number; column: number; rule: "encoding" | "file-size"; message: string; says: CheckerText };

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (!need || i + need > n - 1) return i;
    for (let k = 1; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1];
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * Text of a course file: UTF-8, a leading byte-order mark dropped. Anything else (Latin-1, Windows-1252, UTF-16, binary) is
 * refused with the line and column of the first byte that cannot be read, never shown to learners as "�".
 */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i < bad; i++)
      if (body[i] === 0x0a) {
        line += 1;
        lineStart = i + 1;
      }
    const column = Buffer.from(body.subarray(lineStart, bad)).toString("utf8").length + 1;
    const byte = body[bad];
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    return {
      ok: false,
      line,
      column,
      rule: "encoding",
      ...(byte >= 0xa0 ? say("notUtf8Latin1", { byte: hex, character: String.fromCharCode(byte) }) : say("notUtf8", { byte: hex })),
    };
  }
  const text = Buffer.from(body).toString("utf8");
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const before = text.slice(0, nul).split("\n");
    return {
      ok: false,
      line: before.length,
      column: before.at(-1)!.length + 1,
      rule: "encoding",
      ...say("nulCharacter", { nul: "NUL" }),
    };
  }
  return { ok: true, text };
}

/** Why a file of `size` bytes is refused unread when the limit is `maxBytes`. */
export function tooLargeToRead(size: number, maxBytes: number): Extract<DecodedSource, { ok: false }> {
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  return { ok: false, line: 1, column: 1, rule: "file-size", ...say("fileTooLarge", { size: kb(size), limit: kb(maxBytes) }) };
}

/** Reads and decodes a course file, refusing it unread when it is larger than `maxBytes`. */
export function readSourceFile(file: string, maxBytes: number): DecodedSource {
  const size = fs.statSync(file).size;
  if (size > maxBytes) return tooLargeToRead(size, maxBytes);
  return decodeSource(fs.readFileSync(file));
}

/** course.yaml is small: a larger one is not a course description. */
export const COURSE_YAML_MAX_BYTES = 64 * 1024;

/** Splits `---` frontmatter from an MDX source; `bodyLine` is the 1-based line where the body starts. */
export function splitFrontmatter(source: string) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { frontmatter: null as string | null, body: source, bodyLine: 1 };
  const bodyLine = match[0].split("\n").length - (match[0].endsWith("\n") ? 1 : 0) + 1;
  return { frontmatter: match[1], body: source.slice(match[0].length), bodyLine };
}

export { parseYaml };
