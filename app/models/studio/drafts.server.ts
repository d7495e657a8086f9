import fs from "node:fs";
import path from "node:path";
import { and, desc, eq, lt } from "drizzle-orm";
import { diffLines } from "diff";
import { LOCALES, lessonDrafts, lessons, lessonVersions, users, type Course, type Lesson, type Locale } from "../../../db/schema";
import { compileLessonVersion, getCourse, sourceOf, syncCatalogue } from "~/models/course.server";
import { analyzeLesson, type Diagnostic } from "~/models/course/analysis.server";
import { compileLesson, hashLesson, lessonAssets, LessonCompileError } from "~/models/course/compile.server";
import { COURSES_DIR } from "~/models/course/files.server";
import type { RenderedLesson } from "~/components/lesson/context";
import type { DiffLine } from "~/components/diff-view";
import { pathInside, sha256, writeFileAtomic } from "~/utils/atomic-file.server";
import { db } from "~/utils/db.server";

/** The most a lesson version may weigh (the checker refuses more; compiling a 3 MB lesson took a gigabyte). */
export const MAX_SOURCE_BYTES = 1024 * 1024;
/** The hash that stands for "no file on disk yet" (a language the lesson does not have). */
export const NO_FILE = "none";
export { BASE_HASH } from "./shared";

/** `?locale=` of the studio's lesson pages: Arabic when absent, null for anything that is not a language of the platform. */
export function localeParam(raw: string | null): Locale | null {
  if (raw === null) return "ar";
  return LOCALES.find((l) => l === raw) ?? null;
}

/** Why a source is refused before it is parsed at all. */
export function sourceProblem(source: string): "tooLarge" | "binary" | null {
  if (Buffer.byteLength(source, "utf8") > MAX_SOURCE_BYTES) return "tooLarge";
  // NUL and other control characters (tab and line ends apart) never belong in a lesson: a binary file pasted or posted.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/.test(source)) return "binary";
  return null;
}

/** Browsers send a textarea's lines ended by CRLF: lesson files keep LF. */
export function normaliseSource(source: string) {
  return source.replace(/\r\n?/g, "\n");
}

export function lessonFile(course: Pick<Course, "folder">, lesson: Pick<Lesson, "folder">, locale: Locale) {
  const file = pathInside(COURSES_DIR, course.folder, lesson.folder, `${locale}.mdx`);
  if (!file) throw new Error(`lesson path outside the courses folder: ${course.folder}/${lesson.folder}`);
  return file;
}

/** The lesson version on disk, and the sha256 of its bytes (what a draft's base is compared with). */
export function readLessonSource(course: Pick<Course, "folder">, lesson: Pick<Lesson, "folder">, locale: Locale) {
  const file = lessonFile(course, lesson, locale);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  return { source: bytes.toString("utf8"), hash: sha256(bytes) };
}

export function diskHash(course: Pick<Course, "folder">, lesson: Pick<Lesson, "folder">, locale: Locale) {
  return readLessonSource(course, lesson, locale)?.hash ?? NO_FILE;
}

export function getDraft(lessonId: number, locale: Locale) {
  return db
    .select({ draft: lessonDrafts, authorName: users.displayName })
    .from(lessonDrafts)
    .innerJoin(users, eq(users.id, lessonDrafts.authorId))
    .where(and(eq(lessonDrafts.lessonId, lessonId), eq(lessonDrafts.locale, locale)))
    .get();
}

/** Keeps the trainer's text; learners read only what is published. */
export function saveDraft(input: { lessonId: number; locale: Locale; source: string; baseHash: string; authorId: number }) {
  const values = { source: input.source, baseHash: input.baseHash, authorId: input.authorId, updatedAt: new Date() };
  db.insert(lessonDrafts)
    .values({ lessonId: input.lessonId, locale: input.locale, ...values })
    .onConflictDoUpdate({ target: [lessonDrafts.lessonId, lessonDrafts.locale], set: values })
    .run();
}

export function discardDraft(lessonId: number, locale: Locale) {
  db.delete(lessonDrafts)
    .where(and(eq(lessonDrafts.lessonId, lessonId), eq(lessonDrafts.locale, locale)))
    .run();
}

/** After a conflict the trainer has seen the difference: the draft now answers to the file as it is on disk. */
export function rebaseDraft(course: Course, lesson: Lesson, locale: Locale) {
  const hash = diskHash(course, lesson, locale);
  db.update(lessonDrafts)
    .set({ baseHash: hash })
    .where(and(eq(lessonDrafts.lessonId, lesson.id), eq(lessonDrafts.locale, locale)))
    .run();
  return hash;
}

export type CheckedSource = {
  diagnostics: Diagnostic[];
  errors: number;
  /** The lesson as learners would see it, from the real pipeline; null when it does not compile (or was not asked). */
  rendered: RenderedLesson | null;
  frontmatter: { title: string; summary: string; duration: number; objectives: string[] } | null;
};

const liveFolders = (courseId: string) => getCourse(courseId)?.lessons.map((l) => l.folder) ?? [];

/**
 * The checker's diagnostics for a source held in memory, and, when asked, its compilation by the same pipeline as
 * published lessons (files beside the lesson included), without writing anything.
 */
export async function checkSource(course: Course, lesson: Lesson, locale: Locale, source: string, options: { compile: boolean }): Promise<CheckedSource> {
  const folders = liveFolders(course.id);
  const src = sourceOf(course, lesson, locale, folders);
  const lessonDir = path.dirname(lessonFile(course, lesson, locale));
  const file = path.relative(process.cwd(), lessonFile(course, lesson, locale));
  const analysis = analyzeLesson(source, { file, lessonDir, courseLessonFolders: folders });
  const diagnostics = [...analysis.diagnostics];
  let rendered: RenderedLesson | null = null;
  if (options.compile && !diagnostics.some((d) => d.severity === "error")) {
    try {
      const assets = fs.existsSync(lessonDir) ? lessonAssets(lessonDir) : [];
      const compiled = await compileLesson(src, { file: lessonFile(course, lesson, locale), source, assets, hash: hashLesson(source, assets) });
      rendered = compiled.rendered;
    } catch (error) {
      if (!(error instanceof LessonCompileError)) throw error;
      diagnostics.push(...error.diagnostics);
    }
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { diagnostics, errors: diagnostics.filter((d) => d.severity === "error").length, rendered, frontmatter: analysis.frontmatter };
}

/** A line diff as plain text lines (shown in <pre>, never as HTML). Long unchanged stretches keep 3 lines of context. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, "").split("\n");
    if (part.added) lines.forEach((text) => out.push({ kind: "added", text }));
    else if (part.removed) lines.forEach((text) => out.push({ kind: "removed", text }));
    else if (lines.length > 7) {
      lines.slice(0, 3).forEach((text) => out.push({ kind: "same", text }));
      out.push({ kind: "same", text: "…" });
      lines.slice(-3).forEach((text) => out.push({ kind: "same", text }));
    } else lines.forEach((text) => out.push({ kind: "same", text }));
  }
  return out;
}

export type PublishOutcome =
  { ok: true; versionId: number } | { ok: false; reason: "errors"; checked: CheckedSource } | { ok: false; reason: "conflict"; diff: DiffLine[] };

/**
 * Makes a source the lesson's live version: refused while the checker reports errors, refused with the difference when
 * the file on disk is no longer the one the editor started from (a git edit, another trainer who published first).
 * The hash comparison, the file write and the version row happen in one IMMEDIATE transaction, so of two concurrent
 * publishers on the same base exactly one wins. The lesson is then recompiled: learners see it at once.
 */
export async function publishLesson(input: {
  course: Course;
  lesson: Lesson;
  locale: Locale;
  source: string;
  baseHash: string;
  authorId: number;
  message: string;
  /** A refused publish keeps the text as the lesson's draft (the editor); a refused restore does not replace the draft. */
  keepDraft: boolean;
}): Promise<PublishOutcome> {
  const { course, lesson, locale, source } = input;
  // Another publish may have cleared the draft meanwhile: the refused text is saved again, so nothing is lost.
  const keep = () => input.keepDraft && saveDraft({ lessonId: lesson.id, locale, source, baseHash: input.baseHash, authorId: input.authorId });
  const checked = await checkSource(course, lesson, locale, source, { compile: true });
  if (checked.errors > 0 || !checked.rendered) {
    keep();
    return { ok: false, reason: "errors", checked };
  }
  const file = lessonFile(course, lesson, locale);
  const written = db.transaction(
    (tx) => {
      const current = readLessonSource(course, lesson, locale);
      if ((current?.hash ?? NO_FILE) !== input.baseHash) return { conflict: current?.source ?? "", versionId: 0 };
      const bytes = Buffer.from(source, "utf8");
      const version = tx
        .insert(lessonVersions)
        .values({ lessonId: lesson.id, locale, source, hash: sha256(bytes), authorId: input.authorId, message: input.message })
        .returning({ id: lessonVersions.id })
        .get();
      tx.delete(lessonDrafts)
        .where(and(eq(lessonDrafts.lessonId, lesson.id), eq(lessonDrafts.locale, locale)))
        .run();
      // Last: if writing fails the transaction rolls back and no version claims a file that is not there.
      fs.mkdirSync(path.dirname(file), { recursive: true });
      writeFileAtomic(file, bytes);
      return { conflict: null, versionId: version.id };
    },
    { behavior: "immediate" },
  );
  if (written.conflict !== null) {
    keep();
    return { ok: false, reason: "conflict", diff: lineDiff(written.conflict, source) };
  }
  await refreshLesson(course.id, lesson.id);
  return { ok: true, versionId: written.versionId };
}

/** Catalogue sync (titles, languages) then compilation of the lesson's versions, as a restart would do. */
export async function refreshLesson(courseId: string, lessonId: number) {
  syncCatalogue(COURSES_DIR, () => undefined);
  const found = getCourse(courseId);
  const fresh = found?.lessons.find((l) => l.id === lessonId);
  if (!found || !fresh) return;
  const folders = found.lessons.map((l) => l.folder);
  for (const locale of fresh.locales) await compileLessonVersion(found.course, fresh, locale, { courseLessonFolders: folders, dir: COURSES_DIR });
}

export function listVersions(lessonId: number, locale: Locale) {
  return db
    .select({
      id: lessonVersions.id,
      message: lessonVersions.message,
      createdAt: lessonVersions.createdAt,
      hash: lessonVersions.hash,
      authorName: users.displayName,
    })
    .from(lessonVersions)
    .innerJoin(users, eq(users.id, lessonVersions.authorId))
    .where(and(eq(lessonVersions.lessonId, lessonId), eq(lessonVersions.locale, locale)))
    .orderBy(desc(lessonVersions.id))
    .all();
}

export function getVersion(lessonId: number, versionId: number) {
  return db
    .select()
    .from(lessonVersions)
    .where(and(eq(lessonVersions.id, versionId), eq(lessonVersions.lessonId, lessonId)))
    .get();
}

/** The version published before this one in the same language (for its diff), or null for the first. */
export function previousVersion(version: { id: number; lessonId: number; locale: Locale }) {
  return (
    db
      .select()
      .from(lessonVersions)
      .where(and(eq(lessonVersions.lessonId, version.lessonId), eq(lessonVersions.locale, version.locale), lt(lessonVersions.id, version.id)))
      .orderBy(desc(lessonVersions.id))
      .limit(1)
      .get() ?? null
  );
}

export function lessonById(courseId: string, lessonId: number) {
  return db
    .select()
    .from(lessons)
    .where(and(eq(lessons.id, lessonId), eq(lessons.courseId, courseId)))
    .get();
}
