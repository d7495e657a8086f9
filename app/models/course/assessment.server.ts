import fs from "node:fs";
import path from "node:path";
import { LOCALES, type CourseAssessment, type Locale } from "../../../db/schema";
import { analyzeLesson, type Diagnostic } from "./analysis.server";
import { ASSESSMENT_FOLDER, REQUIRED_LESSON_LOCALES, type CourseFile } from "./files.server";
import { part, say } from "./checker-text.server";

function rel(p: string) {
  return path.relative(process.cwd(), p) || p;
}

/**
 * Reads a course's pre-/post-test: assessment/<locale>.mdx, checked by the same analysis as a lesson (frontmatter,
 * <Quiz>, <Question>, <Option>), and the two quiz ids course.yaml names. `value` is null when the course declares no
 * assessment or when any file has an error (the catalogue then keeps its last good version).
 */
export function readAssessment(
  courseDir: string,
  course: Pick<CourseFile, "assessment" | "lessons">,
): { value: CourseAssessment | null; diagnostics: Diagnostic[] } {
  const declared = course.assessment;
  const dir = path.join(courseDir, ASSESSMENT_FOLDER);
  const diagnostics: Diagnostic[] = [];
  if (!declared) return { value: null, diagnostics };
  const versions: CourseAssessment["versions"] = {};
  const problem = (file: string, said: ReturnType<typeof say>) =>
    diagnostics.push({ file: rel(file), line: 1, column: 1, severity: "error", rule: "assessment", ...said });
  for (const locale of LOCALES) {
    const file = path.join(dir, `${locale}.mdx`);
    if (!fs.existsSync(file)) {
      if (REQUIRED_LESSON_LOCALES.includes(locale)) problem(file, say("assessmentLocaleRequired", { file: "course.yaml", locale }));
      continue;
    }
    const analysis = analyzeLesson(fs.readFileSync(file, "utf8"), { file: rel(file), lessonDir: dir, courseLessonFolders: course.lessons });
    diagnostics.push(...analysis.diagnostics);
    for (const id of new Set([declared.pre, declared.post])) {
      if (!analysis.quizzes.some((q) => q.id === id))
        problem(
          file,
          say("assessmentQuizMissing", { file: "course.yaml", id, test: part(id === declared.pre ? "preTest" : "postTest"), tag: `<Quiz id="${id}">` }),
        );
    }
    if (analysis.exercises.length) problem(file, say("assessmentNoExercise", { tag: "<Exercise>" }));
    if (analysis.frontmatter)
      versions[locale as Locale] = { title: analysis.frontmatter.title, summary: analysis.frontmatter.summary, quizzes: analysis.quizzes };
  }
  if (diagnostics.some((d) => d.severity === "error")) return { value: null, diagnostics };
  return { value: { pre: declared.pre, post: declared.post, versions }, diagnostics };
}
