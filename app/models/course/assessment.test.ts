import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readAssessment } from "./assessment.server";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "assessment-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const frontmatter = `---\ntitle: "Test"\nsummary: "Avant et après."\nduration: 5\nobjectives:\n  - Mesurer\n---\n\n`;
const quiz = (id: string, correct = 1) =>
  `<Quiz id="${id}">\n<Question id="q1" prompt="Deux plus deux ?">\n${[1, 2]
    .map((n) => `<Option id="o${n}"${n === correct ? " correct" : ""} explanation="…">${n + 2}</Option>`)
    .join("\n")}\n</Question>\n</Quiz>\n`;

function course(name: string, files: Record<string, string>) {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, "assessment"), { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, "assessment", file), text);
  return dir;
}

describe("a course's pre-/post-test files", () => {
  it("reads the two quizzes named in course.yaml, per language, with their frontmatter title", () => {
    const dir = course("ok", { "ar.mdx": frontmatter + quiz("pre") + quiz("post", 2), "fr.mdx": frontmatter + quiz("pre") + quiz("post", 2) });
    const { value, diagnostics } = readAssessment(dir, { assessment: { pre: "pre", post: "post" }, lessons: [] });
    expect(diagnostics).toEqual([]);
    expect(value!.pre).toBe("pre");
    expect(Object.keys(value!.versions).sort()).toEqual(["ar", "fr"]);
    expect(value!.versions.fr!.title).toBe("Test");
    expect(value!.versions.fr!.quizzes.map((q) => [q.id, q.questions[0]!.options.find((o) => o.correct)!.id])).toEqual([
      ["pre", "o1"],
      ["post", "o2"],
    ]);
  });

  it("reports a missing language, a quiz id course.yaml names but the file lacks, and the quiz engine's own rules; gives no value then", () => {
    const dir = course("broken", { "ar.mdx": frontmatter + quiz("pre", 0) });
    const { value, diagnostics } = readAssessment(dir, { assessment: { pre: "pre", post: "after" }, lessons: [] });
    expect(value).toBeNull();
    const messages = diagnostics.map((d) => `${path.basename(d.file)} ${d.rule}: ${d.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'ar.mdx quiz-correct-count: question "q1" (single choice) needs exactly one correct option, found 0',
        'ar.mdx assessment: course.yaml names the quiz "after" as post-test, but this file has no <Quiz id="after">',
        "fr.mdx assessment: course.yaml declares an assessment: its fr version is required",
      ]),
    );
  });

  it("a course without an assessment reads nothing", () => {
    expect(readAssessment(path.join(root, "none"), { lessons: [] })).toEqual({ value: null, diagnostics: [] });
  });
});
