import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkCourses, findAnswerBias, poissonBinomialUpperTail } from "./check.server";
import type { QuizQuestion } from "./analysis.server";

const root = path.resolve(import.meta.dirname, "../../..");
const fixtures = path.join(root, "tests/fixtures/courses-broken");
const B = "tests/fixtures/courses-broken/broken";

describe("course checker", () => {
  const { diagnostics } = checkCourses(fixtures);
  const errors = diagnostics.filter((d) => d.severity === "error");

  // [file, line, column, rule, part of the message]
  const expected: [string, number, number, string, string][] = [
    ["tests/fixtures/courses-broken/bad-meta/course.yaml", 1, 5, "course-metadata", "id: must be lower-case words joined by hyphens"],
    ["tests/fixtures/courses-broken/bad-meta/course.yaml", 2, 11, "course-metadata", "category: Invalid enum value"],
    ["tests/fixtures/courses-broken/bad-meta/course.yaml", 5, 11, "course-metadata", "passMark: Number must be less than or equal to 100"],
    [`${B}/01-syntax/ar.mdx`, 11, 1, "mdx-syntax", "Expected a closing tag for `<Callout>`"],
    [`${B}/02-rules/ar.mdx`, 9, 1, "no-import-export", "import and export statements are not allowed"],
    [`${B}/02-rules/ar.mdx`, 11, 14, "no-expression", "JavaScript expressions in { } are not allowed"],
    [`${B}/02-rules/ar.mdx`, 13, 1, "unknown-component", "unknown component <Marquee>"],
    [`${B}/02-rules/ar.mdx`, 15, 1, "missing-asset", '<Figure src> "./missing.png" does not exist beside the lesson'],
    [`${B}/02-rules/ar.mdx`, 15, 1, "missing-alt", "<Figure> alt text must describe the image"],
    [`${B}/02-rules/ar.mdx`, 17, 1, "missing-alt", 'image "./nothing.png" needs alt text'],
    [`${B}/02-rules/ar.mdx`, 19, 1, "broken-link", 'link "../99-nowhere" points to no lesson of this course'],
    [`${B}/02-rules/ar.mdx`, 21, 1, "missing-asset", '<Download file> "./template.docx" does not exist'],
    [`${B}/02-rules/ar.mdx`, 23, 1, "prop-value", '<Callout type="danger"> must be one of: tip, warning, example'],
    [`${B}/02-rules/ar.mdx`, 23, 1, "unknown-prop", '<Callout> has no prop "colour"'],
    [`${B}/02-rules/ar.mdx`, 25, 1, "no-expression", "<Video duration>: only literal values are allowed"],
    [`${B}/02-rules/ar.mdx`, 25, 1, "prop-value", '<Video youtube="x"> is not a YouTube video id'],
    [`${B}/02-rules/ar.mdx`, 27, 1, "unknown-component", "unknown component <toString>"],
    [`${B}/02-rules/ar.mdx`, 29, 1, "unknown-component", "unknown component <constructor>"],
    [`${B}/02-rules/ar.mdx`, 31, 1, "unknown-prop", '<Callout> has no prop "__proto__"'],
    [`${B}/02-rules/ar.mdx`, 31, 1, "unknown-prop", '<Callout> has no prop "constructor"'],
    [`${B}/02-rules/fr.mdx`, 1, 1, "missing-locale", "the fr version of this lesson is required"],
    [`${B}/03-quiz/ar.mdx`, 10, 1, "quiz-correct-count", 'question "one" (single choice) needs exactly one correct option, found 2'],
    [`${B}/03-quiz/ar.mdx`, 14, 1, "quiz-correct-count", 'question "two" (multiple) needs at least one correct option'],
    [`${B}/03-quiz/ar.mdx`, 16, 1, "quiz-duplicate-id", 'option id "a" is used twice in question "two"'],
    [`${B}/03-quiz/ar.mdx`, 19, 1, "missing-prop", '<Option> needs the prop "explanation"'],
    [`${B}/04-frontmatter/ar.mdx`, 2, 1, "frontmatter", "the title is missing: add a line such as  title: My lesson"],
    [`${B}/04-frontmatter/ar.mdx`, 3, 11, "frontmatter", "duration: Expected number, received string"],
    [`${B}/04-frontmatter/fr.mdx`, 1, 1, "frontmatter", "missing frontmatter"],
    [`${B}/05-mismatch/fr.mdx`, 1, 1, "locale-mismatch", 'quiz "same" is in ar.mdx but not in fr.mdx'],
    [`${B}/05-mismatch/fr.mdx`, 9, 1, "locale-mismatch", 'quiz "different" is in fr.mdx but not in ar.mdx'],
  ];

  for (const [file, line, column, rule, message] of expected) {
    it(`reports ${rule} at ${path.basename(path.dirname(file))}/${path.basename(file)}:${line}:${column}`, () => {
      const match = errors.find((d) => d.file === file && d.rule === rule && d.message.includes(message));
      expect(
        match,
        `no ${rule} error containing "${message}" in ${file}; got:\n${errors
          .filter((d) => d.file === file)
          .map((d) => `${d.line}:${d.column} ${d.message}`)
          .join("\n")}`,
      ).toBeDefined();
      expect([match!.line, match!.column]).toEqual([line, column]);
    });
  }

  it("keeps warnings apart from errors", () => {
    const warnings = diagnostics.filter((d) => d.severity === "warning");
    expect(warnings.map((w) => w.rule)).toEqual(["locale-mismatch"]);
    expect(warnings[0].message).toContain("duration differs");
  });

  it("finds no error in the four seed courses, each with at least six lessons in ar and fr, a quiz per lesson and an exercise", () => {
    const real = checkCourses(path.join(root, "courses"));
    expect(real.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(real.courses.map((c) => c.course?.id).sort()).toEqual(["crowdfunding", "digital-communication", "it-training", "project-proposal-writing"]);
    for (const course of real.courses) {
      expect(course.lessons.length).toBeGreaterThanOrEqual(6);
      let exercises = 0;
      for (const lesson of course.lessons) {
        expect(Object.keys(lesson.locales)).toEqual(expect.arrayContaining(["ar", "fr"]));
        expect(lesson.locales.ar!.quizzes.length).toBeGreaterThanOrEqual(1);
        exercises += lesson.locales.ar!.exercises.length;
      }
      expect(exercises).toBeGreaterThanOrEqual(1);
    }
  });

  it("the command exits 1 with file:line:column lines, and prints JSON for tools", () => {
    const human = spawnSync("npx", ["tsx", "scripts/courses-check.ts", fixtures], { cwd: root, encoding: "utf8" });
    expect(human.status).toBe(1);
    expect(human.stdout).toMatch(/^Errors \(\d+\):/m);
    expect(human.stdout).toContain(`${B}/01-syntax/ar.mdx:11:1: Expected a closing tag`);
    expect(human.stdout).toMatch(/^Warnings \(1\):/m);
    const json = spawnSync("npx", ["tsx", "scripts/courses-check.ts", "--json", fixtures], { cwd: root, encoding: "utf8" });
    const report = JSON.parse(json.stdout);
    expect(report.errors).toBe(errors.length);
    expect(report.diagnostics[0]).toEqual(
      expect.objectContaining({
        file: expect.any(String),
        line: expect.any(Number),
        column: expect.any(Number),
        severity: expect.any(String),
        rule: expect.any(String),
        message: expect.any(String),
      }),
    );
  }, 30_000);
});

describe("answer-position warning (quiz-answer-bias)", () => {
  const dir = path.join(root, "tests/fixtures/quiz-bias-courses");
  const { diagnostics } = checkCourses(dir);
  const bias = diagnostics.filter((d) => d.rule === "quiz-answer-bias");

  it("is a warning, never an error, and names the course folder in plain words", () => {
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(bias.every((d) => d.severity === "warning")).toBe(true);
    const position = bias.find((d) => d.message.includes("first option"));
    expect(position?.file).toBe("tests/fixtures/quiz-bias-courses/biased");
    expect(position?.message).toContain('course "biased"');
    expect(position?.message).toContain("the correct answer is the first option in 10 of 10 single-choice questions");
    expect(bias.find((d) => d.message.includes("the correct answer is the longest option in 10 of 10"))).toBeDefined();
  });

  it("stays silent for a course whose correct answers are spread over positions and lengths", () => {
    expect(bias.filter((d) => d.file.endsWith("/balanced"))).toEqual([]);
  });

  it("uses an exact tail probability rather than a ratio", () => {
    // Three two-option questions all answered "first": 1/8, far from improbable.
    expect(poissonBinomialUpperTail([0.5, 0.5, 0.5], 3)).toBeCloseTo(0.125);
    expect(poissonBinomialUpperTail([0.5, 0.5, 0.5], 0)).toBe(1);
    expect(poissonBinomialUpperTail([1 / 3, 1 / 4], 1)).toBeCloseTo(1 - (2 / 3) * (3 / 4));
    const q = (id: string, correctAt: number, n = 3): QuizQuestion => ({
      id,
      prompt: id,
      multiple: false,
      options: Array.from({ length: n }, (_, i) => ({ id: `o${i}`, text: "x".repeat(5 + ((i + correctAt) % n)), correct: i === correctAt, explanation: "" })),
    });
    // 3 of 4 first is not enough evidence; 9 of 9 is.
    expect(findAnswerBias([q("a", 0), q("b", 0), q("c", 0), q("d", 1)])).toEqual([]);
    expect(findAnswerBias(Array.from({ length: 9 }, (_, i) => q(`q${i}`, 0))).map((f) => [f.kind, f.position, f.observed])).toEqual([["position", 0, 9]]);
    // Multiple-choice questions are left out.
    expect(findAnswerBias(Array.from({ length: 9 }, (_, i) => ({ ...q(`q${i}`, 0), multiple: true })))).toEqual([]);
  });

  it("is silent for crowdfunding and project-proposal-writing", () => {
    const real = checkCourses(path.join(root, "courses"));
    const fired = real.diagnostics.filter((d) => d.rule === "quiz-answer-bias" && /courses\/(crowdfunding|project-proposal-writing)$/.test(d.file));
    expect(fired).toEqual([]);
  });
});
