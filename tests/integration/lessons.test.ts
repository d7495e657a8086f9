import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// A private copy of one real course, so the test can edit and break lessons.
const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(root, "tests/.tmp/courses-"));
fs.cpSync(path.join(root, "courses/crowdfunding"), path.join(dir, "crowdfunding"), { recursive: true });
fs.cpSync(path.join(root, "courses/it-training"), path.join(dir, "it-training"), { recursive: true });
process.env.COURSES_DIR = dir;

type CourseModel = typeof import("~/models/course.server");
type Mdx = typeof import("~/models/course/compile.server");
let model: CourseModel;
let mdx: Mdx;
let lessonRoute: typeof import("~/routes/courses.$course.$lesson");
let assetRoute: typeof import("~/routes/course-assets.$course.$lesson.$file");
let helpers: typeof import("../helpers");

beforeAll(async () => {
  model = await import("~/models/course.server");
  mdx = await import("~/models/course/compile.server");
  lessonRoute = await import("~/routes/courses.$course.$lesson");
  assetRoute = await import("~/routes/course-assets.$course.$lesson.$file");
  helpers = await import("../helpers");
});

/** What is stored of a lesson version and served to pages: its HTML segments, as text. */
const stored = (content: { rendered: unknown }) => (content.rendered ? JSON.stringify(content.rendered) : null);

describe("lesson compilation cache", () => {
  it("compiles every version once; a restart over unchanged files compiles none", async () => {
    const before = mdx.getCompileCount();
    const first = await model.buildAllLessons(dir);
    expect(first.failures).toEqual([]);
    expect(first.versions).toBeGreaterThanOrEqual(7 * 2 + 8 * 3);
    expect(mdx.getCompileCount() - before).toBe(first.versions);

    // A restart: only SQLite remains, and the content hashes in it say nothing changed.
    const second = await model.buildAllLessons(dir);
    expect(second.versions).toBe(first.versions);
    expect(mdx.getCompileCount() - before).toBe(first.versions);
  }, 60_000);

  it("never sends quiz answers or explanations to the browser", async () => {
    const found = model.getCourse("crowdfunding")!;
    for (const lesson of found.lessons) {
      const content = model.getLessonContent(lesson, "ar");
      expect(content.quizzes.length).toBeGreaterThan(0);
      for (const quiz of content.quizzes) {
        for (const question of quiz.questions) {
          expect(stored(content)).toContain(question.prompt.slice(0, 10));
          for (const option of question.options) expect(stored(content)).not.toContain(option.explanation);
        }
      }
      expect(stored(content)).not.toMatch(/\bcorrect\b/);
    }
  });

  it("recompiles an edited lesson; a broken edit keeps serving the last good version with file:line:column", async () => {
    const found = model.getCourse("crowdfunding")!;
    const lesson = found.lessons[0];
    const file = path.join(dir, "crowdfunding", lesson.folder, "fr.mdx");
    const folders = found.lessons.map((l) => l.folder);
    const original = fs.readFileSync(file, "utf8");

    fs.writeFileSync(file, `${original}\n\nUne phrase ajoutée par la formatrice.\n`);
    const count = mdx.getCompileCount();
    const edited = await model.compileLessonVersion(found.course, lesson, "fr", { courseLessonFolders: folders, dir });
    expect(mdx.getCompileCount()).toBe(count + 1);
    expect(edited.error).toBeNull();
    expect(stored(edited)).toContain("Une phrase ajoutée par la formatrice.");

    const lines = original.split("\n").length;
    fs.writeFileSync(file, `${original}\n\n<Callout type="tip">\nNon fermé\n`);
    const broken = await model.compileLessonVersion(found.course, lesson, "fr", { courseLessonFolders: folders, dir });
    expect(stored(broken)).toBe(stored(edited));
    expect(broken.error).toContain(`crowdfunding/${lesson.folder}/fr.mdx:${lines + 2}:1: Expected a closing tag for \`<Callout>\``);
    // What a page reads meanwhile: the last good version, with the error for trainers.
    const served = model.getLessonContent(lesson, "fr");
    expect(stored(served)).toBe(stored(edited));
    expect(served.error).toBe(broken.error);
    // The same broken version is not compiled again by the next build.
    const again = mdx.getCompileCount();
    await model.compileLessonVersion(found.course, lesson, "fr", { courseLessonFolders: folders, dir });
    expect(mdx.getCompileCount()).toBe(again);
    fs.writeFileSync(file, original);
  });

  it("archives a lesson removed from course.yaml instead of deleting it", () => {
    const yamlFile = path.join(dir, "crowdfunding", "course.yaml");
    const original = fs.readFileSync(yamlFile, "utf8");
    const before = model.getCourse("crowdfunding")!.lessons;
    const removed = before.at(-1)!;
    fs.writeFileSync(yamlFile, original.replace(`  - ${removed.folder}\n`, ""));
    model.syncCatalogue(dir);
    const after = model.getCourse("crowdfunding")!.lessons;
    expect(after.map((l) => l.id)).not.toContain(removed.id);
    fs.writeFileSync(yamlFile, original);
    model.syncCatalogue(dir);
    // Back on disk, it comes back with the same id (progress keeps pointing at it).
    expect(model.getCourse("crowdfunding")!.lessons.map((l) => l.id)).toContain(removed.id);
  });
});

describe("lesson page", () => {
  it("shows the lesson in the reader's language with its own lang and dir; an English reader of an ar/fr-only lesson gets the fallback", async () => {
    const { run, getRequest } = helpers;
    const fr = await run(lessonRoute.loader, getRequest("/courses/crowdfunding/crowdfunding-types", { headers: { "Accept-Language": "fr" } }), {
      course: "crowdfunding",
      lesson: "crowdfunding-types",
    });
    expect(fr.status).toBe(200);
    expect(fr.data).toMatchObject({ lessonLocale: "fr", fallbackFrom: null });
    const en = await run(lessonRoute.loader, getRequest("/courses/crowdfunding/crowdfunding-types", { headers: { "Accept-Language": "en" } }), {
      course: "crowdfunding",
      lesson: "crowdfunding-types",
    });
    expect(en.data).toMatchObject({ lessonLocale: "ar", fallbackFrom: "en" });
    const itEn = await run(lessonRoute.loader, getRequest("/courses/it-training/devices-basics", { headers: { "Accept-Language": "en" } }), {
      course: "it-training",
      lesson: "devices-basics",
    });
    expect(itEn.data).toMatchObject({ lessonLocale: "en", fallbackFrom: null });
    expect(JSON.stringify(itEn.data)).not.toContain("explanation");
  });

  it("answers unknown courses and lessons with 404", async () => {
    const { run, getRequest } = helpers;
    expect((await run(lessonRoute.loader, getRequest("/courses/nope/x"), { course: "nope", lesson: "x" })).status).toBe(404);
    expect((await run(lessonRoute.loader, getRequest("/courses/crowdfunding/x"), { course: "crowdfunding", lesson: "x" })).status).toBe(404);
  });

  it("serves files beside lessons, never the lesson sources or anything outside", async () => {
    const { getRequest } = helpers;
    const found = model.getCourse("crowdfunding")!;
    const lesson = found.lessons[0];
    const svg = fs.readdirSync(path.join(dir, "crowdfunding", lesson.folder)).find((f) => f.endsWith(".svg"))!;
    const ok = (await assetRoute.loader({
      request: getRequest(`/course-assets/crowdfunding/${lesson.slug}/${svg}?v=1`),
      params: { course: "crowdfunding", lesson: lesson.slug, file: svg },
      context: { clientIp: "x" },
    })) as Response;
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(ok.headers.get("Cache-Control")).toContain("immutable");
    for (const file of ["ar.mdx", "../course.yaml", "..%2Fcourse.yaml", "../../it-training/01-devices-basics/ar.mdx"]) {
      const res = (await assetRoute.loader({
        request: getRequest("/x"),
        params: { course: "crowdfunding", lesson: lesson.slug, file },
        context: { clientIp: "x" },
      })) as Response;
      expect(res.status).toBe(404);
    }
  });
});
