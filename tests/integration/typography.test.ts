import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileLesson } from "~/models/course/compile.server";

const root = path.resolve(import.meta.dirname, "../..");
const courses = path.join(root, "courses");
const folders = [
  "01-crowdfunding-types",
  "02-law-15-18",
  "03-preparing-campaign",
  "04-telling-the-story",
  "05-rewards-and-budget",
  "06-campaign-communication",
  "07-after-the-campaign",
];
const source = (locale: "ar" | "fr") => ({
  courseId: "crowdfunding",
  courseFolder: "crowdfunding",
  lessonSlug: "law-15-18",
  lessonFolder: "02-law-15-18",
  courseLessonFolders: folders,
  locale,
  coursesDir: courses,
});

describe("a French lesson gets French typography when it is compiled", () => {
  it("the body, the component props and the stored quiz texts carry no-break spaces before ? ; ! : and inside « »", async () => {
    const fr = await compileLesson(source("fr"));
    expect(fr.code).toContain("\u202F?");
    expect(fr.code).toContain("\u00A0:");
    expect(fr.code).toMatch(/«\u00A0/);
    expect(fr.code).not.toMatch(/[^\s\u00A0\u202F][ ][?;!]/u);
    const prompts = fr.quizzes.flatMap((q) => q.questions.map((x) => x.prompt));
    expect(prompts.some((p) => p.includes("\u202F?"))).toBe(true);
    expect(prompts.every((p) => !/ [?;!:]/.test(p))).toBe(true);
  });

  it("the frontmatter shown on the page (title, summary, objectives) gets them too", async () => {
    const fr = await compileLesson({ ...source("fr"), lessonSlug: "crowdfunding-types", lessonFolder: "01-crowdfunding-types" });
    // "Don, récompense, prêt, investissement : ce que…": the colon no longer opens a line on a phone.
    expect(fr.frontmatter.summary).toContain("investissement\u00A0: ce que");
    expect([fr.frontmatter.title, fr.frontmatter.summary, ...fr.frontmatter.objectives].every((t) => !/ [?;!:»]/.test(t))).toBe(true);
  });

  it("leaves Arabic lessons untouched", async () => {
    const ar = await compileLesson(source("ar"));
    expect(ar.code).not.toContain("\u202F");
  });
});
