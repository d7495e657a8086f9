import fs from "node:fs";
import path from "node:path";
import { env } from "~/utils/env.server";
import { parse as parseYaml, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { LOCALES, type Locale } from "../../../db/schema";

export const COURSES_DIR = path.resolve(env.COURSES_DIR ?? path.join(process.cwd(), "courses"));

export const COURSE_CATEGORIES = ["communication", "proposal-writing", "crowdfunding", "it-training"] as const;
export const REQUIRED_LESSON_LOCALES: Locale[] = ["ar", "fr"];
/** The folder beside course.yaml that holds the pre-/post-test (not a lesson). */
export const ASSESSMENT_FOLDER = "assessment";

const localized = (min = 1, max = 2000) =>
  z.object({ ar: z.string().min(min).max(max), fr: z.string().min(min).max(max), en: z.string().min(min).max(max).optional() });

export const courseSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case words joined by hyphens"),
  category: z.enum(COURSE_CATEGORIES),
  rhythm: z.enum(["quarterly", "monthly"]),
  hours: z.number().int().positive().max(500),
  passMark: z.number().int().min(0).max(100),
  fallbackLocale: z.enum(LOCALES).default("ar"),
  title: localized(1, 200),
  summary: localized(1, 2000),
  certificate: z.object({
    issuer: z.string().min(1),
    coIssuer: z.string().min(1).nullable().optional(),
    /** Issue the certificate as soon as a learner completes the course. */
    autoIssue: z.boolean().default(false),
    /** ar, fr, or ar-fr (bilingual). */
    language: z.enum(["ar", "fr", "ar-fr"]).default("ar-fr"),
  }),
  /** The course is complete when all lessons are complete, all quizzes passed and all exercises accepted, unless relaxed here. */
  completion: z
    .object({ requireQuizzes: z.boolean().default(true), requireExercises: z.boolean().default(true) })
    .default({ requireQuizzes: true, requireExercises: true }),
  lessons: z.array(z.string().regex(/^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/, "lesson folders are named NN-slug")).min(1),
  /**
   * A knowledge test before the first lesson and after the last one (learning gain): the ids of two <Quiz> of
   * assessment/{ar,fr}.mdx beside course.yaml — or the same id twice, for one bank asked before and after.
   */
  assessment: z
    .object({ pre: z.string().min(1).max(100), post: z.string().min(1).max(100) })
    .strict()
    .optional(),
});
export type CourseFile = z.infer<typeof courseSchema>;

export const frontmatterSchema = z.object({
  title: z.string().min(1).max(200),
  summary: z.string().min(1).max(600),
  duration: z.number().int().positive().max(600),
  objectives: z.array(z.string().min(1).max(300)).min(1).max(12),
});
export type LessonFrontmatter = z.infer<typeof frontmatterSchema>;

export function lessonSlug(folder: string) {
  return folder.replace(/^\d+-/, "");
}

export function listCourseFolders(dir = COURSES_DIR) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "course.yaml")))
    .map((d) => d.name)
    .sort();
}

export type YamlIssue = { line: number; column: number; message: string };

/** Parses YAML and locates each schema problem at its line and column. */
export function parseYamlWithSchema<S extends z.ZodTypeAny>(source: string, schema: S): { value: z.output<S> | null; issues: YamlIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true });
  if (doc.errors.length) {
    return {
      value: null,
      issues: doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1, message: e.message.split("\n")[0] })),
    };
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return { value: parsed.data, issues: [] };
  return {
    value: null,
    issues: parsed.error.issues.map((issue) => {
      const node = doc.getIn(issue.path, true) as { range?: [number, number] } | undefined;
      const parent = issue.path.length > 1 ? (doc.getIn(issue.path.slice(0, -1), true) as { range?: [number, number] } | undefined) : undefined;
      const offset = node?.range?.[0] ?? parent?.range?.[0] ?? 0;
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col, message: `${issue.path.join(".") || "(root)"}: ${issue.message}` };
    }),
  };
}

/** Splits `---` frontmatter from an MDX source; `bodyLine` is the 1-based line where the body starts. */
export function splitFrontmatter(source: string) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { frontmatter: null as string | null, body: source, bodyLine: 1 };
  const bodyLine = match[0].split("\n").length - (match[0].endsWith("\n") ? 1 : 0) + 1;
  return { frontmatter: match[1], body: source.slice(match[0].length), bodyLine };
}

export { parseYaml };
