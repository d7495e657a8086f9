import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// A private copy of one real course: the check must read its files (images beside the lesson) and write none of them.
const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(root, "tests/.tmp/courses-"));
fs.cpSync(path.join(root, "courses/crowdfunding"), path.join(dir, "crowdfunding"), { recursive: true });
process.env.COURSES_DIR = dir;

let route: typeof import("~/routes/studio.courses.$course.lessons.$lesson.check");
let helpers: typeof import("../helpers");
let sqlite: typeof import("~/utils/db.server").sqlite;
const cookies: Record<"author" | "otherTrainer" | "admin" | "learner", string> = { author: "", otherTrainer: "", admin: "", learner: "" };

const LESSON = "crowdfunding-types";
const lessonDir = path.join(dir, "crowdfunding/01-crowdfunding-types");
const URL_PATH = `/studio/courses/crowdfunding/lessons/${LESSON}/check`;

const FRONTMATTER = `---
title: "أشكال التمويل"
summary: "ملخص قصير للدرس."
duration: 20
objectives:
  - التمييز بين الأشكال
---
`;

/** A lesson whose line 12 holds a callout of a type the checker refuses, after Arabic text. */
const BROKEN = `${FRONTMATTER}
## مقدمة

نص عربي عادي في الفقرة الأولى.

<Callout type="oops">
تنبيه داخل الإطار.
</Callout>
`;
const FIXED = BROKEN.replace('type="oops"', 'type="tip"');

/** What the editor sends: multipart, so Arabic is not tripled by percent-encoding. */
function checkRequest(fields: [string, string][], cookie?: string) {
  const body = new FormData();
  for (const [k, v] of fields) body.append(k, v);
  return new Request(`http://localhost:3000${URL_PATH}`, { method: "POST", body, headers: cookie ? { Cookie: cookie } : {} });
}

async function check(fields: [string, string][], cookie = cookies.author, params = { course: "crowdfunding", lesson: LESSON }) {
  let result: unknown;
  try {
    result = await route.action({ request: checkRequest(fields, cookie), params, context: { clientIp: "203.0.113.5" } } as never);
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) {
    const text = await result.text();
    return {
      status: result.status,
      json: result.headers.get("Content-Type")?.includes("json") ? JSON.parse(text) : null,
      location: result.headers.get("Location"),
    };
  }
  const d = result as { type?: string; data?: unknown; init?: ResponseInit };
  if (d?.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, json: d.data as Record<string, unknown>, location: null };
  throw result;
}

const lessonFiles = () =>
  fs
    .readdirSync(lessonDir)
    .sort()
    .map((f) => `${f}:${fs.statSync(path.join(lessonDir, f)).mtimeMs}:${fs.readFileSync(path.join(lessonDir, f)).length}`);

beforeAll(async () => {
  const course = await import("~/models/course.server");
  course.syncCatalogue(dir, () => undefined);
  await course.buildAllLessons(dir);
  const authors = await import("~/models/studio/authors.server");
  helpers = await import("../helpers");
  sqlite = (await import("~/utils/db.server")).sqlite;
  route = await import("~/routes/studio.courses.$course.lessons.$lesson.check");
  const author = helpers.makeUser("trainer");
  const other = helpers.makeUser("trainer");
  expect(authors.setCourseAuthors("crowdfunding", [author.id])).toEqual({ ok: true });
  cookies.author = (await helpers.cookieFor(author.id)).cookie;
  cookies.otherTrainer = (await helpers.cookieFor(other.id)).cookie;
  cookies.admin = (await helpers.cookieFor(helpers.makeUser("admin").id)).cookie;
  cookies.learner = (await helpers.cookieFor(helpers.makeUser("learner").id)).cookie;
}, 120_000);

describe("the editor's live check", () => {
  it("marks a refused prop at its line:column, under Arabic text, and gives no preview while the lesson has an error", async () => {
    const before = { files: lessonFiles(), changes: sqlite.prepare("select total_changes() as n").get() };
    const res = await check([
      ["locale", "ar"],
      ["source", BROKEN],
    ]);
    expect(res.status).toBe(200);
    const errors = res.json.diagnostics.filter((d: { severity: string }) => d.severity === "error");
    expect(errors).toEqual([
      {
        line: 13,
        column: 1,
        severity: "error",
        message: expect.stringContaining('<Callout type="oops"> must be one of: tip, warning, example'),
        // What the editor translates: the key and the values, never HTML.
        says: { key: "propOneOf", values: { name: '<Callout type="oops">', allowed: "tip, warning, example" } },
      },
    ]);
    expect(BROKEN.split("\n")[12]).toBe('<Callout type="oops">');
    expect(res.json.preview).toBeNull();
    // Checking writes nothing: not the lesson's files, not the stored compilations.
    expect(lessonFiles()).toEqual(before.files);
    expect(sqlite.prepare("select total_changes() as n").get()).toEqual(before.changes);
  });

  it("once fixed, answers no error and the preview as learners would read it: title, Arabic text, the callout's label, the lesson's image", async () => {
    const withFigure = `${FIXED}\n<Figure src="./forms-ar.svg" alt="أربع بطاقات" width={360} height={440} />\n`;
    const res = await check([
      ["locale", "ar"],
      ["source", withFigure],
    ]);
    expect(res.status).toBe(200);
    expect(res.json.diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
    const html: string = res.json.preview;
    expect(html).toContain('<div class="lesson-body" lang="ar" dir="rtl">');
    expect(html).toContain("<h1>أشكال التمويل</h1>");
    expect(html).toContain("نص عربي عادي في الفقرة الأولى.");
    // The interface is Arabic (no language chosen): the callout's label is the Arabic one the learner sees.
    expect(html).toMatch(/callout-tip/);
    expect(html).toMatch(new RegExp(`src="/course-assets/crowdfunding/${LESSON}/forms-ar\\.svg\\?v=[0-9a-f]{12}"`));
  });

  it("checks the French version with French typography, and a missing image as an error at its line", async () => {
    const fr = `---\ntitle: "Les formes"\nsummary: "Résumé."\nduration: 20\nobjectives:\n  - Distinguer les formes\n---\n\nPourquoi ? Parce que.\n\n<Figure src="./nope.svg" alt="x" width={1} height={1} />\n`;
    const res = await check([
      ["locale", "fr"],
      ["source", fr],
    ]);
    expect(res.json.diagnostics).toContainEqual(expect.objectContaining({ line: 11, column: 1, severity: "error" }));
    const ok = await check([
      ["locale", "fr"],
      ["source", fr.replace("./nope.svg", "./forms-fr.svg")],
    ]);
    expect(ok.json.preview).toContain('lang="fr" dir="ltr"');
    expect(ok.json.preview).toContain("Pourquoi\u202f? Parce que.");
  });

  it("previews the real lesson as learners get it: its quiz without answers nor explanations (and says how long a check takes)", async () => {
    const source = fs.readFileSync(path.join(lessonDir, "ar.mdx"), "utf8");
    const started = performance.now();
    const res = await check([
      ["locale", "ar"],
      ["source", source],
    ]);
    const ms = performance.now() - started;
    console.log(`live check of ${LESSON}/ar.mdx (${Buffer.byteLength(source)} bytes): ${ms.toFixed(0)} ms`);
    expect(res.json.diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
    const html: string = res.json.preview;
    const explanation = /explanation="([^"]+)"/.exec(source)![1];
    const prompt = /prompt="([^"]+)"/.exec(source)![1];
    expect(html).toContain(prompt);
    expect(html).not.toContain(explanation);
    expect(html).not.toMatch(/\bcorrect\b/);
  });

  it("refuses a 2 MB source with 413 before parsing it", async () => {
    const res = await check([
      ["locale", "ar"],
      ["source", `${FRONTMATTER}\n${"م".repeat(1024 * 1024)}`],
    ]);
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ reason: "tooLarge" });
  });

  it("answers 400 to garbage: no language, an unknown language, the source twice or as a file; 415 to JSON", async () => {
    const statuses = [
      (await check([["source", FIXED]])).status,
      (
        await check([
          ["locale", "xx"],
          ["source", FIXED],
        ])
      ).status,
      (
        await check([
          ["locale", "ar"],
          ["source", FIXED],
          ["source", FIXED],
        ])
      ).status,
    ];
    const asFile = new FormData();
    asFile.append("locale", "ar");
    asFile.append("source", new File([FIXED], "ar.mdx"));
    const file = await helpers.run(
      route.action as never,
      new Request(`http://localhost:3000${URL_PATH}`, { method: "POST", body: asFile, headers: { Cookie: cookies.author } }),
      { course: "crowdfunding", lesson: LESSON },
    );
    const json = new Request(`http://localhost:3000${URL_PATH}`, {
      method: "POST",
      body: JSON.stringify({ locale: "ar", source: FIXED }),
      headers: { Cookie: cookies.author, "Content-Type": "application/json" },
    });
    const asJson = await helpers.run(route.action as never, json, { course: "crowdfunding", lesson: LESSON });
    expect([...statuses, file.status, asJson.status]).toEqual([400, 400, 400, 400, 415]);
    expect(asJson.data).toEqual({ reason: "unsupportedMediaType" });
  });

  it("without a source, previews the language's saved version (the preview's language switch)", async () => {
    const res = await check([["locale", "fr"]]);
    expect(res.status).toBe(200);
    const onDisk = fs.readFileSync(path.join(lessonDir, "fr.mdx"), "utf8");
    const title = /^title: "?(.+?)"?$/m.exec(onDisk)![1];
    expect(res.json.preview).toContain('lang="fr" dir="ltr"');
    expect(title).toBe("Les quatre formes de financement participatif");
    expect(res.json.preview).toContain(`<h1>${title}</h1>`);
    const none = await check([["locale", "en"]]);
    expect(none.json).toEqual({ diagnostics: [], preview: null });
  });

  it("a pasted binary file is reported at the line of its first NUL, not compiled", async () => {
    const res = await check([
      ["locale", "ar"],
      ["source", `${FIXED}\nabc\u0000def`],
    ]);
    expect(res.status).toBe(200);
    expect(res.json.diagnostics).toEqual([expect.objectContaining({ line: `${FIXED}\nabc`.split("\n").length, column: 4, severity: "error" })]);
    expect(res.json.preview).toBeNull();
  });

  it("is for the course's authors and admins: another trainer and an unknown lesson get 404, a learner is refused, a visitor is sent to log in", async () => {
    const body: [string, string][] = [
      ["locale", "ar"],
      ["source", FIXED],
    ];
    expect((await check(body, cookies.otherTrainer)).status).toBe(404);
    expect((await check(body, cookies.author, { course: "crowdfunding", lesson: "no-such-lesson" })).status).toBe(404);
    expect((await check(body, cookies.author, { course: "../crowdfunding", lesson: LESSON })).status).toBe(404);
    expect([403, 404]).toContain((await check(body, cookies.learner)).status);
    const anonymous = await check(body, "");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
    expect((await check(body, cookies.admin)).status).toBe(200);
  });

  it("slows down one trainer who sends more than 120 checks a minute (429), without touching another", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 125; i += 1) statuses.push((await check([["locale", "xx"]])).status);
    expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(120);
    expect(statuses.at(-1)).toBe(429);
    const admin = await check([["locale", "xx"]], cookies.admin);
    expect(admin.status).toBe(400);
  });
});
