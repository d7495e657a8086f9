import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { courses, lessonProblems, lessons, type Locale } from "../../../db/schema";
import { db } from "~/utils/db.server";
import type { Diagnostic } from "./analysis.server";
import type { CheckerText } from "./checker-text";

export type ProblemDiagnostic = { line: number; column: number; severity: "error" | "warning"; rule: string; message: string; says?: CheckerText };

export type LessonProblem = {
  courseId: string;
  courseTitle: { ar: string; fr: string; en?: string };
  lessonSlug: string;
  /** Null for a new lesson that never had a valid version (it is not in the catalogue yet). */
  lessonTitle: Partial<Record<Locale, string>> | null;
  locale: Locale;
  /** Relative to the courses folder: crowdfunding/01-kinds/fr.mdx */
  file: string;
  diagnostics: ProblemDiagnostic[];
  recordedAt: Date;
};

const plain = (d: Diagnostic | ProblemDiagnostic): ProblemDiagnostic => ({
  line: d.line,
  column: d.column,
  severity: d.severity,
  rule: d.rule,
  message: d.message,
  says: d.says,
});

/** Records (or replaces) the failure of one lesson version: called by the catalogue sync and the build, never by a loader. */
export function recordLessonProblem(problem: {
  courseId: string;
  lessonSlug: string;
  locale: Locale;
  file: string;
  hash: string | null;
  diagnostics: (Diagnostic | ProblemDiagnostic)[];
}) {
  const values = { file: problem.file, hash: problem.hash, diagnostics: problem.diagnostics.map(plain), recordedAt: new Date() };
  db.insert(lessonProblems)
    .values({ courseId: problem.courseId, lessonSlug: problem.lessonSlug, locale: problem.locale, ...values })
    .onConflictDoUpdate({ target: [lessonProblems.courseId, lessonProblems.lessonSlug, lessonProblems.locale], set: values })
    .run();
}

/** The version compiled, or its file is gone: nothing to list any more. */
export function clearLessonProblem(courseId: string, lessonSlug: string, locale: Locale) {
  db.delete(lessonProblems)
    .where(and(eq(lessonProblems.courseId, courseId), eq(lessonProblems.lessonSlug, lessonSlug), eq(lessonProblems.locale, locale)))
    .run();
}

export function getLessonProblem(courseId: string, lessonSlug: string, locale: Locale) {
  return db
    .select()
    .from(lessonProblems)
    .where(and(eq(lessonProblems.courseId, courseId), eq(lessonProblems.lessonSlug, lessonSlug), eq(lessonProblems.locale, locale)))
    .get();
}

/** Removes the problems of a course whose lesson or language is no longer on disk (`present`: "slug\0locale"). */
export function pruneLessonProblems(courseId: string, present: Set<string>) {
  for (const p of db
    .select({ lessonSlug: lessonProblems.lessonSlug, locale: lessonProblems.locale })
    .from(lessonProblems)
    .where(eq(lessonProblems.courseId, courseId))
    .all()) {
    if (!present.has(`${p.lessonSlug}\u0000${p.locale}`)) clearLessonProblem(courseId, p.lessonSlug, p.locale);
  }
}

/**
 * Every lesson version currently failing, of the given courses (a trainer's) or of all live courses (an admin's), in
 * course and lesson order. While a version fails, learners keep reading its last good version (if there is one).
 * Reads only.
 */
export function listLessonProblems(courseIds: string[] | "all"): LessonProblem[] {
  if (courseIds !== "all" && !courseIds.length) return [];
  const rows = db
    .select({
      courseId: lessonProblems.courseId,
      courseTitle: courses.title,
      courseFolder: courses.folder,
      lessonSlug: lessonProblems.lessonSlug,
      lessonTitle: lessons.title,
      locale: lessonProblems.locale,
      file: lessonProblems.file,
      diagnostics: lessonProblems.diagnostics,
      recordedAt: lessonProblems.recordedAt,
    })
    .from(lessonProblems)
    .innerJoin(courses, eq(courses.id, lessonProblems.courseId))
    .leftJoin(lessons, and(eq(lessons.courseId, lessonProblems.courseId), eq(lessons.slug, lessonProblems.lessonSlug)))
    .where(and(isNull(courses.archivedAt), isNull(lessons.archivedAt), courseIds === "all" ? undefined : inArray(lessonProblems.courseId, courseIds)))
    .orderBy(asc(courses.folder), asc(lessonProblems.file))
    .all();
  return rows.map(({ courseFolder: _folder, ...row }) => ({ ...row, lessonTitle: row.lessonTitle ?? null }));
}

/** How many failing lesson versions each of these courses has (the studio's course list). */
export function problemCounts(courseIds: string[]) {
  const counts = new Map<string, number>();
  for (const p of listLessonProblems(courseIds)) counts.set(p.courseId, (counts.get(p.courseId) ?? 0) + 1);
  return counts;
}
