import "./journey-setup";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { LessonSegment, QuizView } from "~/components/lesson/context";
import { buildAllLessons, getCourse } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import * as lessonPage from "~/routes/courses.$course.$lesson";
import { sqlite } from "~/utils/db.server";
import { analyzeLesson } from "~/models/course/analysis.server";
import { compileLesson, LessonCompileError, type LessonSource } from "~/models/course/compile.server";
import { contentSecurityPolicy } from "~/utils/security-headers.server";
import { cookieFor, getRequest, makeUser, run } from "../helpers";

// A lesson is rendered to HTML once per version, at compile time; a request joins that HTML with the learner's parts.

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tamkeen-lesson-html-"));

function lessonAt(folder: string, source: string, files: Record<string, string> = {}): LessonSource {
  const dir = path.join(tmp, "course", folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "ar.mdx"), source);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return { courseId: "course", courseFolder: "course", lessonSlug: folder, lessonFolder: folder, courseLessonFolders: [folder], locale: "ar", coursesDir: tmp };
}

const frontmatter = "---\ntitle: جداول\nsummary: درس.\nduration: 10\nobjectives:\n  - هدف\n---\n";

const ARABIC_LESSON = `${frontmatter}
اكتب الصيغة =SUM(C2:C5) في الخلية C6 ثم احفظ الملف budget.xlsx قبل 2026-11-30.

| البند | الصيغة |
| --- | --- |
| المجموع | \`=SUM(C2:C5)\` |

<Callout type="tip">
نص النصيحة.
</Callout>

<Quiz id="check">
<Question id="q1" prompt="أي صيغة تعطي المجموع؟">
<Option id="a" correct explanation="شرح سري للجواب الصحيح.">=SUM(C2:C20)</Option>
<Option id="b" explanation="شرح سري للجواب الخاطئ.">=C2+C20</Option>
</Question>
</Quiz>

<Exercise id="sheet" title="جدول">
أنشئ **جدولًا** صغيرًا.
</Exercise>

خاتمة.
`;

const htmlOf = (segments: LessonSegment[]) => segments.flatMap((s) => (s.kind === "html" ? [s.html] : s.kind === "exercise" ? [s.html] : [])).join("\n");

describe("compile-time rendering", () => {
  it("stores the HTML per interface language, cut around the quiz and the exercise, with no answer, labels in the interface's language, formulas isolated", async () => {
    const compiled = await compileLesson(lessonAt("01-tables", ARABIC_LESSON));
    expect(compiled.rendered.map((r) => r.ui)).toEqual(["ar", "fr", "en"]);
    const fr = compiled.rendered.find((r) => r.ui === "fr")!.segments;
    const ar = compiled.rendered.find((r) => r.ui === "ar")!.segments;
    expect(fr.map((s) => s.kind)).toEqual(["html", "quiz", "exercise", "html"]);

    // "Tip" follows the interface, and says which language it is in, inside an Arabic lesson.
    expect(htmlOf(fr)).toContain('<span class="callout-kind" lang="fr" dir="ltr">Astuce</span>');
    expect(htmlOf(ar)).toContain('<span class="callout-kind" lang="ar" dir="rtl">نصيحة</span>');
    // Left-to-right fragments inside Arabic text are isolated at compile time: the formula keeps its "=" on the left.
    expect(htmlOf(fr)).toContain('<bdi dir="ltr">=SUM(C2:C5)</bdi> في الخلية');
    expect(htmlOf(fr)).toContain('<bdi dir="ltr">budget.xlsx</bdi>');
    expect(htmlOf(fr)).toContain('<bdi dir="ltr">2026-11-30</bdi>');
    expect(htmlOf(fr)).toContain('<bdi dir="ltr"><code>=SUM(C2:C5)</code></bdi>');
    // A wide table scrolls inside its own box.
    expect(htmlOf(fr)).toMatch(/<div class="table-scroll" role="region" aria-label="Tableau[^"]*" lang="fr" tabindex="0"><table>/);

    const quiz = fr[1] as QuizView;
    expect(quiz).toEqual({
      kind: "quiz",
      id: "check",
      questions: [
        {
          id: "q1",
          prompt: "أي صيغة تعطي المجموع؟",
          multiple: false,
          options: [
            { id: "a", html: '<bdi dir="ltr">=SUM(C2:C20)</bdi>' },
            { id: "b", html: '<bdi dir="ltr">=C2+C20</bdi>' },
          ],
        },
      ],
    });
    expect(fr[2]).toEqual({ kind: "exercise", id: "sheet", title: "جدول", html: "<p>أنشئ <strong>جدولًا</strong> صغيرًا.</p>" });
    const stored = JSON.stringify(compiled.rendered);
    expect(stored).not.toContain("شرح سري");
    expect(stored).not.toMatch(/\bcorrect\b/);
    expect(stored).not.toContain("<tamkeen-");
    expect(stored).not.toContain("<script");
  });

  it("refuses a quiz or an exercise placed inside another element, with file:line:column", async () => {
    const nested = `${frontmatter}\n<Callout type="tip">\n<Quiz id="inner">\n<Question id="q" prompt="?">\n<Option id="a" correct explanation="x">A</Option>\n<Option id="b" explanation="y">B</Option>\n</Question>\n</Quiz>\n</Callout>\n`;
    const error = await compileLesson(lessonAt("02-nested", nested)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LessonCompileError);
    expect((error as LessonCompileError).diagnostics).toContainEqual(expect.objectContaining({ line: 10, rule: "misplaced-component" }));
  });
});

describe("course checker: images", () => {
  const analyse = (folder: string, body: string, files: Record<string, string> = {}) => {
    const src = lessonAt(folder, `${frontmatter}\n${body}\n`, files);
    return analyzeLesson(fs.readFileSync(path.join(tmp, "course", folder, "ar.mdx"), "utf8"), {
      file: `${folder}/ar.mdx`,
      lessonDir: path.join(src.coursesDir, "course", folder),
      courseLessonFolders: [folder],
    }).diagnostics;
  };

  it("refuses an image from another site (pages allow img-src 'self' only)", () => {
    expect(analyse("03-remote", "![شعار](https://example.com/logo.png)")).toContainEqual(
      expect.objectContaining({ severity: "error", rule: "third-party-image", line: 9 }),
    );
    expect(analyse("04-remote2", "![شعار](//example.com/logo.png)")).toContainEqual(expect.objectContaining({ severity: "error", rule: "third-party-image" }));
  });

  it("warns when an SVG's text would be drawn under 12 px on a 360 px phone, and is silent for a readable one", () => {
    const wide = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 800"><text font-size="16">petit</text></svg>';
    const fine =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 300"><text font-size="14">lisible</text><text style="font-size: 15px">ok</text></svg>';
    const small = analyse("05-svg", '<Figure src="./wide.svg" alt="رسم" width={1200} height={800} />\n\n![رسم](./wide.svg)', { "wide.svg": wide });
    // 16 × 328 / 1200 = 4.4 px, for the Figure and for the Markdown image.
    expect(small.filter((d) => d.rule === "svg-text-size")).toEqual([
      expect.objectContaining({ severity: "warning", line: 9, message: expect.stringContaining("4.4 px") }),
      expect.objectContaining({ severity: "warning", line: 11, message: expect.stringContaining("4.4 px") }),
    ]);
    expect(
      analyse("06-svg", '<Figure src="./fine.svg" alt="رسم" width={360} height={300} />', { "fine.svg": fine }).filter((d) => d.rule === "svg-text-size"),
    ).toEqual([]);
  });
});

describe("the lesson page", () => {
  const params = { course: "mini", lesson: "first" };
  beforeAll(async () => {
    expect((await buildAllLessons()).failures).toEqual([]);
  });

  it("serves the stored HTML for the reader's interface language and a learner's own option order; no lesson code", async () => {
    const offering = saveOffering({
      courseId: "mini",
      periodLabel: "2041-Q1",
      enrolOpensAt: new Date(Date.now() - 86_400_000),
      enrolClosesAt: new Date(Date.now() + 86_400_000),
      startsAt: new Date(Date.now() - 86_400_000),
      endsAt: new Date(Date.now() + 30 * 86_400_000),
      capacity: 10,
      languages: ["ar", "fr"],
      status: "running",
      trainerIds: [],
    });
    if (!offering.ok) throw new Error(offering.error);
    const [one, two] = [makeUser("learner", { locale: "fr" }), makeUser("learner", { locale: "fr" })];
    for (const u of [one, two]) expect(enrol(offering.id, u.id).outcome).toBe("enrolled");
    const pages = await Promise.all(
      [one, two].map(async (u) => run(lessonPage.loader, getRequest("/courses/mini/first", { cookie: (await cookieFor(u.id)).cookie }), params)),
    );
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.data.segments.map((s: LessonSegment) => s.kind)).toEqual(["html", "quiz"]);
      expect(page.data.segments[0].html).toContain("Some text.");
      expect(page.data).not.toHaveProperty("code");
      expect(JSON.stringify(page.data)).not.toContain("Casablanca is the largest city");
      expect(page.data.runtime.formAction).toBe("/courses/mini/first");
    }
    expect(pages[0].data.runtime.shuffleSeed).toBe(`learner-${one.id}`);
    expect(pages[1].data.runtime.shuffleSeed).toBe(`learner-${two.id}`);
  });

  it("a version whose stored HTML is missing is replaced by the course's fallback version, with the notice", async () => {
    const lesson = getCourse("mini")!.lessons[0];
    const saved = sqlite.prepare("select rendered from compiled_lessons where lesson_id = ? and locale = 'fr'").get(lesson.id) as { rendered: string };
    sqlite.prepare("update compiled_lessons set rendered = null where lesson_id = ? and locale = 'fr'").run(lesson.id);
    try {
      const page = await run(lessonPage.loader, getRequest("/courses/mini/first", { headers: { "Accept-Language": "fr" } }), params);
      expect(page.status).toBe(200);
      expect(page.data.lessonLocale).toBe("ar");
      expect(page.data.fallbackFrom).toBe("fr");
      expect(page.data.segments.map((s: LessonSegment) => s.kind)).toEqual(["html", "quiz"]);
    } finally {
      sqlite.prepare("update compiled_lessons set rendered = ? where lesson_id = ? and locale = 'fr'").run(saved.rendered, lesson.id);
    }
  });

  it("a lesson whose stored HTML is missing answers 503 with the 'unavailable' notice, never a 500; the others are served", async () => {
    const lesson = getCourse("mini")!.lessons[0];
    const saved = sqlite.prepare("select locale, rendered from compiled_lessons where lesson_id = ?").all(lesson.id) as { locale: string; rendered: string }[];
    sqlite.prepare("update compiled_lessons set rendered = null where lesson_id = ?").run(lesson.id);
    try {
      const page = await run(lessonPage.loader, getRequest("/courses/mini/first", { headers: { "Accept-Language": "fr" } }), params);
      expect(page.status).toBe(503);
      expect(page.data.segments).toBeNull();
      expect(page.data.title).toBe("First");
      const other = await run(lessonPage.loader, getRequest("/courses/mini/second", { headers: { "Accept-Language": "fr" } }), {
        course: "mini",
        lesson: "second",
      });
      expect(other.status).toBe(200);
    } finally {
      for (const row of saved)
        sqlite.prepare("update compiled_lessons set rendered = ? where lesson_id = ? and locale = ?").run(row.rendered, lesson.id, row.locale);
    }
  });
});

describe("Content-Security-Policy", () => {
  it("learner pages: scripts from this origin only, no eval, no inline, images from this origin; staff pages add this response's nonce", () => {
    const learner = contentSecurityPolicy("abc", { hydrate: false });
    expect(learner).toContain("script-src 'self';");
    expect(learner).toContain("img-src 'self';");
    expect(learner).not.toMatch(/unsafe-eval|nonce|data:/);
    const staff = contentSecurityPolicy("abc", { hydrate: true });
    expect(staff).toContain("script-src 'self' 'nonce-abc';");
    expect(staff).not.toContain("unsafe-eval");
  });
});
