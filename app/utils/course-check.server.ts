import fs from "node:fs";
import path from "node:path";
import { LOCALES, type Locale } from "../../db/schema";
import { COURSES_DIR, REQUIRED_LESSON_LOCALES, courseSchema, listCourseFolders, parseYamlWithSchema, type CourseFile } from "./course-files.server";
import { analyzeLesson, type Diagnostic, type LessonAnalysis } from "./lesson-analysis.server";

export type CheckedLesson = { folder: string; dir: string; locales: Partial<Record<Locale, LessonAnalysis & { source: string; file: string }>> };
export type CheckedCourse = { folder: string; dir: string; course: CourseFile | null; lessons: CheckedLesson[] };
export type CheckResult = { courses: CheckedCourse[]; diagnostics: Diagnostic[] };

function rel(p: string) {
  return path.relative(process.cwd(), p) || p;
}

/** Reads and checks every course under `dir`; never throws for content problems, it reports them. */
export function checkCourses(dir = COURSES_DIR): CheckResult {
  const diagnostics: Diagnostic[] = [];
  const courses: CheckedCourse[] = [];
  const ids = new Map<string, string>();

  for (const folder of listCourseFolders(dir)) {
    const courseDir = path.join(dir, folder);
    const yamlFile = path.join(courseDir, "course.yaml");
    const parsed = parseYamlWithSchema(fs.readFileSync(yamlFile, "utf8"), courseSchema);
    for (const issue of parsed.issues) diagnostics.push({ file: rel(yamlFile), line: issue.line, column: issue.column, severity: "error", rule: "course-metadata", message: issue.message });
    const course = parsed.value;
    const checked: CheckedCourse = { folder, dir: courseDir, course, lessons: [] };
    courses.push(checked);
    if (!course) continue;
    if (ids.has(course.id)) diagnostics.push({ file: rel(yamlFile), line: 1, column: 1, severity: "error", rule: "course-metadata", message: `course id "${course.id}" is also used by ${ids.get(course.id)}` });
    ids.set(course.id, folder);

    const onDisk = fs.readdirSync(courseDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    for (const extra of onDisk.filter((d) => !course.lessons.includes(d))) {
      diagnostics.push({ file: rel(path.join(courseDir, extra)), line: 1, column: 1, severity: "warning", rule: "unlisted-lesson", message: `folder is not listed under lessons in course.yaml, so learners never see it` });
    }
    const slugs = new Set<string>();
    for (const lessonFolder of course.lessons) {
      const lessonDir = path.join(courseDir, lessonFolder);
      const slug = lessonFolder.replace(/^\d+-/, "");
      if (slugs.has(slug)) diagnostics.push({ file: rel(yamlFile), line: 1, column: 1, severity: "error", rule: "course-metadata", message: `two lessons have the id "${slug}"` });
      slugs.add(slug);
      if (!fs.existsSync(lessonDir)) {
        diagnostics.push({ file: rel(yamlFile), line: 1, column: 1, severity: "error", rule: "missing-lesson", message: `lesson folder ${lessonFolder} is listed but does not exist` });
        continue;
      }
      const lesson: CheckedLesson = { folder: lessonFolder, dir: lessonDir, locales: {} };
      for (const locale of LOCALES) {
        const file = path.join(lessonDir, `${locale}.mdx`);
        if (!fs.existsSync(file)) {
          if (REQUIRED_LESSON_LOCALES.includes(locale)) {
            diagnostics.push({ file: rel(file), line: 1, column: 1, severity: "error", rule: "missing-locale", message: `the ${locale} version of this lesson is required` });
          }
          continue;
        }
        const source = fs.readFileSync(file, "utf8");
        const analysis = analyzeLesson(source, { file: rel(file), lessonDir, courseLessonFolders: course.lessons });
        diagnostics.push(...analysis.diagnostics);
        lesson.locales[locale] = { ...analysis, source, file: rel(file) };
      }
      diagnostics.push(...compareLocales(lesson));
      checked.lessons.push(lesson);
    }
  }
  return { courses, diagnostics };
}

/** Quizzes and exercises must carry the same ids in every language, so attempts and completion do not depend on the language read. */
function compareLocales(lesson: CheckedLesson): Diagnostic[] {
  const out: Diagnostic[] = [];
  const entries = Object.entries(lesson.locales).filter(([, a]) => a && a.tree);
  if (entries.length < 2) return out;
  const signature = (a: LessonAnalysis) => ({
    quizzes: a.quizzes.map((q) => `${q.id}[${q.questions.map((x) => `${x.id}:${x.multiple ? "m" : "s"}(${x.options.map((o) => `${o.id}${o.correct ? "*" : ""}`).join(",")})`).join(";")}]`).join(" "),
    exercises: a.exercises.map((e) => e.id).join(","),
  });
  const [baseLocale, base] = entries[0];
  const baseSig = signature(base!);
  for (const [locale, analysis] of entries.slice(1)) {
    const sig = signature(analysis!);
    if (sig.quizzes !== baseSig.quizzes) {
      out.push({ file: analysis!.file, line: 1, column: 1, severity: "error", rule: "locale-mismatch", message: `quiz ids, questions, options or correct answers differ from the ${baseLocale} version (${baseSig.quizzes || "none"} vs ${sig.quizzes || "none"})` });
    }
    if (sig.exercises !== baseSig.exercises) {
      out.push({ file: analysis!.file, line: 1, column: 1, severity: "error", rule: "locale-mismatch", message: `exercise ids differ from the ${baseLocale} version (${baseSig.exercises || "none"} vs ${sig.exercises || "none"})` });
    }
    if (base!.frontmatter && analysis!.frontmatter && base!.frontmatter.duration !== analysis!.frontmatter.duration) {
      out.push({ file: analysis!.file, line: 2, column: 1, severity: "warning", rule: "locale-mismatch", message: `duration differs from the ${baseLocale} version (${analysis!.frontmatter.duration} vs ${base!.frontmatter.duration} minutes)` });
    }
  }
  return out;
}

export function formatDiagnostics(diagnostics: Diagnostic[]) {
  const sorted = [...diagnostics].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const line = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}: ${d.message} [${d.rule}]`;
  const errors = sorted.filter((d) => d.severity === "error");
  const warnings = sorted.filter((d) => d.severity === "warning");
  const parts: string[] = [];
  if (errors.length) parts.push(`Errors (${errors.length}):`, ...errors.map((d) => `  ${line(d)}`));
  if (warnings.length) parts.push(`Warnings (${warnings.length}):`, ...warnings.map((d) => `  ${line(d)}`));
  return parts.join("\n");
}
