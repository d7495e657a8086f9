import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Root, RootContent } from "mdast";
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from "mdast-util-mdx-jsx";
import remarkGfm from "remark-gfm";
import { frenchTypography } from "./french-typography";
import { LESSON_COMPILER_VERSION, LESSON_SOURCE_LIMITS, propSpecOf, specOf } from "~/components/lesson/specs";
import type { Locale } from "../../../db/schema";
import type { RenderedLesson } from "~/components/lesson/context";
import { renderLesson } from "./lesson-html.server";
import { imageDimensions } from "./images.server";
import { analyzeLesson, errorAt, resolveLessonFile, type Diagnostic, type ExerciseDefinition, type QuizDefinition } from "./analysis.server";
import { decodeSource, tooLargeToRead } from "./files.server";
import { say } from "./checker-text.server";

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
export function lessonAssets(dir: string) {
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

/**
 * The lesson's source and files, hashed. A source that is too large (never read whole) or not UTF-8 comes back with its
 * `problem` and an empty source, so the version is recorded as failing without being parsed.
 */
export function readLessonForCompile(
  src: LessonSource,
): { file: string; source: string; assets: ReturnType<typeof lessonAssets>; hash: string; problem?: Diagnostic } | null {
  const file = lessonFileOf(src);
  if (!fs.existsSync(file)) return null;
  const assets = lessonAssets(lessonDirOf(src));
  const relFile = path.relative(process.cwd(), file);
  const stat = fs.statSync(file);
  if (stat.size > LESSON_SOURCE_LIMITS.maxBytes) {
    const refused = tooLargeToRead(stat.size, LESSON_SOURCE_LIMITS.maxBytes);
    const problem = errorAt(relFile, refused.rule, refused);
    return { file, source: "", assets, hash: hashLesson(`too-large:${stat.size}:${stat.mtimeMs}`, assets), problem };
  }
  const bytes = fs.readFileSync(file);
  const decoded = decodeSource(bytes);
  if (!decoded.ok) {
    const problem = errorAt(relFile, decoded.rule, decoded);
    return { file, source: "", assets, hash: hashLesson(createHash("sha256").update(bytes).digest("hex"), assets), problem };
  }
  return { file, source: decoded.text, assets, hash: hashLesson(decoded.text, assets) };
}

export type CompiledLesson = {
  hash: string;
  code: string;
  /** The lesson's HTML, rendered once per interface language with markers cut out where the learner's parts go. */
  rendered: RenderedLesson;
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

/** The string of an attribute written as {"..."}, or null for any other expression. */
function stringLiteralOf(value: { data?: { estree?: { body: unknown[] } | null } }): string | null {
  const statement =
    value.data?.estree?.body.length === 1 ? (value.data.estree.body[0] as { type: string; expression?: { type: string; value?: unknown } }) : null;
  const expr = statement?.type === "ExpressionStatement" ? statement.expression : undefined;
  return expr?.type === "Literal" && typeof expr.value === "string" ? expr.value : null;
}

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
  const isolate = src.locale === "ar" ? isolateLeftToRight : null;
  const typedProps = new Set(["title", "prompt", "caption", "alt"]);
  const isComment = (node: RootContent) => (node.type === "mdxFlowExpression" || node.type === "mdxTextExpression") && !node.data?.estree?.body.length;

  return () => (tree: Root) => {
    const visit = (node: RootContent | Root) => {
      // {/* comments */} are the author's notes: removed here, never in the compiled code or the page.
      if ("children" in node) (node as { children: RootContent[] }).children = (node.children as RootContent[]).filter((c) => !isComment(c));
      if (node.type === "text") node.value = typography(node.value);
      if (node.type === "link" || node.type === "image" || node.type === "definition") node.url = rewriteUrl(node.url);
      if (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") {
        const el = node as JsxElement;
        const spec = el.name ? specOf(el.name) : undefined;
        if (el.name === "Option") {
          el.attributes = el.attributes.filter((a) => !(a.type === "mdxJsxAttribute" && (a.name === "correct" || a.name === "explanation")));
        }
        if (spec) {
          if (el.name === "Figure") fillFigureSize(el, lessonDirOf(src));
          const extra: MdxJsxAttribute[] = [];
          for (const attr of el.attributes) {
            if (attr.type !== "mdxJsxAttribute") continue;
            // file={"./plan.pdf"} is the same as file="./plan.pdf": rewritten like it (never left for the page as written).
            const literal = typeof attr.value === "object" && attr.value ? stringLiteralOf(attr.value) : null;
            if (literal !== null) attr.value = literal;
            if (typeof attr.value !== "string") continue;
            if (typedProps.has(attr.name)) attr.value = typography(attr.value);
            const propSpec = propSpecOf(spec, attr.name);
            if (propSpec?.kind === "file" && !propSpec.image && /^https:\/\//i.test(attr.value.trim())) {
              attr.value = attr.value.trim();
            } else if (propSpec?.kind === "file") {
              const asset = byName.get(attr.value.replace(/^\.\//, ""));
              if (asset && (attr.name === "file" || attr.name === "src")) extra.push(stringAttr(`${attr.name}Size`, String(asset.size)));
              attr.value = assetUrl(attr.value);
            }
          }
          el.attributes.push(...extra);
        }
      }
      if ("children" in node) {
        for (const child of node.children as RootContent[]) visit(child);
        if (isolate)
          (node as { children: RootContent[] }).children = (node.children as RootContent[]).flatMap((child) =>
            child.type === "text" ? isolate(child.value) : [child],
          );
      }
    };
    visit(tree);
  };
}

/** A numeric prop as written ({360}); null when absent or not a plain number. */
function numberProp(el: JsxElement, name: string): number | null {
  const attr = el.attributes.find((a): a is MdxJsxAttribute => a.type === "mdxJsxAttribute" && a.name === name);
  if (!attr || attr.value === null || attr.value === undefined) return null;
  const raw = typeof attr.value === "string" ? attr.value : attr.value.value;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * A Figure whose author left out width or height gets them from the image itself (image-size), so the browser
 * reserves the right box before the image arrives and the text does not jump. Given only one, the other follows the
 * image's proportions.
 */
function fillFigureSize(el: JsxElement, lessonDir: string) {
  const width = numberProp(el, "width");
  const height = numberProp(el, "height");
  if (width !== null && height !== null) return;
  const srcAttr = el.attributes.find((a): a is MdxJsxAttribute => a.type === "mdxJsxAttribute" && a.name === "src");
  const file = typeof srcAttr?.value === "string" ? resolveLessonFile(lessonDir, srcAttr.value) : null;
  const size = file ? imageDimensions(file) : null;
  if (!size) return;
  const w = width ?? (height !== null ? Math.round((height * size.width) / size.height) : size.width);
  const h = height ?? Math.round((w * size.height) / size.width);
  el.attributes = el.attributes.filter((a) => !(a.type === "mdxJsxAttribute" && (a.name === "width" || a.name === "height")));
  el.attributes.push({ type: "mdxJsxAttribute", name: "width", value: String(w) }, { type: "mdxJsxAttribute", name: "height", value: String(h) });
}

/**
 * Left-to-right fragments inside Arabic text — formulas (=SUM(C2:C5)), dates (2026-11-27, 27/11/2026), periods
 * (2026-Q4), file names (budget.xlsx), email addresses — each wrapped in <Ltr> at compile time, so the bidi algorithm
 * neither moves their signs ("SUM(C2:C5)=") nor reorders their parts.
 */
const LTR_FRAGMENT =
  /(=[A-Za-z0-9$][^\s\u0600-\u06FF\u060C\u061B«»]*[^\s\u0600-\u06FF\u060C\u061B«».,;:!?]|=[A-Za-z0-9]|\b\d{4}-(?:Q[1-4]|\d{2}(?:-\d{2})?)\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|[A-Za-z0-9][\w.+-]*@[\w-]+(?:\.[\w-]+)+|\b[\w-]+\.(?:xlsx|xls|docx|doc|pdf|odt|ods|csv|pptx|png|jpe?g|svg|txt|zip)\b)/g;

export function isolateLeftToRight(text: string): RootContent[] {
  const out: RootContent[] = [];
  let last = 0;
  for (const m of text.matchAll(LTR_FRAGMENT)) {
    if (m.index > last) out.push({ type: "text", value: text.slice(last, m.index) });
    out.push({ type: "mdxJsxTextElement", name: "Ltr", attributes: [], children: [{ type: "text", value: m[0] }] } as MdxJsxTextElement);
    last = m.index + m[0].length;
  }
  if (!out.length) return [{ type: "text", value: text }];
  if (last < text.length) out.push({ type: "text", value: text.slice(last) });
  return out;
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
  if (!read) throw new LessonCompileError([{ file: lessonFileOf(src), line: 1, column: 1, severity: "error", rule: "missing-locale", ...say("fileNotFound") }]);
  const relFile = path.relative(process.cwd(), read.file);
  if (read.problem) throw new LessonCompileError([read.problem]);
  const analysis = analyzeLesson(read.source, { file: relFile, lessonDir: lessonDirOf(src), courseLessonFolders: src.courseLessonFolders });
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !analysis.frontmatter) throw new LessonCompileError(errors);

  // esbuild is heavy: loaded on first compile only, so a server that finds everything compiled never loads it.
  const { bundleMDX } = await import("mdx-bundler");
  compileCount += 1;
  let code: string;
  let meta: { quizzes: QuizDefinition[]; frontmatter: NonNullable<typeof analysis.frontmatter> };
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
        options.legalComments = "none";
        return options;
      },
    });
    const quizzes = src.locale === "fr" ? analysis.quizzes.map(frenchQuiz) : analysis.quizzes;
    code = result.code;
    // The frontmatter is shown on the page too (title, summary, objectives): the same French spaces as the body.
    const fm = analysis.frontmatter;
    const frontmatter =
      src.locale === "fr"
        ? { ...fm, title: frenchTypography(fm.title), summary: frenchTypography(fm.summary), objectives: fm.objectives.map(frenchTypography) }
        : fm;
    meta = { quizzes, frontmatter };
  } catch (error) {
    const e = error as { message?: string; errors?: { text: string; location?: { line: number; column: number } }[] };
    const first = e.errors?.[0];
    throw new LessonCompileError([
      {
        file: relFile,
        line: first?.location?.line ?? 1,
        column: (first?.location?.column ?? 0) + 1,
        severity: "error",
        rule: "compile",
        ...say("compileFailed", { reason: (first?.text ?? e.message ?? String(error)).split("\n")[0] }),
      },
    ]);
  }
  // Evaluated here, on the server, once per version: never in the browser, never per request.
  let rendered: RenderedLesson;
  try {
    rendered = renderLesson(code);
  } catch (error) {
    throw new LessonCompileError([
      {
        file: relFile,
        line: 1,
        column: 1,
        severity: "error",
        rule: "render",
        ...say("renderFailed", { reason: (error instanceof Error ? error.message : String(error)).split("\n")[0] }),
      },
    ]);
  }
  return { hash: read.hash, code, rendered, frontmatter: meta.frontmatter, quizzes: meta.quizzes, exercises: analysis.exercises };
}

export { resolveLessonFile };
