import fs from "node:fs";
import path from "node:path";
import { createInstance, type TFunction } from "i18next";
import { afterAll, describe, expect, it } from "vitest";
import en from "~/locales/en/common.json";
import { analyzeLesson, errorAt, type Diagnostic } from "~/models/course/analysis.server";
import { checkCourses, compareLessonLocales } from "~/models/course/check.server";
import { translateChecker, type CheckerText } from "~/models/course/checker-text";
import { english } from "~/models/course/checker-text.server";
import { fileTypeProblem, svgProblem } from "~/models/course/file-types";
import { courseSchema, decodeSource, parseYamlWithSchema, readSourceFile } from "~/models/course/files.server";
import { resources } from "~/utils/i18n.server";
import { i18nConfig } from "~/utils/i18n";

// The checker speaks to trainers in the studio, who read Arabic or French: every message it writes carries a key and
// values (`says`), which the studio translates. Here the checker is run over lessons with as many kinds of problem as
// can be written, and every message is read in Arabic and in French as the studio shows it.

const root = path.resolve(import.meta.dirname, "../..");
fs.mkdirSync(path.join(root, "tests/.tmp"), { recursive: true });
const tmp = fs.mkdtempSync(path.join(root, "tests/.tmp/checker-languages-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FM = "---\ntitle: T\nsummary: S\nduration: 5\nobjectives:\n  - o\n---\n\n";
const lessonDir = path.join(tmp, "01-x");
fs.mkdirSync(lessonDir, { recursive: true });
fs.writeFileSync(path.join(lessonDir, "anim.gif"), "GIF89a");
fs.writeFileSync(path.join(lessonDir, "plan.pdf"), "%PDF-1.4\n");
fs.writeFileSync(path.join(lessonDir, "tool.exe"), "MZ");
fs.writeFileSync(path.join(lessonDir, "evil.svg"), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
fs.writeFileSync(path.join(lessonDir, "tiny.svg"), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2000 100"><text font-size="20">x</text></svg>');
fs.writeFileSync(path.join(lessonDir, "big.pdf"), Buffer.alloc(6 * 1024 * 1024, 32));
fs.symlinkSync(path.join(lessonDir, "plan.pdf"), path.join(lessonDir, "link.pdf"));
const ctx = { file: "c/01-x/ar.mdx", lessonDir, courseLessonFolders: ["01-x"] };

const LESSONS = [
  `${FM}<>fragment</>\n\n<Quizz />\n\n<Option id="a">x</Option>\n\n<Callout {...x}>t</Callout>\n\n<Callout kind="tip">t</Callout>\n`,
  `${FM}<Callout type={1 + 1}>t</Callout>\n\n<Figure src={240} alt="a" />\n\n<Callout type="oops">t</Callout>\n\n<Figure />\n`,
  `${FM}<Figure src="./plan.pdf" alt="" />\n\n<Video />\n\n<Video youtube="nope" />\n\n<Download file="./plan.pdf">x</Download>\n`,
  `${FM}<Quiz id="q" passMark={150}>\n<Question id="a" prompt="p">\n<Option id="x" correct>o</Option>\n<Option id="x"></Option>\nstray text\n</Question>\n<Question id="a" prompt="p" multiple>\n<Option id="y">o</Option>\n</Question>\n<Callout>t</Callout>\n</Quiz>\n\n<Quiz id="q" />\n\n<Exercise id="e" title="t" />\n\n<Exercise id="e" title="t" />\n`,
  `${FM}import x from "y"\n\nText {1 + 1}.\n\n![](./missing.png)\n\n![a](https://example.com/x.png)\n\n![a](./anim.gif)\n\n![a](./evil.svg)\n\n![a](./tiny.svg)\n`,
  `${FM}[a](javascript:alert(1)) [b](../99-none) [c](/abs) [d](./nope.pdf) [e](./link.pdf)\n\n<Download file="//cdn.example/x.pdf">x</Download>\n\n<Download file="data:x">x</Download>\n\n<Figure src="https://x.example/a.png" alt="a" />\n\n<Figure src="ftp://x" alt="a" />\n\n<Download file="https://exa mple.com">x</Download>\n\n<Download file="./big.pdf">x</Download>\n\n<Download file="./plan">x</Download>\n`,
  `${FM}A { brace.\n`,
  `${FM}A <3 sign.\n`,
  `---\ntitle: Le budget : les bases\n---\n\nx\n`,
  `---\nsummary: s\n---\n\nx\n`,
  `no frontmatter \uFFFD\n`,
  `${FM}<Quiz id="n">\n</Quiz>\n`,
  `${FM}<Download file="x/../../y.pdf">x</Download>\n\n<Download file="./tool.exe">x</Download>\n\n<Steps kind="x">t</Steps>\n\n<Download file={1}>x</Download>\n\n<Callout type={1}>t</Callout>\n\n<Figure src="./a.png" alt="a" width="w" />\n\nSome text <Exercise id="e9" title="t" /> inside.\n`,
  `---\ntitle: [unclosed\n---\n\nx\n`,
  `---\ntitle: t\n---\n\nx\n`,
  `---\ntitle: t\nsummary: s\nduration: 0\nobjectives: []\n---\n\nx\n`,
  `---\ntitle: ""\nsummary: s\nduration: 700\nobjectives:\n  - o\n---\n\nx\n`,
  `---\ntitle: a\ntitle: b\n---\n\nx\n`,
  `---\ntitle: ${"t".repeat(201)}\nsummary: s\nduration: 5\nobjectives:\n${"  - o\n".repeat(13)}---\n\nx\n`,
];

/** A course.yaml with most of its fields wrong. */
const BAD_COURSE = `id: Bad_Id
category: cooking
rhythm: quarterly
hours: 501
passMark: -1
title:
  ar: ""
  fr: Cours
summary:
  ar: s
  fr: s
certificate:
  issuer: centre
lessons:
  - first
`;

function collect(): Diagnostic[] {
  const out: Diagnostic[] = [];
  out.push(...checkCourses(path.join(root, "tests/fixtures/courses-broken")).diagnostics);
  for (const issue of parseYamlWithSchema(BAD_COURSE, courseSchema).issues) out.push(errorAt("course.yaml", "course-metadata", issue));
  for (const source of LESSONS) out.push(...analyzeLesson(source, ctx).diagnostics);
  out.push(...analyzeLesson(`${FM}${"Une phrase. ".repeat(14_000)}\n`, ctx).diagnostics);
  out.push(...analyzeLesson(`${FM}${"x".repeat(1024 * 1024 + 1)}\n`, ctx).diagnostics);
  // Two languages of one lesson that disagree on their quizzes, question by question.
  const quiz = (id: string, body: string) => `<Quiz id="${id}">\n${body}\n</Quiz>\n\n`;
  const q = (id: string, opts: string, multiple = false) => `<Question id="${id}" prompt="p"${multiple ? " multiple" : ""}>\n${opts}\n</Question>`;
  const ab = `<Option id="a" correct>a</Option>\n<Option id="b">b</Option>`;
  const base = analyzeLesson(
    `${FM}${quiz("one", `${q("q1", ab)}\n${q("q2", ab)}\n${q("q3", ab)}\n${q("q4", ab)}\n${q("q5", ab)}`)}${quiz("two", q("q1", ab))}${quiz("gone", q("q1", ab))}<Exercise id="e1" title="t" />\n`,
    ctx,
  );
  const other = analyzeLesson(
    `---\ntitle: T\nsummary: S\nduration: 9\nobjectives:\n  - o\n---\n\n${quiz("two", q("q1", ab))}<Quiz id="one" passMark={90}>\n${q("x1", ab)}\n${q("q2", `<Option id="a" correct>a</Option>\n<Option id="b" correct>b</Option>`, true)}\n${q("q3", `${ab}\n<Option id="c">c</Option>`)}\n${q("q4", `<Option id="a" correct>a</Option>\n<Option id="z">z</Option>`)}\n${q("q5", `<Option id="a">a</Option>\n<Option id="b" correct>b</Option>`)}\n${q("q6", ab)}\n</Quiz>\n\n${quiz("new", q("q1", ab))}<Exercise id="e2" title="t" />\n`,
    ctx,
  );
  out.push(...compareLessonLocales({ ar: { ...base, file: "c/01-x/ar.mdx" }, fr: { ...other, file: "c/01-x/fr.mdx" } }));
  // Files that are not text, or too large to read.
  for (const bytes of [Buffer.from([0x61, 0xe8, 0x62]), Buffer.from([0x61, 0x80]), Buffer.from("a\u0000b")]) {
    const decoded = decodeSource(bytes);
    if (!decoded.ok) out.push(errorAt("f", decoded.rule, decoded));
  }
  const read = readSourceFile(path.join(lessonDir, "big.pdf"), 1024);
  if (!read.ok) out.push(errorAt("f", read.rule, read));
  return out;
}

function translator(locale: "ar" | "fr"): { t: TFunction; exists: (key: string) => boolean } {
  const instance = createInstance();
  void instance.init({ ...i18nConfig, lng: locale, resources, initImmediate: false });
  const t = instance.getFixedT(locale, "common");
  return { t, exists: (key) => instance.exists(key, { ns: "common", lng: locale }) };
}

/** Every key a checker text holds, nested parts included. */
function keysOf(text: CheckerText): string[] {
  return [text.key, ...Object.values(text.values ?? {}).flatMap((v) => (typeof v === "object" ? keysOf(v) : []))];
}

const diagnostics = collect();

describe("the checker in the trainer's language", () => {
  it("gives every message a key and values, whose English is the message itself", () => {
    expect(diagnostics.length).toBeGreaterThan(100);
    for (const d of diagnostics) {
      expect(d.says, `${d.rule}: ${d.message}`).toBeDefined();
      expect(english(d.says!)).toBe(d.message);
      expect(d.message, d.message).not.toMatch(/\{\{\w+\}\}/);
    }
  });

  it("reads every message in Arabic and in French, with nothing left unfilled and code isolated in Arabic", () => {
    for (const locale of ["ar", "fr"] as const) {
      const { t, exists } = translator(locale);
      for (const d of diagnostics) {
        const text = translateChecker(t, exists, d.says!, locale === "ar");
        expect(text, `${locale} ${d.says!.key}`).not.toBeNull();
        expect(text, `${locale} ${d.says!.key}: ${text}`).not.toMatch(/\{\{\w+\}\}/);
        expect(text, `${locale} ${d.says!.key}`).not.toBe(d.message);
        if (locale === "ar") {
          // Each string value sits between LRI and PDI (a name such as <Quizz> reads left to right inside Arabic).
          for (const value of Object.values(d.says!.values ?? {}))
            if (typeof value === "string" && value) expect(text, `${d.says!.key}: ${value}`).toContain(`\u2066${value}\u2069`);
          expect(text, text!).toMatch(/[\u0600-\u06ff]/);
        } else expect(text, text!).toMatch(/[a-zàâçéèêëîïôûùüÿœ]/i);
      }
    }
  });

  it("has every key in Arabic and French, and says which ones these lessons do not make the checker write", () => {
    const all = Object.keys(en.checker).map((k) => k.replace(/_(one|other)$/, ""));
    for (const locale of ["ar", "fr"] as const) {
      const { exists } = translator(locale);
      for (const key of all) expect(exists(`checker.${key}`), `${locale} ${key}`).toBe(true);
    }
    const written = new Set(diagnostics.flatMap((d) => keysOf(d.says!)));
    // Keys these lessons do not make the checker write: failures of the checker, esbuild or React themselves, a file
    // gone at compile time, the answer-bias warning (it needs a course of many questions), course-level and assessment
    // problems, the studio's binary-paste refusal, and parts these lessons happen not to reach. Their English is asserted
    // by the checker's own tests (the message did not change); their Arabic and French exist (above). A new key must be
    // written by a lesson here or be added to this list.
    const elsewhere = [
      "checkerFailed",
      "compileFailed",
      "renderFailed",
      "fileNotFound",
      "answerBiasPosition",
      "answerBiasLongest",
      "courseIdTwice",
      "unlistedFolder",
      "lessonIdTwice",
      "lessonFolderMissing",
      "yamlUnreadable",
      "yamlAliases",
      "assessmentLocaleRequired",
      "assessmentQuizMissing",
      "preTest",
      "postTest",
      "assessmentNoExercise",
      "binaryContent",
      "imageTooWide",
      "figureSizeUnknown",
      "typeNoExtension",
      "typeMustBeVideo",
      "typeMustBeDownload",
      "svgNotSvg",
      "svgDoctype",
      "svgForeignObject",
      "svgHandler",
      "svgExternal",
      "svgImport",
      "svgJavascript",
      "fieldMissing",
      "kindBoolean",
      "kindFileName",
      "none",
      "courseDefault",
      "whatLink",
      "exerciseIdTwice",
      "quizOrder",
    ];
    const missing = all.filter((k) => !written.has(k) && !elsewhere.includes(k));
    expect(missing, "keys no lesson here makes the checker write").toEqual([]);
  });

  it("translates the file-type and SVG reasons too, which the studio's file page and the checker share", () => {
    const { t, exists } = translator("fr");
    const reasons = [
      fileTypeProblem("budget.xls"),
      fileTypeProblem("README"),
      fileTypeProblem("guide.pdf", "image"),
      fileTypeProblem("guide.pdf", "video"),
      svgProblem("<html></html>"),
      svgProblem('<svg><rect onclick="x"/></svg>'),
      svgProblem('<svg><image href="https://x.example/a.png"/></svg>'),
      svgProblem("<svg><style>@import 'x.css';</style></svg>"),
      svgProblem('<svg><a href="#a">javascript:x</a></svg>'),
      svgProblem("<!DOCTYPE svg><svg></svg>"),
      svgProblem("<svg><foreignObject/></svg>"),
    ];
    for (const reason of reasons) {
      expect(reason).not.toBeNull();
      const text = translateChecker(t, exists, reason!, false)!;
      expect(text, reason!.key).not.toMatch(/\{\{/);
      expect(text, reason!.key).not.toBe(english(reason!));
    }
  });
});
