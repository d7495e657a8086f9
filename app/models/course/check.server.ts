import fs from "node:fs";
import path from "node:path";
import { LOCALES, type Locale } from "../../../db/schema";
import { readAssessment } from "./assessment.server";
import { ASSESSMENT_FOLDER, COURSES_DIR, REQUIRED_LESSON_LOCALES, courseSchema, listCourseFolders, parseYamlWithSchema, type CourseFile } from "./files.server";
import { analyzeLesson, type Diagnostic, type LessonAnalysis, type QuizQuestion } from "./analysis.server";

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
    for (const issue of parsed.issues)
      diagnostics.push({ file: rel(yamlFile), line: issue.line, column: issue.column, severity: "error", rule: "course-metadata", message: issue.message });
    const course = parsed.value;
    const checked: CheckedCourse = { folder, dir: courseDir, course, lessons: [] };
    courses.push(checked);
    if (!course) continue;
    if (ids.has(course.id))
      diagnostics.push({
        file: rel(yamlFile),
        line: 1,
        column: 1,
        severity: "error",
        rule: "course-metadata",
        message: `course id "${course.id}" is also used by ${ids.get(course.id)}`,
      });
    ids.set(course.id, folder);

    const onDisk = fs
      .readdirSync(courseDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    diagnostics.push(...readAssessment(courseDir, course).diagnostics);
    for (const extra of onDisk.filter((d) => !course.lessons.includes(d) && !(d === ASSESSMENT_FOLDER && course.assessment))) {
      diagnostics.push({
        file: rel(path.join(courseDir, extra)),
        line: 1,
        column: 1,
        severity: "warning",
        rule: "unlisted-lesson",
        message: `folder is not listed under lessons in course.yaml, so learners never see it`,
      });
    }
    const slugs = new Set<string>();
    for (const lessonFolder of course.lessons) {
      const lessonDir = path.join(courseDir, lessonFolder);
      const slug = lessonFolder.replace(/^\d+-/, "");
      if (slugs.has(slug))
        diagnostics.push({ file: rel(yamlFile), line: 1, column: 1, severity: "error", rule: "course-metadata", message: `two lessons have the id "${slug}"` });
      slugs.add(slug);
      if (!fs.existsSync(lessonDir)) {
        diagnostics.push({
          file: rel(yamlFile),
          line: 1,
          column: 1,
          severity: "error",
          rule: "missing-lesson",
          message: `lesson folder ${lessonFolder} is listed but does not exist`,
        });
        continue;
      }
      const lesson: CheckedLesson = { folder: lessonFolder, dir: lessonDir, locales: {} };
      for (const locale of LOCALES) {
        const file = path.join(lessonDir, `${locale}.mdx`);
        if (!fs.existsSync(file)) {
          if (REQUIRED_LESSON_LOCALES.includes(locale)) {
            diagnostics.push({
              file: rel(file),
              line: 1,
              column: 1,
              severity: "error",
              rule: "missing-locale",
              message: `the ${locale} version of this lesson is required`,
            });
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
    diagnostics.push(...answerBias(checked, course.fallbackLocale));
  }
  return { courses, diagnostics };
}

/** Below this probability (under "the correct option is placed at random"), an observed count is reported. */
export const ANSWER_BIAS_P = 0.01;

/**
 * P(X >= observed) where X is the number of successes among independent trials with the given probabilities
 * (a Poisson-binomial distribution), computed exactly by dynamic programming.
 */
export function poissonBinomialUpperTail(probabilities: number[], observed: number): number {
  if (observed <= 0) return 1;
  if (observed > probabilities.length) return 0;
  let dist = [1];
  for (const p of probabilities) {
    const next = new Array<number>(dist.length + 1).fill(0);
    for (let k = 0; k < dist.length; k++) {
      next[k] += dist[k] * (1 - p);
      next[k + 1] += dist[k] * p;
    }
    dist = next;
  }
  let tail = 0;
  for (let k = observed; k < dist.length; k++) tail += dist[k];
  return Math.min(1, tail);
}

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"];
const ordinal = (index: number) => ORDINALS[index] ?? `number ${index + 1}`;
const formatP = (p: number) => (p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`);

export type AnswerBiasFinding = { kind: "position" | "longest"; position?: number; observed: number; total: number; expected: number; p: number };

/**
 * Where single-choice questions put their correct option, compared with chance. If the correct option were
 * placed at random among the k options of each question, it would sit at position p with probability 1/k
 * (0 when the question has fewer options), and it would be the one strictly longest option with probability 1/k
 * (0 when no option is strictly the longest). A count whose upper tail is below ANSWER_BIAS_P is a finding.
 */
export function findAnswerBias(questions: QuizQuestion[], threshold = ANSWER_BIAS_P): AnswerBiasFinding[] {
  const single = questions.filter((q) => !q.multiple && q.options.length >= 2 && q.options.filter((o) => o.correct).length === 1);
  const findings: AnswerBiasFinding[] = [];
  if (!single.length) return findings;

  // Position: counts are kept in a Map keyed by position number, never in an object keyed by content.
  const observedAt = new Map<number, number>();
  const maxOptions = Math.max(...single.map((q) => q.options.length));
  for (const q of single) {
    const at = q.options.findIndex((o) => o.correct);
    observedAt.set(at, (observedAt.get(at) ?? 0) + 1);
  }
  for (let position = 0; position < maxOptions; position++) {
    const probabilities = single.map((q) => (position < q.options.length ? 1 / q.options.length : 0));
    const observed = observedAt.get(position) ?? 0;
    const expected = probabilities.reduce((a, b) => a + b, 0);
    if (observed <= expected) continue;
    const p = poissonBinomialUpperTail(probabilities, observed);
    if (p < threshold) findings.push({ kind: "position", position, observed, total: single.length, expected, p });
  }

  // Length: is the correct option the strictly longest one far more often than chance?
  const length = (text: string) => [...text.trim()].length;
  const probabilities: number[] = [];
  let observed = 0;
  for (const q of single) {
    const lengths = q.options.map((o) => length(o.text));
    const max = Math.max(...lengths);
    const unique = lengths.filter((l) => l === max).length === 1;
    probabilities.push(unique ? 1 / q.options.length : 0);
    if (unique && q.options[lengths.indexOf(max)].correct) observed++;
  }
  const expected = probabilities.reduce((a, b) => a + b, 0);
  if (observed > expected) {
    const p = poissonBinomialUpperTail(probabilities, observed);
    if (p < threshold) findings.push({ kind: "longest", observed, total: single.length, expected, p });
  }
  return findings;
}

/** One warning per finding, for the course's fallback language only (positions and lengths are mirrored in the others). */
function answerBias(course: CheckedCourse, fallback: Locale): Diagnostic[] {
  const lessons = course.lessons.map((l) => l.locales[fallback] ?? LOCALES.map((loc) => l.locales[loc]).find(Boolean)).filter((a) => a !== undefined);
  const questions = lessons.flatMap((a) => a.quizzes.flatMap((q) => q.questions));
  return findAnswerBias(questions).map((f) => ({
    file: rel(course.dir),
    line: 1,
    column: 1,
    severity: "warning" as const,
    rule: "quiz-answer-bias",
    message:
      f.kind === "position"
        ? `in course "${course.folder}" (${fallback} lessons), the correct answer is the ${ordinal(f.position!)} option in ${f.observed} of ${f.total} single-choice questions, where chance would give about ${Math.round(f.expected)} (${formatP(f.p)}): vary where the correct option sits`
        : `in course "${course.folder}" (${fallback} lessons), the correct answer is the longest option in ${f.observed} of ${f.total} single-choice questions, where chance would give about ${Math.round(f.expected)} (${formatP(f.p)}): make the wrong options as full and plausible as the right one`,
  }));
}

/** Quizzes and exercises must carry the same ids in every language, so attempts and completion do not depend on the language read. */
function compareLocales(lesson: CheckedLesson): Diagnostic[] {
  const out: Diagnostic[] = [];
  const entries = Object.entries(lesson.locales).filter(([, a]) => a && a.tree);
  if (entries.length < 2) return out;
  const signature = (a: LessonAnalysis) => ({
    quizzes: a.quizzes
      .map(
        (q) =>
          `${q.id}[${q.questions.map((x) => `${x.id}:${x.multiple ? "m" : "s"}(${x.options.map((o) => `${o.id}${o.correct ? "*" : ""}`).join(",")})`).join(";")}]`,
      )
      .join(" "),
    exercises: a.exercises.map((e) => e.id).join(","),
  });
  const [baseLocale, base] = entries[0];
  const baseSig = signature(base!);
  for (const [, analysis] of entries.slice(1)) {
    const sig = signature(analysis!);
    if (sig.quizzes !== baseSig.quizzes) {
      out.push({
        file: analysis!.file,
        line: 1,
        column: 1,
        severity: "error",
        rule: "locale-mismatch",
        message: `quiz ids, questions, options or correct answers differ from the ${baseLocale} version (${baseSig.quizzes || "none"} vs ${sig.quizzes || "none"})`,
      });
    }
    if (sig.exercises !== baseSig.exercises) {
      out.push({
        file: analysis!.file,
        line: 1,
        column: 1,
        severity: "error",
        rule: "locale-mismatch",
        message: `exercise ids differ from the ${baseLocale} version (${baseSig.exercises || "none"} vs ${sig.exercises || "none"})`,
      });
    }
    if (base!.frontmatter && analysis!.frontmatter && base!.frontmatter.duration !== analysis!.frontmatter.duration) {
      out.push({
        file: analysis!.file,
        line: 2,
        column: 1,
        severity: "warning",
        rule: "locale-mismatch",
        message: `duration differs from the ${baseLocale} version (${analysis!.frontmatter.duration} vs ${base!.frontmatter.duration} minutes)`,
      });
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
