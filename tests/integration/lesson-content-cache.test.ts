import "./journey-setup";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAllLessons, getCourse, getLessonContent } from "~/models/course.server";
import * as lessonPage from "~/routes/courses.$course.$lesson";
import { getRequest, run } from "../helpers";

// Stored lessons (and the catalogue of courses and lessons) are kept in memory until a compilation (or the catalogue)
// changes; the change may come from another process (an
// `npm run courses:build` while the server runs), which only the database can tell: a trigger moves a counter.

beforeAll(async () => {
  expect((await buildAllLessons()).failures).toEqual([]);
});

const first = () => getCourse("mini")!.lessons.find((l) => l.slug === "first")!;
/** What the lesson page hands its view: the stored HTML's segments among it (anyone may read a lesson's text). */
async function pageText() {
  const page = await run(lessonPage.loader, getRequest("/courses/mini/first", { headers: { "accept-language": "ar" } }), { course: "mini", lesson: "first" });
  expect(page.status).toBe(200);
  return JSON.stringify(page.data.segments);
}

describe("the stored lesson kept in memory", () => {
  it("is read from the database once, then shared (and frozen outside production)", () => {
    const a = getLessonContent(first(), "ar");
    expect(getLessonContent(first(), "ar")).toBe(a);
    expect(Object.isFrozen(a.rendered)).toBe(true);
    expect(JSON.stringify(a.rendered)).toContain("Some text.");
  });

  it("a compilation written by another process shows on the next request", async () => {
    expect(await pageText()).toContain("Some text.");
    const before = getLessonContent(first(), "ar");
    // Another connection, as courses:build would open: the same row, a new version of its HTML.
    const other = new Database(process.env.DATABASE_PATH!);
    other.pragma("busy_timeout = 5000");
    const row = other.prepare("SELECT rowid, rendered FROM compiled_lessons WHERE lesson_id = ? AND locale = 'ar'").get(first().id) as {
      rowid: number;
      rendered: string;
    };
    other.prepare("UPDATE compiled_lessons SET rendered = ? WHERE rowid = ?").run(row.rendered.replaceAll("Some text.", "Texte révisé."), row.rowid);
    other.close();
    const after = getLessonContent(first(), "ar");
    expect(after).not.toBe(before);
    expect(JSON.stringify(after.rendered)).toContain("Texte révisé.");
    expect(await pageText()).toContain("Texte révisé.");
    expect(await pageText()).not.toContain("Some text.");
  });

  it("the catalogue is kept too, and a change written by another process (a lesson renamed) shows at once", async () => {
    const course = getCourse("mini")!;
    expect(getCourse("mini")).toBe(course);
    expect(Object.isFrozen(course.lessons)).toBe(true);
    const other = new Database(process.env.DATABASE_PATH!);
    other.pragma("busy_timeout = 5000");
    const second = course.lessons.find((l) => l.slug === "second")!;
    other.prepare("UPDATE lessons SET title = json(?) WHERE id = ?").run(JSON.stringify({ ar: "الدرس الثاني المعدّل", fr: "Second, renommé" }), second.id);
    other.close();
    expect(getCourse("mini")).not.toBe(course);
    expect(getCourse("mini")!.lessons.find((l) => l.slug === "second")!.title).toEqual({ ar: "الدرس الثاني المعدّل", fr: "Second, renommé" });
    // The first lesson's page names the next one by its new title.
    const page = await run(lessonPage.loader, getRequest("/courses/mini/first", { headers: { "accept-language": "fr" } }), { course: "mini", lesson: "first" });
    expect(JSON.stringify(page.data)).toContain("Second, renommé");
    // An unknown course is not kept (ids come from URLs): asking again still answers nothing.
    expect(getCourse("no-such-course")).toBeNull();
    expect(getCourse("no-such-course")).toBeNull();
  });
});
