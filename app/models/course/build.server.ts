import { compileLessonVersion, getCourse, syncCatalogue } from "~/models/course.server";
import { COURSES_DIR } from "./files.server";

/** After a course folder changed (import): the catalogue synced from disk, then each of the course's lesson versions compiled. */
export async function buildCourseLessons(courseId: string, dir = COURSES_DIR) {
  syncCatalogue(dir);
  const found = getCourse(courseId);
  const failures: string[] = [];
  if (!found) return { lessons: 0, failures };
  const folders = found.lessons.map((l) => l.folder);
  for (const lesson of found.lessons) {
    for (const locale of lesson.locales) {
      const content = await compileLessonVersion(found.course, lesson, locale, { courseLessonFolders: folders, dir });
      if (content.error) failures.push(content.error);
    }
  }
  return { lessons: found.lessons.length, failures };
}

/** After a file beside a lesson changed: every language of that lesson recompiled (the file is part of its content hash). */
export async function rebuildLesson(courseId: string, lessonSlug: string, dir = COURSES_DIR) {
  const found = getCourse(courseId);
  const lesson = found?.lessons.find((l) => l.slug === lessonSlug);
  if (!found || !lesson) return { failures: [] as string[] };
  const folders = found.lessons.map((l) => l.folder);
  const failures: string[] = [];
  for (const locale of lesson.locales) {
    const content = await compileLessonVersion(found.course, lesson, locale, { courseLessonFolders: folders, dir });
    if (content.error) failures.push(content.error);
  }
  return { failures };
}
