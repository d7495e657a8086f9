import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Root, RootContent } from "mdast";
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from "mdast-util-mdx-jsx";
import remarkGfm from "remark-gfm";
import { frenchTypography } from "./french-typography";
import { LESSON_COMPILER_VERSION, propSpecOf, specOf } from "~/components/lesson/specs";
import type { Locale } from "../../db/schema";
import { analyzeLesson, resolveLessonFile, type Diagnostic, type ExerciseDefinition, type QuizDefinition } from "./lesson-analysis.server";

export type LessonSource = {
  courseId: string;
  courseFolder: string;
  lessonSlug: string;
  lessonFolder: string;
  courseLessonFolders: string[];
  locale: Locale;
  coursesDir: string;
};

export function lessonDirOf(src: Pick<LessonSource, "coursesDir" | "courseFolder" | "lessonFolder">) {
  return path.join(src.coursesDir, src.courseFolder, src.lessonFolder);
}

export function lessonFileOf(src: LessonSource) {
  return path.join(lessonDirOf(src), `${src.locale}.mdx`);
}

/** Files beside the lesson other than its MDX versions, with a content hash each. */
function lessonAssets(dir: string) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.endsWith(".mdx"))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const content = fs.readFileSync(path.join(dir, name));
      return { name, size: content.length, hash: createHash("sha256").update(content).digest("hex") };
    });
}

/** A cheap fingerprint (names, sizes, mtimes) that tells whether the hash must be recomputed. */
export function lessonSignature(src: LessonSource) {
  const dir = lessonDirOf(src);
  try {
    const parts = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && (d.name === `${src.locale}.mdx` || !d.name.endsWith(".mdx")))
      .map((d) => {
        const s = fs.statSync(path.join(dir, d.name));
        return `${d.name}:${s.size}:${s.mtimeMs}`;
      })
      .sort();
    return parts.join("|");
  } catch {
    return null;
  }
}

export function hashLesson(source: string, assets: { name: string; hash: string }[]) {
  const h = createHash("sha256");
  h.update(`compiler:${LESSON_COMPILER_VERSION}\n`);
  h.update(source);
  for (const a of assets) h.update(`\nasset:${a.name}:${a.hash}`);
  return h.digest("hex");
}

export function readLessonForCompile(src: LessonSource) {
  const file = lessonFileOf(src);
  if (!fs.existsSync(file)) return null;
  const source = fs.readFileSync(file, "utf8");
  const assets = lessonAssets(lessonDirOf(src));
  return { file, source, assets, hash: hashLesson(source, assets) };
}

export type CompiledLesson = {
  hash: string;
  code: string;
  frontmatter: { title: string; summary: string; duration: number; objectives: string[] };
  quizzes: QuizDefinition[];
  exercises: ExerciseDefinition[];
};

export class LessonCompileError extends Error {
  constructor(public readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join("\n"));
  }
}

let compileCount = 0;
/** How many lessons this process compiled: a restart over an unchanged tree must leave it at 0. */
export function getCompileCount() {
  return compileCount;
}

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** Rewrites what the browser needs (asset URLs, lesson links) and removes what it must not see (quiz answers). */
function remarkLessonTransform(options: { src: LessonSource; assets: { name: string; size: number; hash: string }[] }) {
  const { src, assets } = options;
  const byName = new Map(assets.map((a) => [a.name, a]));
  const assetUrl = (ref: string) => {
    const name = ref.replace(/^\.\//, "");
    const asset = byName.get(name);
    return `/course-assets/${src.courseId}/${src.lessonSlug}/${encodeURIComponent(name)}${asset ? `?v=${asset.hash.slice(0, 12)}` : ""}`;
  };
  const rewriteUrl = (url: string) => {
    if (/^(https?:|mailto:|tel:|#)/i.test(url)) return url;
    if (url.startsWith("../")) {
      const [folder, ...rest] = url.slice(3).split(/(?=[#?])/);
      const slug = folder.replace(/\/$/, "").replace(/^\d+-/, "");
      return `/courses/${src.courseId}/${slug}${rest.join("")}`;
    }
    return assetUrl(url);
  };
  const stringAttr = (name: string, value: string): MdxJsxAttribute => ({ type: "mdxJsxAttribute", name, value });

  const typography = src.locale === "fr" ? frenchTypography : (text: string) => text;
  const typedProps = new Set(["title", "prompt", "caption", "alt"]);

  return () => (tree: Root) => {
    const visit = (node: RootContent | Root) => {
      if (node.type === "text") node.value = typography(node.value);
      if (node.type === "link" || node.type === "image" || node.type === "definition") node.url = rewriteUrl(node.url);
      if (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") {
        const el = node as JsxElement;
        const spec = el.name ? specOf(el.name) : undefined;
        if (el.name === "Option") {
          el.attributes = el.attributes.filter((a) => !(a.type === "mdxJsxAttribute" && (a.name === "correct" || a.name === "explanation")));
        }
        if (spec) {
          const extra: MdxJsxAttribute[] = [];
          for (const attr of el.attributes) {
            if (attr.type !== "mdxJsxAttribute" || typeof attr.value !== "string") continue;
            if (typedProps.has(attr.name)) attr.value = typography(attr.value);
            if (propSpecOf(spec, attr.name)?.kind === "file") {
              const asset = byName.get(attr.value.replace(/^\.\//, ""));
              if (asset && (attr.name === "file" || attr.name === "src")) extra.push(stringAttr(`${attr.name}Size`, String(asset.size)));
              attr.value = assetUrl(attr.value);
            }
          }
          el.attributes.push(...extra);
        }
      }
      if ("children" in node) for (const child of node.children as RootContent[]) visit(child);
    };
    visit(tree);
  };
}

/** Quiz texts are shown from the stored definition after a submission: same typography as the lesson body. */
function frenchQuiz(quiz: QuizDefinition): QuizDefinition {
  return {
    ...quiz,
    questions: quiz.questions.map((q) => ({
      ...q,
      prompt: frenchTypography(q.prompt),
      options: q.options.map((o) => ({ ...o, text: frenchTypography(o.text), explanation: frenchTypography(o.explanation) })),
    })),
  };
}

/** Checks then compiles one lesson version with mdx-bundler. Throws LessonCompileError with file:line:column on any authoring error. */
export async function compileLesson(src: LessonSource, read = readLessonForCompile(src)): Promise<CompiledLesson> {
  if (!read) throw new LessonCompileError([{ file: lessonFileOf(src), line: 1, column: 1, severity: "error", rule: "missing-locale", message: "file not found" }]);
  const relFile = path.relative(process.cwd(), read.file);
  const analysis = analyzeLesson(read.source, { file: relFile, lessonDir: lessonDirOf(src), courseLessonFolders: src.courseLessonFolders });
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !analysis.frontmatter) throw new LessonCompileError(errors);

  // esbuild is heavy: loaded on first compile only, so a server that finds everything compiled never loads it.
  const { bundleMDX } = await import("mdx-bundler");
  compileCount += 1;
  try {
    const result = await bundleMDX({
      source: read.source,
      cwd: lessonDirOf(src),
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm, remarkLessonTransform({ src, assets: read.assets })];
        return options;
      },
      esbuildOptions(options) {
        options.minify = true;
        options.target = ["es2020"];
        // Keep Arabic as UTF-8: escaped as \uXXXX it would weigh six times more on the wire.
        options.charset = "utf8";
        return options;
      },
    });
    const quizzes = src.locale === "fr" ? analysis.quizzes.map(frenchQuiz) : analysis.quizzes;
    return { hash: read.hash, code: result.code, frontmatter: analysis.frontmatter, quizzes, exercises: analysis.exercises };
  } catch (error) {
    const e = error as { message?: string; errors?: { text: string; location?: { line: number; column: number } }[] };
    const first = e.errors?.[0];
    throw new LessonCompileError([
      { file: relFile, line: first?.location?.line ?? 1, column: (first?.location?.column ?? 0) + 1, severity: "error", rule: "compile", message: (first?.text ?? e.message ?? String(error)).split("\n")[0] },
    ]);
  }
}

export { resolveLessonFile };
