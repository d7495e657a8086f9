import crypto from "node:crypto";
import fs from "node:fs";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { Document, isScalar, isSeq, parseDocument, type YAMLSeq } from "yaml";
import { lessons, LOCALES, type Course, type Lesson, type Locale } from "../../../db/schema";
import { compileLessonVersion, getCourse, syncCatalogue } from "~/models/course.server";
import { COURSES_DIR, courseSchema, lessonSlug, parseYamlWithSchema, splitFrontmatter, type CourseFile } from "~/models/course/files.server";
import { pathInside, writeFileAtomic } from "~/utils/atomic-file.server";
import { db } from "~/utils/db.server";

import { LESSON_SLUG } from "./shared";

export { LESSON_SLUG };
const LESSON_FOLDER = /^(\d{2,})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

function courseDir(course: Pick<Course, "folder">) {
  const dir = pathInside(COURSES_DIR, course.folder);
  if (!dir) throw new Error(`course folder outside the courses folder: ${course.folder}`);
  return dir;
}

function inCourse(course: Pick<Course, "folder">, ...parts: string[]) {
  const file = pathInside(courseDir(course), ...parts);
  if (!file) throw new Error(`path outside the course folder: ${parts.join("/")}`);
  return file;
}

function readCourseDocument(course: Pick<Course, "folder">) {
  return parseDocument(fs.readFileSync(inCourse(course, "course.yaml"), "utf8"));
}

/** course.yaml as the schema reads it (the studio's form starts from the file, not from the synced copy). */
export function readCourseFile(course: Pick<Course, "folder">): CourseFile | null {
  try {
    return parseYamlWithSchema(fs.readFileSync(inCourse(course, "course.yaml"), "utf8"), courseSchema).value;
  } catch {
    return null;
  }
}

/** Validates the edited document with the catalogue's own schema, then writes it atomically; nothing is written when invalid. */
function writeCourseDocument(course: Pick<Course, "folder">, doc: Document) {
  const text = String(doc);
  const parsed = parseYamlWithSchema(text, courseSchema);
  if (!parsed.value) return { ok: false as const, issues: parsed.issues };
  writeFileAtomic(inCourse(course, "course.yaml"), text);
  return { ok: true as const, value: parsed.value };
}

export type CourseMetadata = {
  title: { ar: string; fr: string; en?: string };
  summary: { ar: string; fr: string; en?: string };
  category: CourseFile["category"];
  hours: number;
  passMark: number;
  completion: { requireQuizzes: boolean; requireExercises: boolean };
  certificate: { issuer: string; coIssuer?: string; autoIssue: boolean; language: "ar" | "fr" | "ar-fr" };
};

/**
 * Writes the form's values into course.yaml through yaml's Document API, so comments, key order and the lesson list
 * stay as the authors left them; then the catalogue is synced.
 */
export function updateCourseMetadata(course: Course, m: CourseMetadata) {
  const doc = readCourseDocument(course);
  if (doc.errors.length) return { ok: false as const, issues: doc.errors.map((e) => ({ line: 1, column: 1, message: e.message })) };
  const setText = (key: "title" | "summary", locale: "ar" | "fr" | "en", value: string | undefined) => {
    if (value) doc.setIn([key, locale], value);
    else doc.deleteIn([key, locale]);
  };
  for (const key of ["title", "summary"] as const) for (const locale of ["ar", "fr", "en"] as const) setText(key, locale, m[key][locale]);
  doc.set("category", m.category);
  doc.set("hours", m.hours);
  doc.set("passMark", m.passMark);
  // A setting left at its default is not written into a file that did not spell it out.
  const setUnlessDefault = (keys: string[], value: unknown, byDefault: unknown) => {
    if (doc.hasIn(keys) || value !== byDefault) doc.setIn(keys, value);
  };
  setUnlessDefault(["completion", "requireQuizzes"], m.completion.requireQuizzes, true);
  setUnlessDefault(["completion", "requireExercises"], m.completion.requireExercises, true);
  doc.setIn(["certificate", "issuer"], m.certificate.issuer);
  if (m.certificate.coIssuer) doc.setIn(["certificate", "coIssuer"], m.certificate.coIssuer);
  else doc.deleteIn(["certificate", "coIssuer"]);
  setUnlessDefault(["certificate", "autoIssue"], m.certificate.autoIssue, false);
  setUnlessDefault(["certificate", "language"], m.certificate.language, "ar-fr");
  const written = writeCourseDocument(course, doc);
  if (written.ok) syncCatalogue(COURSES_DIR, () => undefined);
  return written;
}

// ---------- Lessons: folders NN-slug listed in course.yaml ----------

function lessonSeq(doc: Document): YAMLSeq {
  const seq = doc.get("lessons", true);
  if (!isSeq(seq)) throw new Error("course.yaml has no lesson list");
  return seq;
}

function listedFolders(doc: Document): string[] {
  return lessonSeq(doc).items.map((item) => (isScalar(item) ? String(item.value) : String(item)));
}

/** Slugs a new or renamed lesson may not take: every lesson the course ever had (archived ones keep theirs) and every folder. */
function takenSlugs(course: Course) {
  const taken = new Set(
    db
      .select({ slug: lessons.slug })
      .from(lessons)
      .where(eq(lessons.courseId, course.id))
      .all()
      .map((l) => l.slug),
  );
  for (const entry of fs.readdirSync(courseDir(course), { withFileTypes: true })) if (entry.isDirectory()) taken.add(lessonSlug(entry.name));
  return taken;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A new lesson's file: valid frontmatter (quoted by the YAML library) and one paragraph to replace. */
export function lessonTemplate(locale: Locale, title: string) {
  const texts = {
    ar: { summary: "ملخص الدرس في جملة أو جملتين.", objective: "هدف يمكن للمتعلم بلوغه بعد الدرس.", body: "اكتبوا نص الدرس هنا." },
    fr: {
      summary: "Le résumé de la leçon en une ou deux phrases.",
      objective: "Un objectif que l'apprenant atteint après la leçon.",
      body: "Écrivez ici le texte de la leçon.",
    },
    en: {
      summary: "The lesson's summary in one or two sentences.",
      objective: "An objective the learner reaches after the lesson.",
      body: "Write the lesson's text here.",
    },
  }[locale];
  const frontmatter = new Document({ title, summary: texts.summary, duration: 10, objectives: [texts.objective] });
  return `---\n${String(frontmatter)}---\n\n${texts.body}\n`;
}

export type LessonChange =
  { ok: true; slug: string } | { ok: false; reason: "slugTaken" | "badSlug" | "lastLesson" | "edge" | "notListed" | "invalid"; detail?: string };

/**
 * Renames folders so that their NN- prefixes follow the given order, rewrites `../NN-slug` links in every lesson of the
 * course, then writes the list into course.yaml. Folders move through temporary names first (02-a ↔ 03-b would collide).
 */
function applyOrder(course: Course, doc: Document, order: string[], renamedSlugs: Map<string, string> = new Map()) {
  const targets = order.map((folder, i) => `${pad(i + 1)}-${renamedSlugs.get(folder) ?? lessonSlug(folder)}`);
  const moves = order.map((from, i) => ({ from, to: targets[i]! })).filter((m) => m.from !== m.to);
  const staged: { temp: string; to: string; from: string }[] = [];
  try {
    for (const m of moves) {
      const temp = `.move-${crypto.randomBytes(4).toString("hex")}-${lessonSlug(m.to)}`;
      fs.renameSync(inCourse(course, m.from), inCourse(course, temp));
      staged.push({ temp, to: m.to, from: m.from });
    }
    for (const s of staged) fs.renameSync(inCourse(course, s.temp), inCourse(course, s.to));
  } catch (error) {
    // Put back what moved, as far as possible, so the course stays as it was.
    for (const s of staged) {
      for (const name of [s.temp, s.to]) if (fs.existsSync(inCourse(course, name))) fs.renameSync(inCourse(course, name), inCourse(course, s.from));
    }
    throw error;
  }
  const renamed = new Map(moves.map((m) => [m.from, m.to]));
  if (renamed.size) rewriteLinks(course, targets, renamed);
  const seq = lessonSeq(doc);
  seq.items = targets.map((t) => doc.createNode(t));
  const written = writeCourseDocument(course, doc);
  if (!written.ok) throw new Error(`course.yaml would be invalid: ${written.issues[0]?.message}`);
  return targets;
}

const LINK = /\.\.\/(\d{2,}-[a-z0-9]+(?:-[a-z0-9]+)*)(?![a-z0-9-])/g;

function rewriteLinks(course: Course, folders: string[], renamed: Map<string, string>) {
  for (const folder of folders) {
    for (const locale of LOCALES) {
      const file = inCourse(course, folder, `${locale}.mdx`);
      if (!fs.existsSync(file)) continue;
      const source = fs.readFileSync(file, "utf8");
      const next = source.replace(LINK, (whole, target: string) => (renamed.has(target) ? `../${renamed.get(target)}` : whole));
      if (next !== source) writeFileAtomic(file, next);
    }
  }
}

export function createLesson(course: Course, input: { slug: string; titles: { ar: string; fr: string } }): LessonChange {
  if (!LESSON_SLUG.test(input.slug) || input.slug.length > 80) return { ok: false, reason: "badSlug" };
  if (takenSlugs(course).has(input.slug)) return { ok: false, reason: "slugTaken" };
  const doc = readCourseDocument(course);
  const folders = listedFolders(doc);
  const highest = Math.max(0, ...folders.map((f) => Number(LESSON_FOLDER.exec(f)?.[1] ?? 0)));
  const folder = `${pad(highest + 1)}-${input.slug}`;
  const dir = inCourse(course, folder);
  fs.mkdirSync(dir);
  try {
    for (const locale of ["ar", "fr"] as const) writeFileAtomic(inCourse(course, folder, `${locale}.mdx`), lessonTemplate(locale, input.titles[locale]));
    lessonSeq(doc).add(doc.createNode(folder));
    const written = writeCourseDocument(course, doc);
    if (!written.ok) throw new Error(`course.yaml would be invalid: ${written.issues[0]?.message}`);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { ok: true, slug: input.slug };
}

/** Sets the title in a lesson file's frontmatter, keeping its comments and the rest of the file as it is. */
function retitle(file: string, title: string) {
  const source = fs.readFileSync(file, "utf8");
  const { frontmatter, body } = splitFrontmatter(source);
  if (frontmatter === null) return;
  const doc = parseDocument(frontmatter);
  // An unchanged title leaves the file alone: rewriting it would put every open draft of it in conflict.
  if (doc.errors.length || doc.get("title") === title) return;
  doc.set("title", title);
  writeFileAtomic(file, `---\n${String(doc)}---\n${body}`);
}

/**
 * New titles (per language, in each file's frontmatter) and possibly a new slug. The lesson row keeps its id, so progress,
 * quiz attempts and submissions stay attached; a slug another lesson has (or had) is refused.
 */
export function renameLesson(course: Course, lesson: Lesson, input: { slug: string; titles: Partial<Record<Locale, string>> }): LessonChange {
  if (!LESSON_SLUG.test(input.slug) || input.slug.length > 80) return { ok: false, reason: "badSlug" };
  const slugChanges = input.slug !== lesson.slug;
  if (slugChanges && takenSlugs(course).has(input.slug)) return { ok: false, reason: "slugTaken" };
  const doc = readCourseDocument(course);
  const folders = listedFolders(doc);
  if (!folders.includes(lesson.folder)) return { ok: false, reason: "notListed" };
  for (const locale of LOCALES) {
    const title = input.titles[locale];
    const file = inCourse(course, lesson.folder, `${locale}.mdx`);
    if (title && fs.existsSync(file)) retitle(file, title);
  }
  if (slugChanges) {
    const targets = applyOrder(course, doc, folders, new Map([[lesson.folder, input.slug]]));
    const folder = targets[folders.indexOf(lesson.folder)]!;
    db.update(lessons)
      .set({ slug: input.slug, folder })
      .where(and(eq(lessons.id, lesson.id), eq(lessons.courseId, course.id)))
      .run();
  }
  return { ok: true, slug: input.slug };
}

export function moveLesson(course: Course, lesson: Lesson, direction: "up" | "down"): LessonChange {
  const doc = readCourseDocument(course);
  const folders = listedFolders(doc);
  const at = folders.indexOf(lesson.folder);
  if (at === -1) return { ok: false, reason: "notListed" };
  const to = direction === "up" ? at - 1 : at + 1;
  if (to < 0 || to >= folders.length) return { ok: false, reason: "edge" };
  const order = [...folders];
  [order[at], order[to]] = [order[to]!, order[at]!];
  applyOrder(course, doc, order);
  return { ok: true, slug: lesson.slug };
}

/** Learners stop seeing the lesson: it leaves course.yaml's list (its folder stays, its row and everyone's progress too). */
export function archiveLesson(course: Course, lesson: Lesson): LessonChange {
  const doc = readCourseDocument(course);
  const folders = listedFolders(doc);
  if (!folders.includes(lesson.folder)) return { ok: false, reason: "notListed" };
  if (folders.length === 1) return { ok: false, reason: "lastLesson" };
  applyOrder(
    course,
    doc,
    folders.filter((f) => f !== lesson.folder),
  );
  return { ok: true, slug: lesson.slug };
}

/** Archived lessons of the course, whose folder is still there to bring back. */
export function archivedLessons(course: Course) {
  return db
    .select()
    .from(lessons)
    .where(and(eq(lessons.courseId, course.id), isNotNull(lessons.archivedAt)))
    .orderBy(asc(lessons.slug))
    .all()
    .filter((l) => fs.existsSync(inCourse(course, l.folder, "ar.mdx")) || fs.existsSync(inCourse(course, l.folder, "fr.mdx")));
}

/** Brings an archived lesson back at the end of the course, under its old slug: the same row, so learners' progress returns. */
export function unarchiveLesson(course: Course, lesson: Lesson): LessonChange {
  const doc = readCourseDocument(course);
  const folders = listedFolders(doc);
  if (folders.includes(lesson.folder) || !fs.existsSync(inCourse(course, lesson.folder))) return { ok: false, reason: "notListed" };
  applyOrder(course, doc, [...folders, lesson.folder]);
  return { ok: true, slug: lesson.slug };
}

/** After a change on disk: the catalogue synced and every lesson of the course compiled where its files changed. */
export async function refreshCourse(courseId: string) {
  syncCatalogue(COURSES_DIR, () => undefined);
  const found = getCourse(courseId);
  if (!found) return;
  const folders = found.lessons.map((l) => l.folder);
  for (const lesson of found.lessons)
    for (const locale of lesson.locales) await compileLessonVersion(found.course, lesson, locale, { courseLessonFolders: folders, dir: COURSES_DIR });
}
