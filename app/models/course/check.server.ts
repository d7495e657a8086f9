import fs from "node:fs";
import path from "node:path";
import { LOCALES, type Locale } from "../../../db/schema";
import { LESSON_SOURCE_LIMITS } from "~/components/lesson/specs";
import { readAssessment } from "./assessment.server";
import {
  ASSESSMENT_FOLDER,
  COURSE_YAML_MAX_BYTES,
  COURSES_DIR,
  REQUIRED_LESSON_LOCALES,
  courseSchema,
  listCourseFolders,
  parseYamlWithSchema,
  readSourceFile,
  type CourseFile,
} from "./files.server";
import { analyzeLesson, errorAt, type Diagnostic, type LessonAnalysis, type QuizDefinition, type QuizQuestion } from "./analysis.server";
import type { CheckerValue } from "./checker-text";
import { part, say } from "./checker-text.server";

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
    const read = readSourceFile(yamlFile, COURSE_YAML_MAX_BYTES);
    if (!read.ok) {
      diagnostics.push(errorAt(rel(yamlFile), read.rule, read));
      courses.push({ folder, dir: courseDir, course: null, lessons: [] });
      continue;
    }
    const parsed = parseYamlWithSchema(read.text, courseSchema);
    for (const issue of parsed.issues) diagnostics.push(errorAt(rel(yamlFile), "course-metadata", issue));
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
        ...say("courseIdTwice", { id: course.id, folder: ids.get(course.id)! }),
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
        ...say("unlistedFolder", { file: "course.yaml" }),
      });
    }
    const slugs = new Set<string>();
    for (const lessonFolder of course.lessons) {
      const lessonDir = path.join(courseDir, lessonFolder);
      const slug = lessonFolder.replace(/^\d+-/, "");
      if (slugs.has(slug))
        diagnostics.push({ file: rel(yamlFile), line: 1, column: 1, severity: "error", rule: "course-metadata", ...say("lessonIdTwice", { id: slug }) });
      slugs.add(slug);
      if (!fs.existsSync(lessonDir)) {
        diagnostics.push({
          file: rel(yamlFile),
          line: 1,
          column: 1,
          severity: "error",
          rule: "missing-lesson",
          ...say("lessonFolderMissing", { folder: lessonFolder }),
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
              ...say("localeRequired", { locale }),
            });
          }
          continue;
        }
        // The file's size and encoding are checked before it is read as text (a Latin-1 file would be read with "�").
        const read = readSourceFile(file, LESSON_SOURCE_LIMITS.maxBytes);
        if (!read.ok) {
          diagnostics.push(errorAt(rel(file), read.rule, read));
          continue;
        }
        const source = read.text;
        const analysis = analyzeLesson(source, { file: rel(file), lessonDir, courseLessonFolders: course.lessons });
        diagnostics.push(...analysis.diagnostics);
        lesson.locales[locale] = { ...analysis, source, file: rel(file) };
      }
      diagnostics.push(...compareLessonLocales(lesson.locales));
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
  const finding = (f: AnswerBiasFinding) => ({
    course: course.folder,
    locale: fallback,
    observed: f.observed,
    total: f.total,
    expected: Math.round(f.expected),
    p: formatP(f.p),
  });
  return findAnswerBias(questions).map((f) => ({
    file: rel(course.dir),
    line: 1,
    column: 1,
    severity: "warning" as const,
    rule: "quiz-answer-bias",
    ...(f.kind === "position"
      ? say("answerBiasPosition", { ...finding(f), ordinal: ordinal(f.position!), position: f.position! + 1 })
      : say("answerBiasLongest", finding(f))),
  }));
}

type Difference = { said: ReturnType<typeof say>; at: { line: number; column: number } | undefined };

const list = (ids: string[]): CheckerValue => (ids.length ? ids.map((id) => `"${id}"`).join(", ") : part("none"));

/** What differs between two versions of a lesson's quizzes, in words; the first difference of each question only. */
export function quizDifferences(baseName: string, base: LessonAnalysis, otherName: string, other: LessonAnalysis): Difference[] {
  const out: Difference[] = [];
  const at = (node: object | undefined) => (node ? other.positions.get(node) : undefined);
  const byId = (quizzes: QuizDefinition[]) => new Map(quizzes.map((q) => [q.id, q]));
  const baseQuizzes = byId(base.quizzes);
  const otherQuizzes = byId(other.quizzes);
  for (const quiz of base.quizzes)
    if (!otherQuizzes.has(quiz.id)) out.push({ said: say("quizOnlyIn", { id: quiz.id, inFile: baseName, notInFile: otherName }), at: undefined });
  for (const quiz of other.quizzes)
    if (!baseQuizzes.has(quiz.id)) out.push({ said: say("quizOnlyIn", { id: quiz.id, inFile: otherName, notInFile: baseName }), at: at(quiz) });
  const shared = base.quizzes.filter((q) => otherQuizzes.has(q.id)).map((q) => q.id);
  const sharedOther = other.quizzes.filter((q) => baseQuizzes.has(q.id)).map((q) => q.id);
  if (shared.join("\u0000") !== sharedOther.join("\u0000"))
    out.push({
      said: say("quizOrder", { base: list(shared), baseFile: baseName, other: list(sharedOther), otherFile: otherName }),
      at: undefined,
    });

  for (const id of shared) {
    const b = baseQuizzes.get(id)!;
    const o = otherQuizzes.get(id)!;
    const name = part("quizNamed", { id });
    const files = { baseFile: baseName, otherFile: otherName };
    if (b.passMark !== o.passMark)
      out.push({
        said: say("passMarkDiffers", { quiz: name, base: b.passMark ?? part("courseDefault"), other: o.passMark ?? part("courseDefault"), ...files }),
        at: at(o),
      });
    if (b.questions.length !== o.questions.length) {
      out.push({ said: say("questionCountDiffers", { quiz: name, base: b.questions.length, other: o.questions.length, ...files }), at: at(o) });
    }
    const n = Math.min(b.questions.length, o.questions.length);
    for (let i = 0; i < n; i++) {
      const bq = b.questions[i];
      const oq = o.questions[i];
      const question = part("questionOf", { quiz: name, position: i + 1 });
      const where = at(oq) ?? at(o);
      if (bq.id !== oq.id) {
        out.push({ said: say("questionIdDiffers", { question, base: bq.id, other: oq.id, ...files }), at: where });
        continue;
      }
      if (bq.multiple !== oq.multiple) {
        const kind = (q: QuizQuestion) => part(q.multiple ? "kindMultipleChoice" : "kindSingleChoice");
        out.push({ said: say("questionKindDiffers", { question, id: bq.id, base: kind(bq), other: kind(oq), ...files }), at: where });
        continue;
      }
      if (bq.options.length !== oq.options.length) {
        out.push({ said: say("optionCountDiffers", { question, id: bq.id, base: bq.options.length, other: oq.options.length, ...files }), at: where });
        continue;
      }
      const ids = (q: QuizQuestion) => q.options.map((x) => x.id);
      if (ids(bq).join("\u0000") !== ids(oq).join("\u0000")) {
        out.push({ said: say("optionIdsDiffer", { question, id: bq.id, base: list(ids(bq)), other: list(ids(oq)), ...files }), at: where });
        continue;
      }
      const correct = (q: QuizQuestion) => q.options.filter((x) => x.correct).map((x) => x.id);
      if (correct(bq).join("\u0000") !== correct(oq).join("\u0000"))
        out.push({
          said: say("correctDiffers", { question, id: bq.id, base: list(correct(bq)), other: list(correct(oq)), ...files }),
          at: where,
        });
    }
  }
  return out;
}

/**
 * Quizzes and exercises must carry the same ids in every language, so attempts and completion do not depend on the language
 * read. Takes the analyses of one lesson's versions (each with its `file`); the studio can call it on drafts held in memory.
 */
export function compareLessonLocales(locales: Partial<Record<Locale, LessonAnalysis & { file: string }>>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const entries = Object.entries(locales).filter(([, a]) => a && a.tree);
  if (entries.length < 2) return out;
  const [baseLocale, base] = entries[0];
  const baseName = `${baseLocale}.mdx`;
  for (const [locale, analysis] of entries.slice(1)) {
    const name = `${locale}.mdx`;
    const push = (d: Difference, severity: Diagnostic["severity"] = "error") =>
      out.push({ file: analysis!.file, line: d.at?.line ?? 1, column: d.at?.column ?? 1, severity, rule: "locale-mismatch", ...d.said });
    for (const d of quizDifferences(baseName, base!, name, analysis!)) push(d);
    const baseExercises = base!.exercises.map((e) => e.id);
    const exercises = analysis!.exercises.map((e) => e.id);
    for (const id of baseExercises.filter((e) => !exercises.includes(e)))
      push({ said: say("exerciseOnlyIn", { id, inFile: baseName, notInFile: name }), at: undefined });
    for (const id of exercises.filter((e) => !baseExercises.includes(e)))
      push({ said: say("exerciseOnlyIn", { id, inFile: name, notInFile: baseName }), at: undefined });
    if (base!.frontmatter && analysis!.frontmatter && base!.frontmatter.duration !== analysis!.frontmatter.duration) {
      push(
        {
          said: say("durationDiffers", { locale: baseLocale, here: analysis!.frontmatter.duration, base: base!.frontmatter.duration }),
          at: { line: 2, column: 1 },
        },
        "warning",
      );
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
