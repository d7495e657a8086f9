import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { PassThrough, type Readable } from "node:stream";
import type { Archiver } from "archiver";
import { eq } from "drizzle-orm";
import yauzl from "yauzl";
import { courses } from "../../../db/schema";
import { db } from "~/utils/db.server";
import { buildCourseLessons } from "./build.server";
import { checkCourses } from "./check.server";
import type { Diagnostic } from "./analysis.server";
import { ASSESSMENT_FOLDER, COURSES_DIR } from "./files.server";
import { lessonFileType } from "./file-types";
import { inspectLessonFile, lessonFileProblemMessage, ltr, safeLessonFileName, scratchDir, type LessonFileProblem } from "./lesson-files.server";

// archiver is CommonJS with a callable export that its type definitions do not describe as a default export.
const archiver = createRequire(import.meta.url)("archiver") as (format: "zip", options: { zlib: { level: number } }) => Archiver;

/** A zip never holds more than this: a course is a few dozen lessons of a few files each. */
export const IMPORT_LIMITS = { entries: 1000, totalBytes: 50 * 1024 * 1024, mdxBytes: 1024 * 1024, textBytes: 256 * 1024 };

const COURSE_TEXT_FILES = new Set(["course.yaml", "SOURCES.md", "README.md"]);
const LESSON_SOURCES = new Set(["ar.mdx", "fr.mdx", "en.mdx"]);
const LESSON_FOLDER = /^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Lesson folders, and the course's pre/post-test folder, which has the same layout. */
const isLessonLikeFolder = (name: string) => LESSON_FOLDER.test(name) || name === ASSESSMENT_FOLDER;
const COURSE_FOLDER = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Where a file of a course may sit, relative to the course folder; null when the zip must not contain it. */
function placeOf(relative: string): { kind: "course-text" | "lesson-source" | "lesson-file"; maxBytes: number } | null {
  const parts = relative.split("/");
  if (parts.length === 1) return COURSE_TEXT_FILES.has(parts[0]) ? { kind: "course-text", maxBytes: IMPORT_LIMITS.textBytes } : null;
  if (parts.length !== 2 || !isLessonLikeFolder(parts[0])) return null;
  if (LESSON_SOURCES.has(parts[1])) return { kind: "lesson-source", maxBytes: IMPORT_LIMITS.mdxBytes };
  const type = lessonFileType(parts[1]);
  // Names as the upload would write them, so what is imported can be referenced, served and exported again.
  return type && safeLessonFileName(parts[1]) === parts[1] ? { kind: "lesson-file", maxBytes: type.maxBytes } : null;
}

/** The files of a course folder that belong in its zip, relative to the folder, in a stable order. */
export function courseArchiveFiles(courseFolder: string, dir = COURSES_DIR) {
  const root = path.join(dir, courseFolder);
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isFile() && placeOf(entry.name)) out.push(entry.name);
    if (entry.isDirectory() && isLessonLikeFolder(entry.name)) {
      for (const file of fs.readdirSync(path.join(root, entry.name), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const relative = `${entry.name}/${file.name}`;
        if (file.isFile() && placeOf(relative)) out.push(relative);
      }
    }
  }
  return out;
}

/** A course folder as a zip (entries under `<folder>/`, the layout of courses/), streamed as it is written. */
export function courseZip(courseFolder: string, dir = COURSES_DIR): Readable {
  const zip = archiver("zip", { zlib: { level: 6 } });
  const out = new PassThrough();
  zip.on("error", (error) => out.destroy(error));
  zip.pipe(out);
  for (const relative of courseArchiveFiles(courseFolder, dir)) {
    zip.file(path.join(dir, courseFolder, relative), { name: `${courseFolder}/${relative}`, date: new Date(0) });
  }
  void zip.finalize();
  return out;
}

export type ImportProblem =
  | { reason: "unreadable" }
  | { reason: "tooManyEntries"; count: number; max: number }
  | { reason: "tooLarge"; size: number; max: number }
  | { reason: "unsafePath"; entry: string }
  | { reason: "symlink"; entry: string }
  | { reason: "notAllowed"; entry: string }
  | { reason: "entryTooLarge"; entry: string; size: number; max: number }
  | { reason: "badFile"; entry: string; problem: LessonFileProblem }
  | { reason: "noCourse" }
  | { reason: "checker"; diagnostics: Diagnostic[] }
  | { reason: "exists"; courseId: string; folder: string }
  | { reason: "folderTaken"; folder: string };

export type ImportResult = { ok: true; courseId: string; folder: string; replaced: boolean; lessons: number; failures: string[] } | ImportProblem;

type ZipEntry = { name: string; directory: boolean; size: number; entry: yauzl.Entry };

// eslint-disable-next-line no-control-regex -- control characters in an entry name are refused
const CONTROL = /[\u0000-\u001f\u007f]/;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Whether an entry name stays inside the folder it is extracted to. */
function safeEntryName(name: string) {
  if (!name || name.startsWith("/") || name.includes("\\") || /^[A-Za-z]:/.test(name) || CONTROL.test(name)) return false;
  const parts = name.replace(/\/$/, "").split("/");
  return parts.every((p) => p !== "" && p !== "." && p !== "..");
}

function openZip(bytes: Uint8Array): Promise<yauzl.ZipFile | null> {
  return new Promise((resolve) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false },
      (error, zip) => resolve(error || !zip ? null : zip),
    );
  });
}

/** Every entry's header, read before anything is inflated: names, types and declared sizes are judged first. */
function readEntries(zip: yauzl.ZipFile): Promise<{ entries: ZipEntry[] } | ImportProblem> {
  return new Promise((resolve) => {
    const entries: ZipEntry[] = [];
    const names = new Set<string>();
    let total = 0;
    let settled = false;
    const done = (value: { entries: ZipEntry[] } | ImportProblem) => {
      if (!settled) resolve(value);
      settled = true;
    };
    if (zip.entryCount > IMPORT_LIMITS.entries) return done({ reason: "tooManyEntries", count: zip.entryCount, max: IMPORT_LIMITS.entries });
    zip.on("entry", (entry: yauzl.Entry) => {
      const raw = entry.fileName as unknown as Buffer | string;
      let name: string;
      try {
        name = typeof raw === "string" ? raw : strictUtf8.decode(raw);
      } catch {
        return done({ reason: "unsafePath", entry: Buffer.from(raw as Buffer).toString("latin1") });
      }
      if (!safeEntryName(name)) return done({ reason: "unsafePath", entry: name });
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (mode === 0o120000) return done({ reason: "symlink", entry: name });
      const directory = name.endsWith("/");
      // Two entries with one name: which one would win is not the author's choice to leave to chance.
      if (names.has(name.replace(/\/$/, ""))) return done({ reason: "notAllowed", entry: name });
      names.add(name.replace(/\/$/, ""));
      if (!directory && mode !== 0 && mode !== 0o100000) return done({ reason: "notAllowed", entry: name });
      total += entry.uncompressedSize;
      if (total > IMPORT_LIMITS.totalBytes) return done({ reason: "tooLarge", size: total, max: IMPORT_LIMITS.totalBytes });
      entries.push({ name: name.replace(/\/$/, ""), directory, size: entry.uncompressedSize, entry });
      zip.readEntry();
    });
    zip.on("end", () => done({ entries }));
    zip.on("error", () => done({ reason: "unreadable" }));
    zip.readEntry();
  });
}

/** Inflates one entry, never past its declared size (yauzl checks the real size against it). */
function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer | null> {
  return new Promise((resolve) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return resolve(null);
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => resolve(Buffer.concat(chunks)));
      stream.on("error", () => resolve(null));
    });
  });
}

/** The one course folder a zip holds: course.yaml at its root, or inside a single top-level folder. */
function courseRoot(entries: ZipEntry[]): { prefix: string; folder: string | null } | null {
  const files = entries.filter((e) => !e.directory);
  if (files.some((e) => e.name === "course.yaml")) return { prefix: "", folder: null };
  const tops = new Set(entries.map((e) => e.name.split("/")[0]));
  if (tops.size !== 1) return null;
  const [top] = tops;
  return files.some((e) => e.name === `${top}/course.yaml`) ? { prefix: `${top}/`, folder: top } : null;
}

/** The id a course folder's course.yaml declares, or null. */
function folderCourseId(folder: string) {
  try {
    return /^id:\s*["']?([a-z0-9-]+)["']?\s*$/m.exec(fs.readFileSync(path.join(folder, "course.yaml"), "utf8"))?.[1] ?? null;
  } catch {
    return null;
  }
}

function existingCourse(id: string) {
  return db.select({ id: courses.id, folder: courses.folder }).from(courses).where(eq(courses.id, id)).get();
}

/**
 * Imports a course zip: every entry is judged (path, type, size, content) and the course checked in a scratch folder
 * before anything under courses/ changes. A new course is moved into place by one rename; an existing one (only with
 * `replace`) is swapped with its previous folder kept aside until the swap succeeded. Then the catalogue is synced
 * and its lessons compiled.
 */
export async function importCourseZip(bytes: Uint8Array, options: { replace: boolean; dir?: string }): Promise<ImportResult> {
  const dir = options.dir ?? COURSES_DIR;
  const zip = await openZip(bytes);
  if (!zip) return { reason: "unreadable" };
  const work = path.join(scratchDir(dir), `import-${crypto.randomBytes(8).toString("hex")}`);
  try {
    const read = await readEntries(zip);
    if ("reason" in read) return read;
    const root = courseRoot(read.entries);
    if (!root) return { reason: "noCourse" };

    const staged = path.join(work, "course");
    fs.mkdirSync(staged, { recursive: true });
    for (const e of read.entries) {
      if (!e.name.startsWith(root.prefix)) return { reason: "notAllowed", entry: e.name };
      const relative = e.name.slice(root.prefix.length);
      if (e.directory) {
        if (relative && !(relative.split("/").length === 1 && isLessonLikeFolder(relative))) return { reason: "notAllowed", entry: e.name };
        continue;
      }
      const place = placeOf(relative);
      if (!place) return { reason: "notAllowed", entry: e.name };
      if (e.size > place.maxBytes) return { reason: "entryTooLarge", entry: e.name, size: e.size, max: place.maxBytes };
      const content = await inflate(zip, e.entry);
      if (!content || content.byteLength > place.maxBytes) return { reason: "unreadable" };
      if (place.kind === "lesson-file") {
        const inspected = await inspectLessonFile(path.basename(relative), content);
        if (!("ok" in inspected)) return { reason: "badFile", entry: e.name, problem: inspected };
      }
      const target = path.join(staged, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content, { flag: "wx" });
    }

    // The checker reads the staged copy exactly as it would read courses/: nothing is written when it finds an error.
    const checked = checkCourses(work);
    const course = checked.courses[0]?.course ?? null;
    const shownAs = root.folder ?? course?.id ?? "course";
    const stagedRel = path.relative(process.cwd(), staged) || staged;
    const errors = checked.diagnostics
      .filter((d) => d.severity === "error")
      .map((d) => ({ ...d, file: d.file.startsWith(stagedRel) ? `${shownAs}${d.file.slice(stagedRel.length)}` : d.file }));
    if (errors.length) return { reason: "checker", diagnostics: errors };
    if (!course) return { reason: "noCourse" };

    // The same course is the same id: in the catalogue, or in a folder on disk the catalogue has not seen yet.
    const known = existingCourse(course.id)?.folder;
    const folder = known ?? (root.folder && COURSE_FOLDER.test(root.folder) ? root.folder : course.id);
    const sameCourse = known !== undefined || folderCourseId(path.join(dir, folder)) === course.id;
    if (fs.existsSync(path.join(dir, folder)) || known !== undefined) {
      if (!sameCourse) return { reason: "folderTaken", folder };
      if (!options.replace) return { reason: "exists", courseId: course.id, folder };
    }
    const target = path.join(dir, folder);
    const replaced = fs.existsSync(target);
    if (replaced) {
      const backup = path.join(work, "previous");
      fs.renameSync(target, backup);
      try {
        fs.renameSync(staged, target);
      } catch (error) {
        fs.renameSync(backup, target);
        throw error;
      }
    } else {
      fs.renameSync(staged, target);
    }
    const built = await buildCourseLessons(course.id, dir);
    return { ok: true, courseId: course.id, folder, replaced, lessons: built.lessons, failures: built.failures };
  } finally {
    zip.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A refused import as the form shows it: i18next keys under studioFiles.import.problem with their values (JSON). */
export function importProblemMessages(problem: ImportProblem): string[] {
  const msg = (key: string, values: Record<string, unknown> = {}) => JSON.stringify({ key: `studioFiles.import.problem.${key}`, ...values });
  const mb = (bytes: number) => Math.ceil(bytes / (1024 * 1024));
  switch (problem.reason) {
    case "tooManyEntries":
      return [msg("tooManyEntries", { count: problem.count, max: problem.max })];
    case "tooLarge":
      return [msg("tooLarge", { size: mb(problem.size), max: mb(problem.max) })];
    case "unsafePath":
    case "symlink":
    case "notAllowed":
      return [msg(problem.reason, { entry: ltr(problem.entry) })];
    case "entryTooLarge":
      return [msg("entryTooLarge", { entry: ltr(problem.entry), size: Math.ceil(problem.size / 1024), max: Math.ceil(problem.max / 1024) })];
    case "badFile":
      return [msg("badFile", { entry: ltr(problem.entry) }), lessonFileProblemMessage(problem.problem)];
    case "checker":
      return [msg("checker", { count: problem.diagnostics.length })];
    case "exists":
      return [msg("exists", { course: ltr(problem.courseId) })];
    case "folderTaken":
      return [msg("folderTaken", { folder: ltr(problem.folder) })];
    default:
      return [`studioFiles.import.problem.${problem.reason}`];
  }
}
