import fs from "node:fs";
import path from "node:path";
import type { Root, RootContent } from "mdast";
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from "mdast-util-mdx-jsx";
import { toString } from "mdast-util-to-string";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { CONTINUE, SKIP, visitParents } from "unist-util-visit-parents";
import { LESSON_SOURCE_LIMITS, propSpecOf, specOf, TOP_LEVEL_COMPONENTS, type PropSpec } from "~/components/lesson/specs";
import { frontmatterSchema, parseYamlWithSchema, splitFrontmatter, type LessonFrontmatter } from "./files.server";
import { IMAGE_BUDGET_WIDTH, expectedFileKind, fileTypeProblem, formatKilobytes, lessonFileType, svgProblem, type LessonFileKind } from "./file-types";
import { imageDimensions } from "./images.server";
import type { CheckerText, CheckerValue } from "./checker-text";
import { part, say } from "./checker-text.server";

export type Severity = "error" | "warning";
/** `message` is the English text (the command-line checker, logs); `says` the same in any interface language. */
export type Diagnostic = { file: string; line: number; column: number; severity: Severity; rule: string; message: string; says?: CheckerText };

/** An error at a place a reader found (a YAML issue, a file that cannot be decoded), as a diagnostic of `file`. */
export function errorAt(file: string, rule: string, found: { line: number; column: number; message: string; says?: CheckerText }): Diagnostic {
  return { file, line: found.line, column: found.column, severity: "error", rule, message: found.message, says: found.says };
}

export type QuizOption = { id: string; text: string; correct: boolean; explanation: string };
export type QuizQuestion = { id: string; prompt: string; multiple: boolean; options: QuizOption[] };
export type QuizDefinition = { id: string; passMark: number | null; questions: QuizQuestion[] };
export type ExerciseDefinition = { id: string; title: string };

export type LessonAnalysis = {
  diagnostics: Diagnostic[];
  frontmatter: LessonFrontmatter | null;
  quizzes: QuizDefinition[];
  exercises: ExerciseDefinition[];
  tree: Root | null;
  /** Where each quiz and question was written (keyed by the objects above), for messages comparing languages. */
  positions: WeakMap<object, { line: number; column: number }>;
};

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

const parser = unified().use(remarkParse).use(remarkFrontmatter).use(remarkGfm).use(remarkMdx);

export type LessonContext = {
  /** Path shown in messages, e.g. courses/crowdfunding/01-kinds/ar.mdx */
  file: string;
  lessonDir: string;
  /** Lesson folders of the same course, for ../NN-slug links. */
  courseLessonFolders: string[];
};

/** The scheme of an address as a browser reads it (spaces and control characters inside are ignored), or null. */
export function schemeOf(url: string) {
  // eslint-disable-next-line no-control-regex -- browsers drop control characters inside a URL's scheme
  return /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020\u007f]/g, ""))?.[1]?.toLowerCase() ?? null;
}

/** Resolves a file reference written beside the lesson ("./x.pdf" or "x.pdf"); null when it leaves the lesson folder. */
export function resolveLessonFile(lessonDir: string, ref: string) {
  const clean = ref.replace(/^\.\//, "").split(/[?#]/)[0];
  if (!clean || clean.includes("..") || path.isAbsolute(clean) || clean.includes("\\")) return null;
  return path.join(lessonDir, clean);
}

function literalValue(attr: MdxJsxAttribute): { ok: true; value: string | number | boolean } | { ok: false } {
  if (attr.value === null || attr.value === undefined) return { ok: true, value: true };
  if (typeof attr.value === "string") return { ok: true, value: attr.value };
  const program = attr.value.data?.estree;
  const statement = program?.body.length === 1 ? program.body[0] : undefined;
  if (!statement || statement.type !== "ExpressionStatement") return { ok: false };
  const expr = statement.expression;
  if (expr.type === "Literal" && (typeof expr.value === "number" || typeof expr.value === "boolean" || typeof expr.value === "string")) {
    return { ok: true, value: expr.value };
  }
  if (expr.type === "UnaryExpression" && expr.operator === "-" && expr.argument.type === "Literal" && typeof expr.argument.value === "number") {
    return { ok: true, value: -expr.argument.value };
  }
  return { ok: false };
}

/** The widest a lesson image is drawn on a 360 px phone (the page's side margins taken off). */
export const PHONE_IMAGE_WIDTH = 328;
const MIN_SVG_TEXT_PX = 12;

/**
 * The smallest text of an SVG as drawn at `drawnWidth` CSS pixels: its font sizes scaled by drawnWidth / viewBox width.
 * Null when the file holds no sized text (or cannot be read).
 */
export function smallestSvgText(svg: string, drawnWidth: number): number | null {
  const viewBox = /<svg\b[^>]*\bviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)/i.exec(svg);
  const widthAttr = /<svg\b[^>]*\bwidth="([\d.]+)(?:px)?"/i.exec(svg);
  const intrinsic = Number(viewBox?.[1] ?? widthAttr?.[1]);
  if (!intrinsic) return null;
  const sizes = [...svg.matchAll(/font-size(?:="|\s*:\s*)([\d.]+)(?:px)?/g)].map((m) => Number(m[1])).filter((n) => n > 0);
  if (!sizes.length) return null;
  return (Math.min(...sizes) * Math.min(drawnWidth, PHONE_IMAGE_WIDTH)) / intrinsic;
}

type Place = { line: number; column: number };

/** A syntax error of the MDX parser, in the author's terms: what to write instead of a literal { or <. */
function syntaxMessage(reason: string, source: string | undefined): CheckerValue {
  if (source === "micromark-extension-mdx-expression" || /closing brace for `\{`|expression with acorn/.test(reason)) {
    return part("syntaxBrace", { reason, brace: "{", escaped: "\\{", quoted: "`{`", comment: "{/* … */}" });
  }
  if (source === "micromark-extension-mdx-jsx" && /before name|after name|Unexpected character/.test(reason)) {
    return part("syntaxAngle", { reason, sign: "<", escaped: "\\<", entity: "&lt;", quoted: "`<`" });
  }
  return reason;
}

/**
 * Checks one lesson version held in memory (a file, or the studio's editor as the trainer types): every problem it can
 * find, each at its line and column. Never throws: a failure of the checker itself is reported as a diagnostic too.
 */
export function analyzeLesson(source: string, ctx: LessonContext): LessonAnalysis {
  try {
    return analyzeLessonUnsafe(source, ctx);
  } catch (error) {
    return {
      diagnostics: [
        {
          file: ctx.file,
          line: 1,
          column: 1,
          severity: "error",
          rule: "checker",
          ...say("checkerFailed", { reason: String(error instanceof Error ? error.message : error).split("\n")[0] }),
        },
      ],
      frontmatter: null,
      quizzes: [],
      exercises: [],
      tree: null,
      positions: new WeakMap(),
    };
  }
}

function analyzeLessonUnsafe(rawSource: string, ctx: LessonContext): LessonAnalysis {
  const diagnostics: Diagnostic[] = [];
  const positions = new WeakMap<object, Place>();
  const report = (
    node: { position?: { start: { line: number; column: number } } } | null,
    severity: Severity,
    rule: string,
    said: { message: string; says?: CheckerText },
    at?: { line: number; column: number },
  ) =>
    diagnostics.push({
      file: ctx.file,
      line: at?.line ?? node?.position?.start.line ?? 1,
      column: at?.column ?? node?.position?.start.column ?? 1,
      severity,
      rule,
      ...said,
    });
  const nothing = () => ({ diagnostics, frontmatter: null, quizzes: [], exercises: [], tree: null, positions });

  // Size first, before any parsing: a huge paragraph costs the parser and the compiler a thousand times its weight.
  const source = rawSource.replace(/^\uFEFF/, "");
  const bytes = Buffer.byteLength(source, "utf8");
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  if (bytes > LESSON_SOURCE_LIMITS.maxBytes) {
    report(null, "error", "lesson-size", say("lessonTooLarge", { size: kb(bytes), limit: kb(LESSON_SOURCE_LIMITS.maxBytes) }));
    return nothing();
  }
  if (bytes > LESSON_SOURCE_LIMITS.warnBytes) {
    report(null, "warning", "lesson-size", say("lessonLarge", { size: kb(bytes), limit: kb(LESSON_SOURCE_LIMITS.warnBytes) }));
  }
  const replacement = source.indexOf("\uFFFD");
  if (replacement >= 0) {
    const before = source.slice(0, replacement).split("\n");
    report(null, "warning", "encoding", say("lostCharacter", { character: "\uFFFD" }), {
      line: before.length,
      column: before.at(-1)!.length + 1,
    });
  }

  const checkFrontmatter = (yaml: string | null, base: number) => {
    if (yaml === null) {
      report(null, "error", "frontmatter", say("noFrontmatter", { fields: "title, summary, duration, objectives", marker: "---" }), { line: 1, column: 1 });
      return null;
    }
    const parsed = parseYamlWithSchema(yaml, frontmatterSchema, { lineOffset: base });
    for (const issue of parsed.issues)
      report(null, "error", "frontmatter", { message: issue.message, says: issue.says }, { line: issue.line, column: issue.column });
    return parsed.value;
  };

  const quizzes: QuizDefinition[] = [];
  const exercises: ExerciseDefinition[] = [];

  const checkFile = (node: RootContent | JsxElement, ref: string, what: CheckerValue, expected: LessonFileKind | "any" = "any") => {
    const resolved = resolveLessonFile(ctx.lessonDir, ref);
    if (!resolved) return report(node, "error", "missing-asset", say("fileNotBeside", { what, ref, example: "./image.svg" }));
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) return report(node, "error", "missing-asset", say("fileMissing", { what, ref }));
    if (fs.lstatSync(resolved).isSymbolicLink()) return report(node, "error", "missing-asset", say("fileSymlink", { what, ref }));
    // The same list decides what the course-assets route serves: a file refused here would 404 for learners.
    const typeProblem = fileTypeProblem(resolved, expected);
    if (typeProblem) return report(node, "error", "file-type", say("fileTypeWrong", { what, ref, problem: typeProblem }));
    const type = lessonFileType(resolved)!;
    if (type.ext === "svg") {
      const unsafe = svgProblem(fs.readFileSync(resolved, "utf8"));
      if (unsafe) return report(node, "error", "unsafe-svg", say("svgUnsafe", { what, ref, problem: unsafe }));
    }
    const size = fs.statSync(resolved).size;
    const drawn = type.kind === "image" && type.ext !== "svg" ? imageDimensions(resolved) : null;
    if (drawn && drawn.width > IMAGE_BUDGET_WIDTH)
      report(node, "warning", "file-size", say("imageTooWide", { what, ref, width: `${drawn.width} px`, budget: `${IMAGE_BUDGET_WIDTH} px` }));
    if (size > type.maxBytes)
      report(
        node,
        "warning",
        "file-size",
        say("fileTooHeavy", { what, ref, size: formatKilobytes(size), budget: formatKilobytes(type.maxBytes), ext: `.${type.ext}` }),
      );
  };

  /** A file prop: a file beside the lesson or an https:// address; an image only ever a lesson file. */
  const checkFileProp = (node: JsxElement, ref: string, what: CheckerValue, image: boolean, expected: LessonFileKind | "any" = "any") => {
    // eslint-disable-next-line no-control-regex -- browsers drop control characters inside a URL's scheme
    const compact = ref.replace(/[\u0000-\u0020\u007f]/g, "");
    if (/^https:\/\//i.test(compact) && !image) {
      if (!URL.canParse(ref.trim())) report(node, "error", "unsafe-url", say("invalidAddress", { what, ref }));
      return;
    }
    if (/^https?:\/\/|^\/\//i.test(compact) && image)
      return report(node, "error", "third-party-image", say("thirdPartyFileImage", { what, ref, example: "./image.svg" }));
    const scheme = schemeOf(ref);
    if (scheme)
      return report(
        node,
        "error",
        "unsafe-url",
        image
          ? say("schemeNotAllowedImage", { what, ref, scheme: `${scheme}:`, example: "./file.pdf" })
          : say("schemeNotAllowedFile", { what, ref, scheme: `${scheme}:`, example: "./file.pdf", https: "https://" }),
      );
    if (compact.startsWith("//")) return report(node, "error", "unsafe-url", say("addressIncomplete", { what, ref, https: "https://" }));
    checkFile(node, ref, what, expected);
  };

  const checkSvgText = (node: RootContent | JsxElement, ref: string, width: number) => {
    const resolved = resolveLessonFile(ctx.lessonDir, ref);
    if (!resolved || !fs.existsSync(resolved)) return;
    const smallest = smallestSvgText(fs.readFileSync(resolved, "utf8"), width);
    if (smallest !== null && smallest < MIN_SVG_TEXT_PX) {
      report(node, "warning", "svg-text-size", say("svgTextSmall", { ref, size: `${smallest.toFixed(1)} px`, phone: "360 px", min: `${MIN_SVG_TEXT_PX} px` }));
    }
  };

  const checkUrl = (node: RootContent, url: string, what: CheckerValue) => {
    if (/^(https?:|mailto:|tel:)/i.test(url) || url.startsWith("#")) return;
    const scheme = schemeOf(url);
    if (scheme)
      return report(
        node,
        "error",
        "unsafe-url",
        say("schemeNotAllowedLink", { what, ref: url, scheme: `${scheme}:`, list: "https://, mailto:, ../NN-lesson-folder", last: "./file" }),
      );
    if (url.startsWith("../")) {
      const target = url.slice(3).replace(/[/#?].*$/, "");
      if (!ctx.courseLessonFolders.includes(target))
        report(node, "error", "broken-link", say("brokenLessonLink", { what, ref: url, expected: "../NN-lesson-folder" }));
      return;
    }
    if (url.startsWith("/"))
      return report(node, "error", "broken-link", say("absoluteLink", { what, ref: url, lessons: "../NN-lesson-folder", files: "./file", https: "https://" }));
    checkFile(node, url, what);
  };

  const props = (el: JsxElement) => {
    // Prop names come from the lesson: a null-prototype object, so "__proto__" or "constructor" are plain keys.
    const out: Record<string, string | number | boolean> = Object.create(null);
    for (const attr of el.attributes)
      if (attr.type === "mdxJsxAttribute") {
        const lit = literalValue(attr);
        if (lit.ok) out[attr.name] = lit.value;
      }
    return out;
  };

  /** Checks one component; answers whether its content should be walked too (not for unknown ones). */
  const visitElement = (el: JsxElement, ancestors: string[]): boolean => {
    if (!el.name) {
      report(el, "error", "unknown-component", say("fragment", { code: "<>...</>" }));
      return false;
    }
    const spec = specOf(el.name);
    if (!spec) {
      report(el, "error", "unknown-component", say("unknownComponent", { name: `<${el.name}>`, allowed: TOP_LEVEL_COMPONENTS.join(", ") }));
      return false;
    }
    if (spec.parent && ancestors[ancestors.length - 1] !== spec.parent)
      report(el, "error", "misplaced-component", say("mustBeInside", { name: `<${el.name}>`, parent: `<${spec.parent}>` }));
    // Stored HTML is cut around quizzes and exercises, where each learner's answers are joined: they stand alone.
    if ((el.name === "Quiz" || el.name === "Exercise") && (ancestors.length || el.type !== "mdxJsxFlowElement")) {
      report(el, "error", "misplaced-component", say("mustBeTopLevel", { name: `<${el.name}>` }));
    }

    const seen = new Set<string>();
    for (const attr of el.attributes) {
      if (attr.type === "mdxJsxExpressionAttribute") {
        report(el, "error", "no-expression", say("noSpread", { name: `<${el.name}>`, code: "{...}" }));
        continue;
      }
      seen.add(attr.name);
      const propSpec: PropSpec | undefined = propSpecOf(spec, attr.name);
      if (!propSpec) {
        const allowed = Object.keys(spec.props).join(", ");
        report(
          el,
          "error",
          "unknown-prop",
          allowed ? say("unknownProp", { name: `<${el.name}>`, prop: attr.name, allowed }) : say("unknownPropNone", { name: `<${el.name}>`, prop: attr.name }),
        );
        continue;
      }
      const lit = literalValue(attr);
      if (!lit.ok) {
        report(el, "error", "no-expression", say("literalOnly", { name: `<${el.name} ${attr.name}>`, text: '"string"', number: "{240}", boolean: "true" }));
        continue;
      }
      const expected = propSpec.kind === "file" ? "string" : propSpec.kind;
      if (typeof lit.value !== expected) {
        report(
          el,
          "error",
          "prop-type",
          say("propType", {
            name: `<${el.name} ${attr.name}>`,
            kind:
              propSpec.kind === "file"
                ? propSpec.image
                  ? part("kindFileName")
                  : part("kindFileOrHttps", { https: "https://" })
                : part(propSpec.kind === "number" ? "kindNumber" : propSpec.kind === "boolean" ? "kindBoolean" : "kindString"),
          }),
        );
        continue;
      }
      if ("oneOf" in propSpec && propSpec.oneOf && !propSpec.oneOf.includes(String(lit.value))) {
        report(el, "error", "prop-value", say("propOneOf", { name: `<${el.name} ${attr.name}="${lit.value}">`, allowed: propSpec.oneOf.join(", ") }));
      }
      if (propSpec.kind === "file")
        checkFileProp(el, String(lit.value), `<${el.name} ${attr.name}>`, propSpec.image === true, expectedFileKind(el.name, attr.name));
    }
    for (const [name, propSpec] of Object.entries(spec.props)) {
      if (propSpec.required && !seen.has(name)) {
        report(
          el,
          "error",
          name === "alt" ? "missing-alt" : "missing-prop",
          name === "alt" ? say("needsAlt", { name: `<${el.name}>` }) : say("needsProp", { name: `<${el.name}>`, prop: name }),
        );
      }
    }
    const p = props(el);
    if (el.name === "Figure" && typeof p.alt === "string" && !p.alt.trim()) report(el, "error", "missing-alt", say("altEmpty", { name: "<Figure>" }));
    // Width and height may be left out: the compiler reads them from the image, so it needs to be able to.
    if (el.name === "Figure" && typeof p.src === "string" && (typeof p.width !== "number" || typeof p.height !== "number")) {
      const resolved = resolveLessonFile(ctx.lessonDir, p.src);
      if (resolved && fs.existsSync(resolved) && lessonFileType(resolved)?.kind === "image" && !imageDimensions(resolved))
        report(el, "error", "missing-prop", say("figureSizeUnknown", { name: `<Figure src="${p.src}">`, width: "width={…}", height: "height={…}" }));
    }
    if (el.name === "Figure" && typeof p.src === "string" && /\.svg$/i.test(p.src))
      checkSvgText(el, p.src, typeof p.width === "number" ? p.width : PHONE_IMAGE_WIDTH);
    if (el.name === "Video") {
      if (!p.src && !p.youtube) report(el, "error", "missing-prop", say("videoNeedsSource", { name: "<Video>", src: "src", youtube: "youtube" }));
      if (typeof p.youtube === "string" && !/^[A-Za-z0-9_-]{11}$/.test(p.youtube))
        report(el, "error", "prop-value", say("notYoutubeId", { name: `<Video youtube="${p.youtube}">` }));
    }
    if (!spec.children && el.children.length) report(el, "error", "unexpected-children", say("noChildren", { name: `<${el.name}>`, close: "/>" }));
    if (el.name === "Quiz") quizzes.push(readQuiz(el));
    if (el.name === "Exercise") exercises.push({ id: String(p.id ?? ""), title: String(p.title ?? "") });
    return true;
  };

  const readQuiz = (quiz: JsxElement): QuizDefinition => {
    const qp = props(quiz);
    const def: QuizDefinition = { id: String(qp.id ?? ""), passMark: typeof qp.passMark === "number" ? qp.passMark : null, questions: [] };
    if (quiz.position) positions.set(def, quiz.position.start);
    if (typeof qp.passMark === "number" && (qp.passMark < 0 || qp.passMark > 100))
      report(quiz, "error", "quiz", say("passMarkRange", { name: `<Quiz passMark={${qp.passMark}}>` }));
    const questionIds = new Set<string>();
    for (const child of quiz.children) {
      if (child.type === "mdxJsxFlowElement" && child.name === "Question") {
        const q = props(child);
        const question: QuizQuestion = { id: String(q.id ?? ""), prompt: String(q.prompt ?? ""), multiple: q.multiple === true, options: [] };
        if (child.position) positions.set(question, child.position.start);
        if (questionIds.has(question.id)) report(child, "error", "quiz-duplicate-id", say("questionIdTwice", { id: question.id, quiz: def.id }));
        questionIds.add(question.id);
        const optionIds = new Set<string>();
        // Options written on consecutive lines form one paragraph of inline elements: flatten it.
        const items = child.children.flatMap((o): RootContent[] =>
          o.type === "paragraph" ? o.children.filter((c) => !(c.type === "text" && !c.value.trim())) : [o as RootContent],
        );
        for (const optionEl of items) {
          const o = optionEl as RootContent;
          if ((optionEl.type === "mdxJsxFlowElement" || optionEl.type === "mdxJsxTextElement") && optionEl.name === "Option") {
            const op = props(optionEl);
            const option: QuizOption = {
              id: String(op.id ?? ""),
              text: toString(optionEl).trim(),
              correct: op.correct === true,
              explanation: String(op.explanation ?? ""),
            };
            if (optionIds.has(option.id)) report(optionEl, "error", "quiz-duplicate-id", say("optionIdTwice", { id: option.id, question: question.id }));
            optionIds.add(option.id);
            if (!option.text) report(optionEl, "error", "quiz", say("optionNoText", { id: option.id }));
            question.options.push(option);
          } else if (!(o.type === "paragraph" && toString(o).trim() === "")) {
            report(o, "error", "quiz", say("onlyOptions", { option: "<Option>", question: `<Question id="${question.id}">` }));
          }
        }
        const correct = question.options.filter((o) => o.correct).length;
        if (question.options.length < 2) report(child, "error", "quiz", say("questionTwoOptions", { id: question.id }));
        if (question.multiple ? correct < 1 : correct !== 1) {
          report(
            child,
            "error",
            "quiz-correct-count",
            question.multiple ? say("multipleNeedsCorrect", { id: question.id }) : say("singleNeedsOne", { id: question.id, found: correct }),
          );
        }
        def.questions.push(question);
      } else if (!(child.type === "paragraph" && toString(child).trim() === "")) {
        report(child as RootContent, "error", "quiz", say("onlyQuestions", { question: "<Question>", quiz: `<Quiz id="${def.id}">` }));
      }
    }
    if (!def.questions.length) report(quiz, "error", "quiz", say("quizNoQuestions", { id: def.id }));
    return def;
  };

  // One walk over the tree (unist-util-visit-parents); a component's check needs the names of the components around it.
  const walk = (root: Root) =>
    visitParents(root, (node, parents) => {
      switch (node.type) {
        case "mdxjsEsm":
          report(node, "error", "no-import-export", say("noImportExport", { import: "import", export: "export" }));
          return SKIP;
        case "mdxFlowExpression":
        case "mdxTextExpression": {
          // {/* a note for other trainers */}: a comment only, removed at compile time.
          const program = node.data?.estree;
          if (program && program.body.length === 0 && (program.comments?.length ?? 0) > 0 && !/^\s*$/.test(node.value)) return SKIP;
          report(node, "error", "no-expression", say("noExpression", { braces: "{ }", open: "\\{", close: "\\}", comment: "{/* … */}" }));
          return SKIP;
        }
        case "mdxJsxFlowElement":
        case "mdxJsxTextElement": {
          const ancestors = parents.filter((p): p is JsxElement => p.type === "mdxJsxFlowElement" || p.type === "mdxJsxTextElement").map((p) => p.name ?? "");
          return visitElement(node, ancestors) ? CONTINUE : SKIP;
        }
        case "image":
          if (!node.alt?.trim()) report(node, "error", "missing-alt", say("imageNeedsAlt", { ref: node.url, example: `![…](${node.url})` }));
          // Pages allow images from this site only (img-src 'self'): a learner's phone never calls another server.
          if (/^(https?:)?\/\//i.test(node.url)) {
            report(node, "error", "third-party-image", say("thirdPartyImage", { ref: node.url, example: "./image.svg" }));
            return SKIP;
          }
          // A file beside the lesson is checked against the type list as an image; anything else (a scheme, a path) as an address.
          if (node.url.startsWith("../") || node.url.startsWith("/") || schemeOf(node.url)) checkUrl(node, node.url, part("whatImage"));
          else checkFile(node, node.url, part("whatImage"), "image");
          if (/\.svg$/i.test(node.url)) checkSvgText(node, node.url, PHONE_IMAGE_WIDTH);
          return SKIP;
        case "link":
          checkUrl(node, node.url, part("whatLink"));
          return CONTINUE;
        case "definition":
          checkUrl(node, node.url, part("whatLink"));
          return SKIP;
        default:
          return CONTINUE;
      }
    });

  let tree: Root;
  try {
    tree = parser.parse(source) as Root;
  } catch (error) {
    const e = error as {
      line?: number;
      column?: number;
      place?: { line?: number; column?: number; start?: { line: number; column: number } };
      reason?: string;
      message?: string;
      source?: string;
    };
    const place = e.place && "start" in e.place && e.place.start ? e.place.start : e.place;
    const reason = (e.reason ?? e.message ?? String(error)).split("\n")[0];
    // Some parser errors (an unclosed tag) carry their position only inside the message: "(11:1-11:21)".
    const inMessage = /\((\d+):(\d+)-\d+:\d+\)/.exec(reason);
    const at = {
      line: e.line ?? place?.line ?? (inMessage ? Number(inMessage[1]) : 1),
      column: e.column ?? place?.column ?? (inMessage ? Number(inMessage[2]) : 1),
    };
    report(null, "error", "mdx-syntax", say("mdxSyntax", { reason: syntaxMessage(reason.replace(/\s*\(\d+:\d+-\d+:\d+\)$/, ""), e.source) }), at);
    // Everything that does not need the body parsed is still checked: the frontmatter, and the lines before the error.
    const split = splitFrontmatter(source);
    const frontmatter = checkFrontmatter(split.frontmatter, 1);
    const lines = source.split("\n");
    if (at.line > split.bodyLine) {
      try {
        const before = parser.parse(lines.slice(0, at.line - 1).join("\n")) as Root;
        walk(before);
      } catch {
        // The lines before the error do not stand alone (an element opened earlier closes after it): nothing more to say.
      }
    }
    quizzes.length = 0;
    exercises.length = 0;
    return { diagnostics, frontmatter, quizzes: [], exercises: [], tree: null, positions };
  }

  // Frontmatter
  const yamlNode = tree.children.find((n) => n.type === "yaml");
  const frontmatter = yamlNode && yamlNode.type === "yaml" ? checkFrontmatter(yamlNode.value, yamlNode.position!.start.line) : checkFrontmatter(null, 1);

  walk(tree);

  const seenQuiz = new Set<string>();
  for (const q of quizzes) {
    if (seenQuiz.has(q.id)) report(null, "error", "quiz-duplicate-id", say("quizIdTwice", { id: q.id }));
    seenQuiz.add(q.id);
  }
  const seenExercise = new Set<string>();
  for (const e of exercises) {
    if (seenExercise.has(e.id)) report(null, "error", "duplicate-id", say("exerciseIdTwice", { id: e.id }));
    seenExercise.add(e.id);
  }
  return { diagnostics, frontmatter, quizzes, exercises, tree, positions };
}
