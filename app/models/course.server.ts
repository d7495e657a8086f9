import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, getTableColumns, isNull, notInArray, sql } from "drizzle-orm";
import { compiledLessons, courses, lessons, LOCALES, type Course, type Lesson, type Locale } from "../../db/schema";
import {
  COURSE_YAML_MAX_BYTES,
  COURSES_DIR,
  courseSchema,
  frontmatterSchema,
  lessonSlug,
  listCourseFolders,
  parseYamlWithSchema,
  readSourceFile,
  splitFrontmatter,
  type LessonFrontmatter,
} from "~/models/course/files.server";
import { LESSON_SOURCE_LIMITS } from "~/components/lesson/specs";
import { frenchTypography } from "~/models/course/french-typography";
import { clearLessonProblem, getLessonProblem, pruneLessonProblems, recordLessonProblem, type ProblemDiagnostic } from "~/models/course/problems.server";
import { db } from "~/utils/db.server";
import { keptUntilChanged } from "~/utils/kept.server";
import { env } from "~/utils/env.server";
import { seedDemoOfferings } from "./demo.server";
import type { RenderedLesson } from "~/components/lesson/context";
import type { QuizDefinition } from "~/models/course/analysis.server";
import { readAssessment } from "~/models/course/assessment.server";
import { compileLesson, LessonCompileError, lessonSignature, readLessonForCompile, type LessonSource } from "~/models/course/compile.server";

// ---------- Catalogue: course.yaml and lesson frontmatter mirrored into SQLite ----------

/** Upserts courses and lessons from disk. A course or lesson that disappeared is archived, never deleted. */
export function syncCatalogue(dir = COURSES_DIR, log: (msg: string) => void = console.warn) {
  const now = new Date();
  const seenCourses: string[] = [];
  let lessonCount = 0;
  db.transaction((tx) => {
    listCourseFolders(dir).forEach((folder) => {
      const read = readSourceFile(path.join(dir, folder, "course.yaml"), COURSE_YAML_MAX_BYTES);
      const parsed = read.ok ? parseYamlWithSchema(read.text, courseSchema) : { value: null, issues: [read] };
      if (!parsed.value) {
        const issue = parsed.issues[0];
        log(`courses/${folder}/course.yaml:${issue?.line}:${issue?.column}: ${issue?.message}; keeping its last good version`);
        const existing = tx.select({ id: courses.id }).from(courses).where(eq(courses.folder, folder)).get();
        if (existing) seenCourses.push(existing.id);
        return;
      }
      const c = parsed.value;
      seenCourses.push(c.id);
      const assessment = readAssessment(path.join(dir, folder), c);
      const assessmentFailed = Boolean(c.assessment) && !assessment.value;
      if (assessmentFailed) log(`courses/${folder}/assessment is invalid; keeping its last good version (${assessment.diagnostics[0]?.message})`);
      const row = {
        folder,
        category: c.category,
        rhythm: c.rhythm,
        hours: c.hours,
        passMark: c.passMark,
        fallbackLocale: c.fallbackLocale,
        title: c.title,
        summary: c.summary,
        certificate: c.certificate,
        completion: c.completion,
        ...(assessmentFailed ? {} : { assessment: assessment.value }),
        archivedAt: null,
        updatedAt: now,
      };
      tx.insert(courses)
        .values({ id: c.id, ...row })
        .onConflictDoUpdate({ target: courses.id, set: row })
        .run();

      const seenSlugs: string[] = [];
      const onDisk = new Set<string>();
      c.lessons.forEach((lessonFolder, position) => {
        const lessonDir = path.join(dir, folder, lessonFolder);
        const slug = lessonSlug(lessonFolder);
        const title: Partial<Record<Locale, string>> = {};
        const summary: Partial<Record<Locale, string>> = {};
        const locales: Locale[] = [];
        let duration = 0;
        const previous = tx
          .select({ locales: lessons.locales, title: lessons.title, summary: lessons.summary, durationMinutes: lessons.durationMinutes })
          .from(lessons)
          .where(and(eq(lessons.courseId, c.id), eq(lessons.slug, slug)))
          .get();
        for (const locale of LOCALES) {
          const file = path.join(lessonDir, `${locale}.mdx`);
          if (!fs.existsSync(file)) continue;
          onDisk.add(`${slug}\u0000${locale}`);
          const fm = readFrontmatter(file);
          if (!fm.value) {
            // A broken version never takes its language away: the last good one stays listed (and served) while the
            // build records the full diagnostics; a language that never had a good version is recorded here.
            if (previous?.locales.includes(locale) && previous.title[locale]) {
              locales.push(locale);
              title[locale] = previous.title[locale];
              summary[locale] = previous.summary[locale] ?? "";
            } else {
              recordLessonProblem({ courseId: c.id, lessonSlug: slug, locale, file: path.relative(dir, file), hash: null, diagnostics: fm.problems });
            }
            log(`courses/${folder}/${lessonFolder}/${locale}.mdx:${fm.problems[0].line}:${fm.problems[0].column}: ${fm.problems[0].message}`);
            continue;
          }
          locales.push(locale);
          // Shown in course pages and outlines: the same French spaces as the lesson itself gets when compiled.
          const typography = locale === "fr" ? frenchTypography : (text: string) => text;
          title[locale] = typography(fm.value.title);
          summary[locale] = typography(fm.value.summary);
          if (!duration || locale === c.fallbackLocale) duration = fm.value.duration;
        }
        if (!duration && previous) duration = previous.durationMinutes;
        if (!locales.length) {
          log(`courses/${folder}/${lessonFolder} has no valid version; keeping what was there`);
          if (
            tx
              .select({ id: lessons.id })
              .from(lessons)
              .where(and(eq(lessons.courseId, c.id), eq(lessons.slug, slug)))
              .get()
          )
            seenSlugs.push(slug);
          return;
        }
        seenSlugs.push(slug);
        lessonCount += 1;
        const values = { folder: lessonFolder, position, durationMinutes: duration, title, summary, locales, archivedAt: null, updatedAt: now };
        tx.insert(lessons)
          .values({ courseId: c.id, slug, ...values })
          .onConflictDoUpdate({ target: [lessons.courseId, lessons.slug], set: values })
          .run();
      });
      tx.update(lessons)
        .set({ archivedAt: now })
        .where(and(eq(lessons.courseId, c.id), isNull(lessons.archivedAt), seenSlugs.length ? notInArray(lessons.slug, seenSlugs) : undefined))
        .run();
      pruneLessonProblems(c.id, onDisk);
    });
    tx.update(courses)
      .set({ archivedAt: now })
      .where(and(isNull(courses.archivedAt), seenCourses.length ? notInArray(courses.id, seenCourses) : undefined))
      .run();
  });
  return { courses: seenCourses.length, lessons: lessonCount };
}

/** A lesson file's frontmatter as the catalogue needs it, or its problems (size, encoding, YAML) at their line and column. */
function readFrontmatter(file: string): { value: LessonFrontmatter; problems: [] } | { value: null; problems: ProblemDiagnostic[] } {
  const read = readSourceFile(file, LESSON_SOURCE_LIMITS.maxBytes);
  if (!read.ok) return { value: null, problems: [{ line: read.line, column: read.column, severity: "error", rule: read.rule, message: read.message }] };
  const { frontmatter } = splitFrontmatter(read.text);
  if (frontmatter === null) {
    return {
      value: null,
      problems: [
        {
          line: 1,
          column: 1,
          severity: "error",
          rule: "frontmatter",
          message: "missing frontmatter (title, summary, duration, objectives) between --- lines at the top",
        },
      ],
    };
  }
  // The YAML starts on the file's second line, after the opening ---.
  const parsed = parseYamlWithSchema(frontmatter, frontmatterSchema, { lineOffset: 1 });
  if (parsed.value) return { value: parsed.value, problems: [] };
  return { value: null, problems: parsed.issues.map((i) => ({ ...i, severity: "error" as const, rule: "frontmatter" })) };
}

// ---------- Queries ----------

/** Per course: how many live lessons and how many minutes they add up to, grouped once (no correlated subquery). */
const lessonTotals = db
  .select({
    courseId: lessons.courseId,
    lessonCount: sql<number>`count(*)`.as("lesson_count"),
    minutes: sql<number>`sum(${lessons.durationMinutes})`.as("minutes"),
  })
  .from(lessons)
  .where(isNull(lessons.archivedAt))
  .groupBy(lessons.courseId)
  .as("lesson_totals");

export function listCourses() {
  return db
    .select({
      course: courses,
      lessonCount: sql<number>`coalesce(${lessonTotals.lessonCount}, 0)`,
      minutes: sql<number>`coalesce(${lessonTotals.minutes}, 0)`,
    })
    .from(courses)
    .leftJoin(lessonTotals, eq(lessonTotals.courseId, courses.id))
    .where(isNull(courses.archivedAt))
    .orderBy(asc(courses.folder))
    .all();
}

/** A live course and its live lessons in order. Reads only: the catalogue is written by syncCatalogue (start-up, courses:build). */
export function getCourse(id: string) {
  return loadCourse(id);
}

// Read on every course and lesson page: prepared once.
const liveCourse = db
  .select()
  .from(courses)
  .where(and(eq(courses.id, sql.placeholder("id")), isNull(courses.archivedAt)))
  .prepare();
const liveLessons = db
  .select()
  .from(lessons)
  .where(and(eq(lessons.courseId, sql.placeholder("id")), isNull(lessons.archivedAt)))
  .orderBy(asc(lessons.position))
  .prepare();

type LoadedCourse = { course: Course; lessons: Lesson[] };

/**
 * Live courses as read, kept until the catalogue changes (the `catalogue` counter of `data_versions`, moved by triggers
 * on courses and lessons whoever writes them). Reading a course and its lessons, JSON columns parsed, was ~9 % of a
 * lesson page. Only courses that exist are kept: ids come from URLs.
 */
const keptCourses = keptUntilChanged<LoadedCourse>("catalogue");

function loadCourse(id: string): LoadedCourse | null {
  return keptCourses(id, () => {
    const course = liveCourse.get({ id });
    return course ? { course, lessons: liveLessons.all({ id }) } : null;
  });
}

/** The language a lesson is shown in: the reader's when that version exists, else the course's fallback. */
export function lessonLocaleFor(lesson: Pick<Lesson, "locales">, course: Pick<Course, "fallbackLocale">, wanted: Locale): Locale {
  if (lesson.locales.includes(wanted)) return wanted;
  if (lesson.locales.includes(course.fallbackLocale)) return course.fallbackLocale;
  return lesson.locales[0] ?? course.fallbackLocale;
}

export function localized<T extends Partial<Record<Locale, string>>>(text: T, locale: Locale, fallback: Locale = "ar") {
  return text[locale] ?? text[fallback] ?? text.ar ?? text.fr ?? "";
}

// ---------- Compiled lessons ----------

export type LessonContent = {
  locale: Locale;
  /** The stored HTML per interface language (null when missing: the page then says the lesson is unavailable). */
  rendered: RenderedLesson | null;
  frontmatter: { title: string; summary: string; duration: number; objectives: string[] } | null;
  quizzes: QuizDefinition[];
  exercises: { id: string; title: string }[];
  /** Set when the newest version on disk fails to compile; the last good version (if any) is still served. */
  error: string | null;
};

/** Where the compiler finds a lesson of a course in one language (the studio builds the same for its previews). */
export function sourceOf(course: Course, lesson: Lesson, locale: Locale, courseLessonFolders: string[], dir: string = COURSES_DIR): LessonSource {
  return {
    courseId: course.id,
    courseFolder: course.folder,
    lessonSlug: lesson.slug,
    lessonFolder: lesson.folder,
    courseLessonFolders,
    locale,
    coursesDir: dir,
  };
}

function rowToContent(row: CompiledRow | undefined, locale: Locale): LessonContent {
  return {
    locale,
    rendered: (row?.rendered as RenderedLesson | null | undefined) ?? null,
    frontmatter: row?.frontmatter ?? null,
    quizzes: (row?.quizzes as QuizDefinition[] | undefined) ?? [],
    exercises: row?.exercises ?? [],
    error: row ? (row.error ?? null) : "lesson not compiled yet (run npm run courses:build, or restart the server)",
  };
}

// Everything but the compiled code, which no request needs any more (the HTML is stored).
const { code: _code, ...servedColumns } = getTableColumns(compiledLessons);
type CompiledRow = Omit<typeof compiledLessons.$inferSelect, "code">;

const compiledRow = db
  .select(servedColumns)
  .from(compiledLessons)
  .where(and(eq(compiledLessons.lessonId, sql.placeholder("lessonId")), eq(compiledLessons.locale, sql.placeholder("locale"))))
  .prepare();

/**
 * The stored compilation of a lesson version: the last good one, with the error of a newer version that failed to
 * compile attached. Reads only; compiling is the start-up's and `courses:build`'s job (compileLessonVersion).
 */
/**
 * Stored lessons as read, kept in memory until a compilation changes (the `lessons` counter of `data_versions`, moved
 * by a trigger on compiled_lessons whoever writes it: a start-up, courses:build, a studio publish). Reading and parsing
 * a lesson's row on every request was ~18 % of a lesson page's CPU; all the stored lessons together are ~2 MB of JSON.
 */
const keptLessons = keptUntilChanged<LessonContent>("lessons");

export function getLessonContent(lesson: Pick<Lesson, "id">, locale: Locale): LessonContent {
  return keptLessons(`${lesson.id}:${locale}`, () => rowToContent(compiledRow.get({ lessonId: lesson.id, locale }), locale))!;
}

/**
 * Compiles a lesson version when its source or files changed since the stored compilation (content hash); a version
 * that fails keeps the last good one and records the error for trainers and admins.
 */
export async function compileLessonVersion(
  course: Course,
  lesson: Lesson,
  locale: Locale,
  opts: { courseLessonFolders: string[]; dir?: string },
): Promise<LessonContent> {
  const src = sourceOf(course, lesson, locale, opts.courseLessonFolders, opts.dir ?? COURSES_DIR);
  const row = compiledRow.get({ lessonId: lesson.id, locale });
  const read = lessonSignature(src) ? readLessonForCompile(src) : null;
  if (!read) return { ...rowToContent(row, locale), error: "lesson file not found" };
  const problem = getLessonProblem(course.id, lesson.slug, locale);
  if (row && row.hash === read.hash && !row.errorHash) {
    if (problem) clearLessonProblem(course.id, lesson.slug, locale);
    return rowToContent(row, locale);
  }
  // This very version already failed and its problem is recorded: not compiled again.
  if (problem?.hash === read.hash) return { ...rowToContent(row, locale), error: row?.error ?? problem.diagnostics.map((d) => d.message).join("\n") };
  try {
    const compiled = await compileLesson(src, read);
    const values = {
      hash: compiled.hash,
      code: compiled.code,
      rendered: compiled.rendered,
      frontmatter: compiled.frontmatter,
      quizzes: compiled.quizzes,
      exercises: compiled.exercises,
      compiledAt: new Date(),
      errorHash: null,
      error: null,
    };
    db.insert(compiledLessons)
      .values({ lessonId: lesson.id, locale, ...values })
      .onConflictDoUpdate({ target: [compiledLessons.lessonId, compiledLessons.locale], set: values })
      .run();
    clearLessonProblem(course.id, lesson.slug, locale);
    if (locale === lessonLocaleFor(lesson, course, course.fallbackLocale)) {
      db.update(lessons)
        .set({ quizIds: compiled.quizzes.map((q) => q.id), exerciseIds: compiled.exercises.map((e) => e.id) })
        .where(eq(lessons.id, lesson.id))
        .run();
    }
    return rowToContent(compiledRow.get({ lessonId: lesson.id, locale }), locale);
  } catch (error) {
    const message = error instanceof LessonCompileError ? error.message : error instanceof Error ? error.message : String(error);
    const diagnostics: ProblemDiagnostic[] =
      error instanceof LessonCompileError && error.diagnostics.length
        ? error.diagnostics
        : [{ line: 1, column: 1, severity: "error", rule: "compile", message: message.split("\n")[0] }];
    recordLessonProblem({
      courseId: course.id,
      lessonSlug: lesson.slug,
      locale,
      file: path.relative(src.coursesDir, read.file),
      hash: read.hash,
      diagnostics,
    });
    if (row) {
      db.update(compiledLessons)
        .set({ errorHash: read.hash, error: message })
        .where(and(eq(compiledLessons.lessonId, lesson.id), eq(compiledLessons.locale, locale)))
        .run();
    }
    console.error(`Lesson ${course.id}/${lesson.slug} (${locale}) failed to compile${row ? "; serving the last good version" : ""}:\n${message}`);
    return { ...rowToContent(row, locale), error: message };
  }
}

/** Compiles every stale lesson version, one at a time (esbuild is memory-hungry). */
export async function buildAllLessons(dir = COURSES_DIR) {
  syncCatalogue(dir);
  if (env.SEED_DEMO) seedDemoOfferings();
  const failures: string[] = [];
  let versions = 0;
  for (const { course } of listCourses()) {
    const found = getCourse(course.id)!;
    const folders = found.lessons.map((l) => l.folder);
    for (const lesson of found.lessons) {
      for (const locale of lesson.locales) {
        versions += 1;
        const content = await compileLessonVersion(course, lesson, locale, { courseLessonFolders: folders, dir });
        if (content.error) failures.push(content.error);
      }
    }
  }
  return { versions, failures };
}

export { listLessonProblems, type LessonProblem } from "~/models/course/problems.server";
