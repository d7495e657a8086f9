import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { LOCALES, type Locale } from "../../../db/schema";
import { detectLessonFileMime } from "~/utils/uploads.server";
import { COURSES_DIR } from "./files.server";
import { extensionOfName, IMAGE_BUDGET_WIDTH, lessonFileType, replacementFor, svgProblem, type LessonFileType } from "./file-types";
import { imageDimensionsOf, type Dimensions } from "./images.server";
import type { CheckerText } from "./checker-text";

/** Why a file cannot be put beside a lesson; the page translates each reason with its numbers. */
export type LessonFileProblem =
  | { reason: "badName" }
  | { reason: "type"; ext: string; instead: string | null }
  | { reason: "content"; ext: string }
  | { reason: "unsafeSvg"; detail: CheckerText }
  | { reason: "tooLarge"; size: number; max: number }
  | { reason: "tooWide"; width: number; max: number }
  | { reason: "exists"; name: string }
  | { reason: "referenced"; name: string; where: FileReference[] }
  | { reason: "notFound" };

export type FileReference = { locale: Locale; line: number };
export type LessonFileEntry = { name: string; size: number; type: LessonFileType | null; references: FileReference[] };

// eslint-disable-next-line no-control-regex -- control characters and bidi overrides never belong in a file name
const UNSAFE_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069/\\:]|\.\./;

/**
 * The name a file gets beside the lesson: lower-case Latin letters, digits and hyphens, then its extension
 * ("Budget final (v2).XLSX" → "budget-final-v2.xlsx"), so it reads the same in a URL, a zip and a shell.
 * Null for a name that tries to leave the folder or hides characters (path separators, "..", controls).
 */
export function safeLessonFileName(raw: string): string | null {
  const name = raw.normalize("NFC").trim();
  if (!name || name.length > 255 || UNSAFE_NAME.test(name)) return null;
  const ext = extensionOfName(name);
  if (!ext || !/^[a-z0-9]{1,8}$/.test(ext)) return null;
  const stem = name
    .slice(0, name.length - ext.length - 1)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${stem || "file"}.${ext}`;
}

/** What an uploaded or imported file is, by its content: the listed type whose magic bytes it carries, within its budget. */
export async function inspectLessonFile(
  name: string,
  bytes: Uint8Array,
): Promise<{ ok: true; type: LessonFileType; size: Dimensions | null } | LessonFileProblem> {
  const type = lessonFileType(name);
  const ext = extensionOfName(name);
  if (!type) return { reason: "type", ext, instead: replacementFor(name) ?? null };
  if (bytes.byteLength > type.maxBytes) return { reason: "tooLarge", size: bytes.byteLength, max: type.maxBytes };
  if (type.magic) {
    if ((await detectLessonFileMime(bytes)) !== type.magic) return { reason: "content", ext };
  } else {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return { reason: "content", ext };
    }
    // Text formats: no NUL bytes, and nothing that file-type recognises as a binary format (a PDF renamed .csv).
    if (text.includes("\u0000") || (await detectLessonFileMime(bytes)) !== null) return { reason: "content", ext };
    if (type.ext === "svg") {
      const unsafe = svgProblem(text);
      if (unsafe) return { reason: "unsafeSvg", detail: unsafe };
    }
  }
  let size: Dimensions | null = null;
  if (type.kind === "image") {
    size = imageDimensionsOf(bytes);
    if (!size) return { reason: "content", ext };
    if (type.ext !== "svg" && size.width > IMAGE_BUDGET_WIDTH) return { reason: "tooWide", width: size.width, max: IMAGE_BUDGET_WIDTH };
  }
  return { ok: true, type, size };
}

/** The lesson's folder on disk, only when it really is inside the courses folder (no symlink out of it). */
export function lessonFolderPath(courseFolder: string, lessonFolder: string, dir = COURSES_DIR) {
  const lessonDir = path.resolve(dir, courseFolder, lessonFolder);
  try {
    const real = fs.realpathSync(lessonDir);
    const root = fs.realpathSync(dir);
    if (!real.startsWith(root + path.sep) || !fs.statSync(real).isDirectory()) return null;
    return real;
  } catch {
    return null;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where a lesson's sources mention a file: as ./name or name inside quotes or Markdown parentheses. */
export function referencesTo(name: string, sources: Partial<Record<Locale, string>>): FileReference[] {
  const pattern = new RegExp(`(^|[("'\\s={])(?:\\./)?${escapeRegExp(name)}(?=$|[)"'?#\\s}])`);
  const out: FileReference[] = [];
  for (const locale of LOCALES) {
    const source = sources[locale];
    if (source === undefined) continue;
    source.split("\n").forEach((text, index) => {
      if (pattern.test(text)) out.push({ locale, line: index + 1 });
    });
  }
  return out;
}

function lessonSources(lessonDir: string) {
  const sources: Partial<Record<Locale, string>> = {};
  for (const locale of LOCALES) {
    const file = path.join(lessonDir, `${locale}.mdx`);
    if (fs.existsSync(file)) sources[locale] = fs.readFileSync(file, "utf8");
  }
  return sources;
}

/** The files beside a lesson (not its MDX versions), with their type from the list and where each is used. */
export function listLessonFiles(courseFolder: string, lessonFolder: string): LessonFileEntry[] {
  const lessonDir = lessonFolderPath(courseFolder, lessonFolder);
  if (!lessonDir) return [];
  const sources = lessonSources(lessonDir);
  return fs
    .readdirSync(lessonDir, { withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.endsWith(".mdx"))
    .map((d) => d.name)
    .sort()
    .map((name) => ({
      name,
      size: fs.statSync(path.join(lessonDir, name)).size,
      type: lessonFileType(name) ?? null,
      references: referencesTo(name, sources),
    }));
}

/** A scratch folder on the same disk as the courses, so a finished file is moved into place by one rename. */
export function scratchDir(dir = COURSES_DIR) {
  const scratch = path.join(dir, ".studio-tmp");
  fs.mkdirSync(scratch, { recursive: true });
  return scratch;
}

/**
 * Writes a checked file beside the lesson: to a temporary file first, then into place in one step, so a reader
 * never sees half a file. Without `replace`, an existing name is refused (link() fails atomically if it exists).
 */
export async function saveLessonFile(input: {
  courseFolder: string;
  lessonFolder: string;
  name: string;
  bytes: Uint8Array;
  replace: boolean;
}): Promise<{ ok: true; name: string; type: LessonFileType; size: Dimensions | null } | LessonFileProblem> {
  const name = safeLessonFileName(input.name);
  if (!name) return { reason: "badName" };
  const inspected = await inspectLessonFile(name, input.bytes);
  if (!("ok" in inspected)) return inspected;
  const lessonDir = lessonFolderPath(input.courseFolder, input.lessonFolder);
  if (!lessonDir) return { reason: "notFound" };
  const target = path.join(lessonDir, name);
  const temp = path.join(scratchDir(), `${crypto.randomBytes(12).toString("hex")}.part`);
  fs.writeFileSync(temp, input.bytes, { flag: "wx" });
  try {
    if (input.replace) fs.renameSync(temp, target);
    else {
      try {
        fs.linkSync(temp, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") return { reason: "exists", name };
        throw error;
      }
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return { ok: true, name, type: inspected.type, size: inspected.size };
}

/** Removes a file that no language of the lesson mentions; a referenced one is kept and the references returned. */
export function deleteLessonFile(input: { courseFolder: string; lessonFolder: string; name: string }): { ok: true } | LessonFileProblem {
  const lessonDir = lessonFolderPath(input.courseFolder, input.lessonFolder);
  if (!lessonDir) return { reason: "notFound" };
  // Only a name read from the folder itself is ever joined to a path.
  const entry = fs.readdirSync(lessonDir, { withFileTypes: true }).find((d) => d.isFile() && d.name === input.name && !d.name.endsWith(".mdx"));
  if (!entry) return { reason: "notFound" };
  const where = referencesTo(entry.name, lessonSources(lessonDir));
  if (where.length) return { reason: "referenced", name: entry.name, where };
  fs.rmSync(path.join(lessonDir, entry.name));
  return { ok: true };
}

const kilobytes = (bytes: number) => Math.ceil(bytes / 1024);
/** Names, extensions and file:line shown inside right-to-left text: isolated (LRI … PDI), as <Ltr> does in markup. */
export const ltr = (value: string) => `\u2066${value}\u2069`;

/** A refusal as the form shows it: an i18next key under studioFiles.problem with its values (JSON, see formErrorText). */
export function lessonFileProblemMessage(problem: LessonFileProblem): string {
  switch (problem.reason) {
    case "type":
      return JSON.stringify(
        problem.instead
          ? { key: "studioFiles.problem.typeInstead", ext: ltr(problem.ext), instead: ltr(problem.instead) }
          : { key: "studioFiles.problem.type", ext: ltr(problem.ext || "?") },
      );
    case "content":
      return JSON.stringify({ key: "studioFiles.problem.content", ext: ltr(problem.ext) });
    case "tooLarge":
      return JSON.stringify({ key: "studioFiles.problem.tooLarge", size: kilobytes(problem.size), max: kilobytes(problem.max) });
    case "tooWide":
      return JSON.stringify({ key: "studioFiles.problem.tooWide", width: problem.width, max: problem.max });
    case "exists":
      return JSON.stringify({ key: "studioFiles.problem.exists", name: ltr(problem.name) });
    case "referenced":
      return JSON.stringify({
        key: "studioFiles.problem.referenced",
        name: ltr(problem.name),
        where: problem.where.map((w) => ltr(`${w.locale}.mdx:${w.line}`)).join(", "),
      });
    default:
      return `studioFiles.problem.${problem.reason}`;
  }
}
