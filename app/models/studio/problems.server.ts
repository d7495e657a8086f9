import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { compiledLessons, courses, lessons, type Locale } from "../../../db/schema";
import { db } from "~/utils/db.server";

export type LessonProblem = {
  courseId: string;
  lessonId: number;
  lessonSlug: string;
  lessonTitle: Partial<Record<Locale, string>>;
  courseTitle: { ar: string; fr: string; en?: string };
  locale: Locale;
  errors: { line: number; column: number; message: string }[];
};

/** "courses/x/01-a/ar.mdx:12:3: message" lines, as the compiler stores them, into positions and messages. */
export function parseStoredError(error: string) {
  return error
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const m = /^(?:.*?):(\d+):(\d+): ([\s\S]*)$/.exec(line);
      return m ? { line: Number(m[1]), column: Number(m[2]), message: m[3]! } : { line: 1, column: 1, message: line };
    });
}

/**
 * Every live lesson version whose newest source fails to compile, for the given courses (null: all), from what the last
 * build stored. When the checker's listLessonProblems() lands, it replaces this one query.
 */
export function listLessonProblems(courseIds: string[] | null): LessonProblem[] {
  if (courseIds && courseIds.length === 0) return [];
  const rows = db
    .select({
      courseId: courses.id,
      courseTitle: courses.title,
      lessonId: lessons.id,
      lessonSlug: lessons.slug,
      lessonTitle: lessons.title,
      locale: compiledLessons.locale,
      error: compiledLessons.error,
    })
    .from(compiledLessons)
    .innerJoin(lessons, eq(lessons.id, compiledLessons.lessonId))
    .innerJoin(courses, eq(courses.id, lessons.courseId))
    .where(
      and(isNotNull(compiledLessons.error), isNull(lessons.archivedAt), isNull(courses.archivedAt), courseIds ? inArray(courses.id, courseIds) : undefined),
    )
    .orderBy(asc(courses.folder), asc(lessons.position), asc(compiledLessons.locale))
    .all();
  return rows.map((r) => ({
    courseId: r.courseId,
    courseTitle: r.courseTitle,
    lessonId: r.lessonId,
    lessonSlug: r.lessonSlug,
    lessonTitle: r.lessonTitle,
    locale: r.locale,
    errors: parseStoredError(r.error ?? ""),
  }));
}

/** How many failing lesson versions each course has. */
export function problemCounts(courseIds: string[]) {
  const counts = new Map<string, number>();
  for (const p of listLessonProblems(courseIds)) counts.set(p.courseId, (counts.get(p.courseId) ?? 0) + 1);
  return counts;
}
