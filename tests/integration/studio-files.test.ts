import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { HTML, makeZip, patchZipName, PDF, png, SAFE_SVG, unzipEntries } from "../fixtures/lesson-files";

// A private copy of two real courses: the tests upload, delete and import into it.
const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(root, "tests/.tmp/courses-files-"));
fs.cpSync(path.join(root, "courses/crowdfunding"), path.join(dir, "crowdfunding"), { recursive: true });
fs.cpSync(path.join(root, "courses/project-proposal-writing"), path.join(dir, "project-proposal-writing"), { recursive: true });
process.env.COURSES_DIR = dir;

let course: typeof import("~/models/course.server");
let files: typeof import("~/models/course/lesson-files.server");
let archive: typeof import("~/models/course/archive.server");
let check: typeof import("~/models/course/check.server");
let assets: typeof import("~/routes/course-assets.$course.$lesson.$file");
let helpers: typeof import("../helpers");

beforeAll(async () => {
  course = await import("~/models/course.server");
  files = await import("~/models/course/lesson-files.server");
  archive = await import("~/models/course/archive.server");
  check = await import("~/models/course/check.server");
  assets = await import("~/routes/course-assets.$course.$lesson.$file");
  helpers = await import("../helpers");
  course.syncCatalogue(dir, () => undefined);
});

const LESSON = "01-crowdfunding-types";
const lessonDir = () => path.join(dir, "crowdfunding", LESSON);
const listing = (d = lessonDir()) => fs.readdirSync(d).sort();
/** Everything under the courses folder, with sizes: "nothing was written" compares two of these. */
function snapshot() {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== ".studio-tmp") walk(p);
      } else out.push(`${path.relative(dir, p)}:${fs.statSync(p).size}`);
    }
  };
  walk(dir);
  return out.sort();
}
const scratch = () => (fs.existsSync(path.join(dir, ".studio-tmp")) ? fs.readdirSync(path.join(dir, ".studio-tmp")) : []);
const errorsOf = () => check.checkCourses(dir).diagnostics.filter((d) => d.severity === "error");

function appendToLesson(locale: "ar" | "fr", text: string) {
  const file = path.join(lessonDir(), `${locale}.mdx`);
  const original = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, `${original}\n${text}\n`);
  return { line: original.split("\n").length + 1, restore: () => fs.writeFileSync(file, original) };
}

describe("one list of lesson file types", () => {
  it("the checker refuses a referenced .xls (suggesting .xlsx) at its line and column, and accepts .pptx", async () => {
    fs.writeFileSync(path.join(lessonDir(), "budget.xls"), PDF);
    fs.writeFileSync(path.join(lessonDir(), "slides.pptx"), PDF);
    const edit = appendToLesson("fr", `Voir <Download file="./budget.xls" title="Budget" /> et [les diapositives](./slides.pptx).`);
    try {
      const errors = errorsOf();
      expect(errors.map((d) => `${d.file.split("/").slice(-3).join("/")}:${d.line}:${d.column} ${d.rule}`)).toEqual([
        `crowdfunding/${LESSON}/fr.mdx:${edit.line}:6 file-type`,
      ]);
      expect(errors[0].message).toContain('".xls" files are not accepted; save it as .xlsx instead');
    } finally {
      edit.restore();
      fs.rmSync(path.join(lessonDir(), "budget.xls"));
    }
    // What the checker accepts is served, with its own type, never sniffed, and downloaded rather than opened.
    const pptx = await helpers.run(assets.loader, helpers.getRequest(`/course-assets/crowdfunding/crowdfunding-types/slides.pptx?v=1`), {
      course: "crowdfunding",
      lesson: "crowdfunding-types",
      file: "slides.pptx",
    });
    expect(pptx.status).toBe(200);
    expect(pptx.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.presentationml.presentation");
    expect(pptx.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(pptx.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(pptx.headers.get("Content-Disposition")).toContain("slides.pptx");
    fs.writeFileSync(path.join(lessonDir(), "old.xls"), PDF);
    const xls = await helpers.run(assets.loader, helpers.getRequest(`/course-assets/crowdfunding/crowdfunding-types/old.xls`), {
      course: "crowdfunding",
      lesson: "crowdfunding-types",
      file: "old.xls",
    });
    expect(xls.status).toBe(404);
    fs.rmSync(path.join(lessonDir(), "old.xls"));
    fs.rmSync(path.join(lessonDir(), "slides.pptx"));
  });

  it("an SVG with a script or an external reference fails the checker and is not served; a clean one is served sandboxed", async () => {
    fs.writeFileSync(path.join(lessonDir(), "evil.svg"), SAFE_SVG.toString().replace("<rect", '<image href="https://tracker.example/x.png"/><rect'));
    fs.writeFileSync(path.join(lessonDir(), "clean.svg"), SAFE_SVG);
    const edit = appendToLesson("ar", `<Figure src="./evil.svg" alt="رسم" width={320} height={180} />\n\n<Figure src="./clean.svg" alt="رسم" />`);
    try {
      const errors = errorsOf();
      expect(errors.map((d) => [d.line, d.rule])).toEqual([[edit.line, "unsafe-svg"]]);
      expect(errors[0].message).toContain('href="https://tracker.example/x.png"');
    } finally {
      edit.restore();
    }
    const get = (file: string) =>
      helpers.run(assets.loader, helpers.getRequest(`/course-assets/crowdfunding/crowdfunding-types/${file}`), {
        course: "crowdfunding",
        lesson: "crowdfunding-types",
        file,
      });
    expect((await get("evil.svg")).status).toBe(404);
    const clean = await get("clean.svg");
    expect(clean.status).toBe(200);
    expect(clean.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(clean.headers.get("Content-Security-Policy")).toContain("default-src 'none'; style-src 'unsafe-inline'");
    // A symbolic link committed beside a lesson is never followed, whatever it points to.
    fs.symlinkSync(path.join(lessonDir(), "clean.svg"), path.join(lessonDir(), "link.svg"));
    expect((await get("link.svg")).status).toBe(404);
    const linked = appendToLesson("fr", `<Figure src="./link.svg" alt="Un lien" />`);
    try {
      expect(errorsOf().map((d) => [d.line, d.rule, d.message])).toEqual([
        [linked.line, "missing-asset", '<Figure src> "./link.svg" is a symbolic link, which is never served: put the file itself beside the lesson'],
      ]);
    } finally {
      linked.restore();
    }
    fs.rmSync(path.join(lessonDir(), "link.svg"));
    fs.rmSync(path.join(lessonDir(), "evil.svg"));
    fs.rmSync(path.join(lessonDir(), "clean.svg"));
  });
});

describe("Figure width and height from the image", () => {
  it("fills both from the file when left out, and the missing one in proportion when only one is given", async () => {
    fs.writeFileSync(path.join(lessonDir(), "photo.png"), png(800, 600));
    const edit = appendToLesson(
      "fr",
      `<Figure src="./photo.png" alt="Une photo du club" />\n\n<Figure src="./photo.png" alt="La même, plus petite" width={400} />`,
    );
    try {
      expect(errorsOf()).toEqual([]);
      const found = course.getCourse("crowdfunding")!;
      const lesson = found.lessons.find((l) => l.folder === LESSON)!;
      const content = await course.compileLessonVersion(found.course, lesson, "fr", { courseLessonFolders: found.lessons.map((l) => l.folder), dir });
      expect(content.error).toBeNull();
      const html = JSON.stringify(content.rendered);
      expect(html).toMatch(
        /<img src=\\"\/course-assets\/crowdfunding\/crowdfunding-types\/photo\.png\?v=[0-9a-f]{12}\\" alt=\\"Une photo du club\\" width=\\"800\\" height=\\"600\\"/,
      );
      expect(html).toMatch(/alt=\\"La même, plus petite\\" width=\\"400\\" height=\\"300\\"/);
    } finally {
      edit.restore();
      fs.rmSync(path.join(lessonDir(), "photo.png"));
    }
  }, 30_000);

  it("the checker warns about an image above the budget, in bytes and in pixels, put there without the studio", () => {
    fs.writeFileSync(path.join(lessonDir(), "wide.png"), png(2000, 10, 320 * 1024));
    const edit = appendToLesson("fr", `<Figure src="./wide.png" alt="Une bande" />`);
    try {
      const warnings = check.checkCourses(dir).diagnostics.filter((d) => d.rule === "file-size");
      expect(warnings.map((d) => [d.severity, d.line, d.message.replace(/^.*?" /, "")])).toEqual([
        ["warning", edit.line, "is 2000 px wide, above the 1600 px budget: phones download pixels they cannot show"],
        ["warning", edit.line, `weighs ${Math.ceil(png(2000, 10, 320 * 1024).byteLength / 1024)} KB, above the 300 KB budget for .png files`],
      ]);
    } finally {
      edit.restore();
      fs.rmSync(path.join(lessonDir(), "wide.png"));
    }
  });

  it("the checker asks for width and height when the image's size cannot be read", () => {
    fs.writeFileSync(path.join(lessonDir(), "broken.png"), Buffer.from("not a png at all"));
    const edit = appendToLesson("fr", `<Figure src="./broken.png" alt="Illisible" />`);
    try {
      const errors = errorsOf();
      expect(errors.map((d) => [d.line, d.rule])).toEqual([[edit.line, "missing-prop"]]);
      expect(errors[0].message).toContain("give width={…} and height={…}");
    } finally {
      edit.restore();
      fs.rmSync(path.join(lessonDir(), "broken.png"));
    }
  });
});

describe("files beside a lesson", () => {
  const save = (name: string, bytes: Buffer, replace = false) =>
    files.saveLessonFile({ courseFolder: "crowdfunding", lessonFolder: LESSON, name, bytes: new Uint8Array(bytes), replace });

  it("normalises names to a safe slug and refuses names that leave the folder or hide characters", () => {
    expect(files.safeLessonFileName("Budget final (v2).XLSX")).toBe("budget-final-v2.xlsx");
    expect(files.safeLessonFileName("Présentation été.pdf")).toBe("presentation-ete.pdf");
    expect(files.safeLessonFileName("الميزانية.pdf")).toBe("file.pdf");
    for (const bad of ["../../course.yaml", "..\\evil.png", "a/b.png", "/etc/passwd.txt", "x\u0000.png", "x\u202egnp.exe", "noextension", ""])
      expect(files.safeLessonFileName(bad), bad).toBeNull();
  });

  it("refuses wrong content, oversize images and too-wide images with their numbers, writing nothing", async () => {
    const before = listing();
    expect(await save("../../escape.png", png(10, 10))).toEqual({ reason: "badName" });
    expect(await save("chart.png", PDF)).toEqual({ reason: "content", ext: "png" });
    expect(await save("guide.pdf", HTML)).toEqual({ reason: "content", ext: "pdf" });
    expect(await save("sheet.xls", PDF)).toEqual({ reason: "type", ext: "xls", instead: "xlsx" });
    const heavy = png(400, 300, 400 * 1024);
    expect(await save("heavy.png", heavy)).toEqual({ reason: "tooLarge", size: heavy.byteLength, max: 300 * 1024 });
    expect(await save("wide.png", png(2400, 10))).toEqual({ reason: "tooWide", width: 2400, max: 1600 });
    const script = SAFE_SVG.toString().replace("<rect", '<rect onload="alert(1)"');
    expect(await save("drawing.svg", Buffer.from(script))).toMatchObject({ reason: "unsafeSvg" });
    expect(listing()).toEqual(before);
    expect(scratch()).toEqual([]);
  });

  it("saves a checked file under its safe name; the same name again is a conflict unless replace is ticked", async () => {
    const first = await save("Photo du club.PNG", png(320, 240));
    expect(first).toMatchObject({ ok: true, name: "photo-du-club.png", size: { width: 320, height: 240 } });
    expect(fs.readFileSync(path.join(lessonDir(), "photo-du-club.png")).equals(png(320, 240))).toBe(true);
    expect(await save("photo du club.png", png(640, 480))).toEqual({ reason: "exists", name: "photo-du-club.png" });
    expect(await save("photo du club.png", png(640, 480), true)).toMatchObject({ ok: true, size: { width: 640 } });
    expect(files.listLessonFiles("crowdfunding", LESSON).find((f) => f.name === "photo-du-club.png")).toMatchObject({
      size: png(640, 480).byteLength,
      type: { kind: "image", mime: "image/png" },
      references: [],
    });
  });

  it("lists where each file is used, and deletes only a file no language mentions", () => {
    const entries = files.listLessonFiles("crowdfunding", LESSON);
    const svg = entries.find((e) => e.name === "forms-fr.svg")!;
    const frLine =
      fs
        .readFileSync(path.join(lessonDir(), "fr.mdx"), "utf8")
        .split("\n")
        .findIndex((l) => l.includes("forms-fr.svg")) + 1;
    expect(svg.references).toEqual([{ locale: "fr", line: frLine }]);
    expect(files.deleteLessonFile({ courseFolder: "crowdfunding", lessonFolder: LESSON, name: "forms-fr.svg" })).toEqual({
      reason: "referenced",
      name: "forms-fr.svg",
      where: [{ locale: "fr", line: frLine }],
    });
    expect(fs.existsSync(path.join(lessonDir(), "forms-fr.svg"))).toBe(true);
    expect(files.deleteLessonFile({ courseFolder: "crowdfunding", lessonFolder: LESSON, name: "../02-law-15-18/fr.mdx" })).toEqual({ reason: "notFound" });
    expect(files.deleteLessonFile({ courseFolder: "crowdfunding", lessonFolder: LESSON, name: "fr.mdx" })).toEqual({ reason: "notFound" });
    expect(files.deleteLessonFile({ courseFolder: "crowdfunding", lessonFolder: LESSON, name: "photo-du-club.png" })).toEqual({ ok: true });
    expect(fs.existsSync(path.join(lessonDir(), "photo-du-club.png"))).toBe(false);
  });
});

/** A one-lesson course made of the crowdfunding course's first lesson, as a zip's entries under `folder/`. */
const validCourse = (id: string, folder = id) => [
  {
    name: `${folder}/course.yaml`,
    content: fs
      .readFileSync(path.join(dir, "crowdfunding/course.yaml"), "utf8")
      .replace(/^id: .*$/m, `id: ${id}`)
      .replace(/^lessons:[\s\S]*$/m, "lessons:\n  - 01-crowdfunding-types\n"),
  },
  // Alone in its course, the lesson's links to the other lessons would be broken.
  {
    name: `${folder}/01-crowdfunding-types/ar.mdx`,
    content: fs.readFileSync(path.join(lessonDir(), "ar.mdx"), "utf8").replace(/\]\(\.\.\/[^)]*\)/g, "](#)"),
  },
  {
    name: `${folder}/01-crowdfunding-types/fr.mdx`,
    content: fs.readFileSync(path.join(lessonDir(), "fr.mdx"), "utf8").replace(/\]\(\.\.\/[^)]*\)/g, "](#)"),
  },
  { name: `${folder}/01-crowdfunding-types/forms-ar.svg`, content: fs.readFileSync(path.join(lessonDir(), "forms-ar.svg")) },
  { name: `${folder}/01-crowdfunding-types/forms-fr.svg`, content: fs.readFileSync(path.join(lessonDir(), "forms-fr.svg")) },
];

describe("course export and import", () => {
  const importZip = async (bytes: Buffer, replace = false) => archive.importCourseZip(new Uint8Array(bytes), { replace, dir });

  it("exports a course folder as a zip with the layout of courses/", async () => {
    const stream = archive.courseZip("project-proposal-writing", dir);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const entries = await unzipEntries(Buffer.concat(chunks));
    expect(entries.get("project-proposal-writing/course.yaml")!.equals(fs.readFileSync(path.join(dir, "project-proposal-writing/course.yaml")))).toBe(true);
    expect(entries.has("project-proposal-writing/05-budget/budget-sheet.xlsx")).toBe(true);
    expect(entries.has("project-proposal-writing/SOURCES.md")).toBe(true);
    const onDisk = fs.readdirSync(path.join(dir, "project-proposal-writing"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    expect(entries.size).toBe(onDisk);
  });

  it("refuses traversal, absolute paths, symlinks, zip bombs, foreign files and wrong content, writing nothing", async () => {
    const before = snapshot();
    const base = validCourse("bad-one");
    expect(await importZip(await makeZip([...base, { name: "bad-one/../../escape.mdx", content: "x" }]))).toEqual({
      reason: "unsafePath",
      entry: "bad-one/../../escape.mdx",
    });
    const absolute = patchZipName(await makeZip([...base, { name: "Xetc/cron.d/evil", content: "x" }]), "Xetc/cron.d/evil", "/etc/cron.d/evil");
    expect(await importZip(absolute)).toEqual({ reason: "unsafePath", entry: "/etc/cron.d/evil" });
    const backslash = patchZipName(await makeZip([...base, { name: "bad-one/01-crowdfunding-types/a_b.txt", content: "x" }]), "types/a_b", "types\\a\\b");
    expect(await importZip(backslash)).toEqual({ reason: "unsafePath", entry: "bad-one/01-crowdfunding-types\\a\\b.txt" });
    expect(await importZip(await makeZip([...base, { name: "bad-one/01-crowdfunding-types/link.svg", symlinkTo: "/etc/passwd" }]))).toEqual({
      reason: "symlink",
      entry: "bad-one/01-crowdfunding-types/link.svg",
    });
    const bomb = await makeZip([...base, { name: "bad-one/01-crowdfunding-types/zeros.txt", content: Buffer.alloc(60 * 1024 * 1024) }]);
    expect(bomb.byteLength).toBeLessThan(200 * 1024);
    expect(await importZip(bomb)).toMatchObject({ reason: "tooLarge", max: 50 * 1024 * 1024 });
    const many = await makeZip([...base, ...Array.from({ length: 1001 }, (_, i) => ({ name: `bad-one/01-crowdfunding-types/n${i}.txt`, content: "x" }))]);
    expect(await importZip(many)).toEqual({ reason: "tooManyEntries", count: 1006, max: 1000 });
    expect(await importZip(await makeZip([...base, { name: "bad-one/01-crowdfunding-types/run.exe", content: "MZ" }]))).toEqual({
      reason: "notAllowed",
      entry: "bad-one/01-crowdfunding-types/run.exe",
    });
    expect(await importZip(await makeZip([...base, { name: "bad-one/01-crowdfunding-types/chart.png", content: PDF }]))).toMatchObject({
      reason: "badFile",
      entry: "bad-one/01-crowdfunding-types/chart.png",
      problem: { reason: "content", ext: "png" },
    });
    expect(await importZip(Buffer.from("PK\u0003\u0004 this is not a zip"))).toEqual({ reason: "unreadable" });
    expect(await importZip(await makeZip([...base, { name: "bad-one/01-crowdfunding-types/ar.mdx", content: "twice" }]))).toEqual({
      reason: "notAllowed",
      entry: "bad-one/01-crowdfunding-types/ar.mdx",
    });
    expect(await importZip(await makeZip([{ name: "notes/readme.txt", content: "x" }]))).toEqual({ reason: "noCourse" });
    expect(snapshot()).toEqual(before);
    expect(scratch()).toEqual([]);
  });

  it("a course with checker errors is listed file:line:column and nothing is written", async () => {
    const before = snapshot();
    const broken = validCourse("broken-import").map((e) =>
      e.name.endsWith("fr.mdx") ? { ...e, content: `${e.content.toString()}\n<Callout type="tip">\nNon fermé\n` } : e,
    );
    const lines = broken
      .find((e) => e.name.endsWith("fr.mdx"))!
      .content.toString()
      .split("\n").length;
    const result = await importZip(await makeZip(broken));
    expect(result).toMatchObject({ reason: "checker" });
    const diagnostics = (result as { diagnostics: { file: string; line: number; column: number; rule: string }[] }).diagnostics;
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.rule}`)).toContain(
      `broken-import/01-crowdfunding-types/fr.mdx:${lines - 2}:1 mdx-syntax`,
    );
    expect(snapshot()).toEqual(before);
    expect(course.getCourse("broken-import")).toBeNull();
  });

  it("imports a new course into its folder and compiles it; the same id again needs replace", async () => {
    const result = await importZip(await makeZip(validCourse("imported-course")));
    expect(result).toMatchObject({ ok: true, courseId: "imported-course", folder: "imported-course", replaced: false, lessons: 1, failures: [] });
    const found = course.getCourse("imported-course")!;
    expect(found.lessons.map((l) => l.slug)).toEqual(["crowdfunding-types"]);
    expect(course.getLessonContent(found.lessons[0], "fr").rendered).not.toBeNull();
    expect(await importZip(await makeZip(validCourse("imported-course")))).toEqual({
      reason: "exists",
      courseId: "imported-course",
      folder: "imported-course",
    });
    // A new id whose folder name is already taken by another course.
    expect(await importZip(await makeZip(validCourse("another-id", "imported-course")))).toEqual({ reason: "folderTaken", folder: "imported-course" });
  }, 30_000);

  it("export then re-import with replace restores the course as exported, the previous folder swapped out", async () => {
    const chunks: Buffer[] = [];
    for await (const c of archive.courseZip("crowdfunding", dir)) chunks.push(c as Buffer);
    const exported = Buffer.concat(chunks);
    const yamlBefore = fs.readFileSync(path.join(dir, "crowdfunding/course.yaml"), "utf8");
    fs.writeFileSync(path.join(lessonDir(), "stray.txt"), "a file added after the export");
    const result = await importZip(exported, true);
    expect(result).toMatchObject({ ok: true, courseId: "crowdfunding", folder: "crowdfunding", replaced: true, lessons: 7, failures: [] });
    expect(fs.existsSync(path.join(lessonDir(), "stray.txt"))).toBe(false);
    expect(fs.readFileSync(path.join(dir, "crowdfunding/course.yaml"), "utf8")).toBe(yamlBefore);
    expect(scratch()).toEqual([]);
  }, 60_000);
});

describe("studio pages: files, export and import through real requests", () => {
  let filesRoute: typeof import("~/routes/studio.courses.$course.lessons.$lesson_.files");
  let exportRoute: typeof import("~/routes/studio.courses.$course.export[.zip]");
  let importRoute: typeof import("~/routes/studio.import");
  let author: { cookie: string };
  let stranger: { cookie: string };
  let admin: { cookie: string };
  let learner: { cookie: string };
  const params = { course: "crowdfunding", lesson: "crowdfunding-types" };
  const url = "/studio/courses/crowdfunding/lessons/crowdfunding-types/files";

  beforeAll(async () => {
    filesRoute = await import("~/routes/studio.courses.$course.lessons.$lesson_.files");
    exportRoute = await import("~/routes/studio.courses.$course.export[.zip]");
    importRoute = await import("~/routes/studio.import");
    const { setCourseAuthors } = await import("~/models/studio/authors.server");
    const trainer = helpers.makeUser("trainer");
    const other = helpers.makeUser("trainer");
    setCourseAuthors("crowdfunding", [trainer.id]);
    setCourseAuthors("project-proposal-writing", [other.id]);
    author = await helpers.cookieFor(trainer.id);
    stranger = await helpers.cookieFor(other.id);
    admin = await helpers.cookieFor(helpers.makeUser("admin").id);
    learner = await helpers.cookieFor(helpers.makeUser("learner").id);
  });

  function multipart(path: string, fields: [string, string | File][], cookie?: string) {
    const body = new FormData();
    for (const [name, value] of fields) body.append(name, value);
    return new Request(`http://localhost:3000${path}`, { method: "POST", body, headers: cookie ? { Cookie: cookie } : {} });
  }
  const file = (bytes: Buffer, name: string, type = "application/octet-stream") => new File([new Uint8Array(bytes)], name, { type });
  const formErrors = (outcome: { data: any }) => (outcome.data?.result?.error?.[""] ?? []).map((m: string) => (m.startsWith("{") ? JSON.parse(m) : { key: m }));

  it("lists the lesson's files with size, kind and the lines that use them, for its author and admins only", async () => {
    const page = await helpers.run(filesRoute.loader, helpers.getRequest(url, { cookie: author.cookie }), params);
    expect(page.status).toBe(200);
    const svg = page.data.files.find((f: { name: string }) => f.name === "forms-ar.svg");
    expect(svg).toMatchObject({
      kind: "image",
      size: fs.statSync(path.join(lessonDir(), "forms-ar.svg")).size,
      url: "/course-assets/crowdfunding/crowdfunding-types/forms-ar.svg",
    });
    expect(svg.references).toEqual([{ locale: "ar", line: expect.any(Number) }]);
    expect((await helpers.run(filesRoute.loader, helpers.getRequest(url, { cookie: admin.cookie }), params)).status).toBe(200);
    expect((await helpers.run(filesRoute.loader, helpers.getRequest(url, { cookie: stranger.cookie }), params)).status).toBe(404);
    expect((await helpers.run(filesRoute.loader, helpers.getRequest(url, { cookie: learner.cookie }), params)).status).toBe(403);
    for (const bad of [
      { ...params, lesson: "../02-law-15-18" },
      { ...params, course: ".." },
      { ...params, lesson: "nope" },
    ])
      expect((await helpers.run(filesRoute.loader, helpers.getRequest(url, { cookie: author.cookie }), bad)).status).toBe(404);
  });

  it("uploads an image for its author (redirect naming it), refuses a stranger with 404 and writes nothing for them", async () => {
    const before = listing();
    const refused = await helpers.run(
      filesRoute.action,
      multipart(
        url,
        [
          ["intent", "upload"],
          ["file", file(png(200, 100), "club.png", "image/png")],
        ],
        stranger.cookie,
      ),
      params,
    );
    expect(refused.status).toBe(404);
    expect(listing()).toEqual(before);
    const ok = await helpers.run(
      filesRoute.action,
      multipart(
        url,
        [
          ["intent", "upload"],
          ["file", file(png(200, 100), "Club Photo.png", "image/png")],
        ],
        author.cookie,
      ),
      params,
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe(`${url}?uploaded=club-photo.png`);
    expect(listing()).toEqual([...before, "club-photo.png"].sort());
    const again = await helpers.run(
      filesRoute.action,
      multipart(
        url,
        [
          ["intent", "upload"],
          ["file", file(png(200, 100), "club-photo.png")],
        ],
        author.cookie,
      ),
      params,
    );
    expect(again.status).toBe(409);
    expect(formErrors(again)).toEqual([{ key: "studioFiles.problem.exists", name: "\u2066club-photo.png\u2069" }]);
    const replaced = await helpers.run(
      filesRoute.action,
      multipart(
        url,
        [
          ["intent", "upload"],
          ["file", file(png(300, 100), "club-photo.png")],
          ["replace", "on"],
        ],
        author.cookie,
      ),
      params,
    );
    expect(replaced.status).toBe(302);
    expect(fs.readFileSync(path.join(lessonDir(), "club-photo.png")).equals(png(300, 100))).toBe(true);
  });

  it("answers each bad upload with its status and translated reason, and writes nothing", async () => {
    const before = listing();
    const send = (f: File) =>
      helpers.run(
        filesRoute.action,
        multipart(
          url,
          [
            ["intent", "upload"],
            ["file", f],
          ],
          author.cookie,
        ),
        params,
      );
    const cases: [File, number, object][] = [
      [file(png(10, 10), "../../../course.yaml.png"), 400, { key: "studioFiles.problem.badName" }],
      [file(png(10, 10), "..\\..\\evil.png"), 400, { key: "studioFiles.problem.badName" }],
      [file(PDF, "chart.png", "image/png"), 415, { key: "studioFiles.problem.content", ext: "\u2066png\u2069" }],
      [file(HTML, "guide.pdf", "application/pdf"), 415, { key: "studioFiles.problem.content", ext: "\u2066pdf\u2069" }],
      [file(PDF, "budget.xls"), 415, { key: "studioFiles.problem.typeInstead", ext: "\u2066xls\u2069", instead: "\u2066xlsx\u2069" }],
      [
        file(png(400, 300, 400 * 1024), "heavy.png"),
        413,
        { key: "studioFiles.problem.tooLarge", size: Math.ceil(png(400, 300, 400 * 1024).byteLength / 1024), max: 300 },
      ],
      [file(png(2400, 20), "wide.png"), 413, { key: "studioFiles.problem.tooWide", width: 2400, max: 1600 }],
    ];
    for (const [f, status, message] of cases) {
      const outcome = await send(f);
      expect([f.name, outcome.status]).toEqual([f.name, status]);
      expect(formErrors(outcome)).toEqual([message]);
    }
    const noFile = await helpers.run(filesRoute.action, multipart(url, [["intent", "upload"]], author.cookie), params);
    expect(noFile.status).toBe(400);
    expect(noFile.data.result.error.file).toEqual(["studioFiles.fileRequired"]);
    const unknown = await helpers.run(filesRoute.action, multipart(url, [["intent", "rename"]], author.cookie), params);
    expect(unknown.status).toBe(400);
    expect(listing()).toEqual(before);
  });

  it("deletes an unused file, and refuses one the lesson uses with the lines that use it", async () => {
    const used = await helpers.run(
      filesRoute.action,
      multipart(
        url,
        [
          ["intent", "delete"],
          ["name", "forms-fr.svg"],
        ],
        author.cookie,
      ),
      params,
    );
    expect(used.status).toBe(409);
    expect(formErrors(used)[0]).toMatchObject({ key: "studioFiles.problem.referenced", name: "\u2066forms-fr.svg\u2069" });
    expect(formErrors(used)[0].where).toMatch(/^\u2066fr\.mdx:\d+\u2069$/);
    const gone = await helpers.run(
      filesRoute.action,
      multipart(
        url,
        [
          ["intent", "delete"],
          ["name", "club-photo.png"],
        ],
        author.cookie,
      ),
      params,
    );
    expect(gone.status).toBe(302);
    expect(fs.existsSync(path.join(lessonDir(), "club-photo.png"))).toBe(false);
    const traversal = await helpers.run(
      filesRoute.action,
      multipart(
        url,
        [
          ["intent", "delete"],
          ["name", "../../course.yaml"],
        ],
        author.cookie,
      ),
      params,
    );
    expect(traversal.status).toBe(404);
    expect(fs.existsSync(path.join(dir, "crowdfunding/course.yaml"))).toBe(true);
  });

  it("exports the course for its author as an attachment zip; a stranger gets 404", async () => {
    const exportUrl = "/studio/courses/crowdfunding/export.zip";
    const outcome = await exportRoute.loader({
      request: helpers.getRequest(exportUrl, { cookie: author.cookie }),
      params: { course: "crowdfunding" },
      context: {},
    } as never);
    expect(outcome.headers.get("Content-Type")).toBe("application/zip");
    expect(outcome.headers.get("Content-Disposition")).toBe('attachment; filename="crowdfunding.zip"');
    const entries = await unzipEntries(Buffer.from(await outcome.arrayBuffer()));
    expect(entries.has(`crowdfunding/${LESSON}/fr.mdx`)).toBe(true);
    expect((await helpers.run(exportRoute.loader, helpers.getRequest(exportUrl, { cookie: stranger.cookie }), { course: "crowdfunding" })).status).toBe(404);
  });

  it("import takes a course zip larger than one upload (8 MB of PDFs) and refuses a body over 20 MB with 413", async () => {
    const pdf = () =>
      Buffer.concat([Buffer.from("%PDF-1.4\n"), crypto.randomBytes(4 * 1024 * 1024 - 100).map((b) => (b === 0x3c ? 0x20 : b)), Buffer.from("\n%%EOF\n")]);
    const big = await makeZip([
      ...validCourse("heavy-course"),
      { name: "heavy-course/01-crowdfunding-types/guide-1.pdf", content: pdf() },
      { name: "heavy-course/01-crowdfunding-types/guide-2.pdf", content: pdf() },
    ]);
    expect(big.byteLength).toBeGreaterThan(8 * 1024 * 1024);
    const imported = await helpers.run(importRoute.action, multipart("/studio/import", [["file", file(big, "heavy.zip")]], admin.cookie));
    expect(imported.status).toBe(302);
    expect(imported.headers.get("Location")).toBe("/studio/import?imported=heavy-course&lessons=1");
    expect(fs.statSync(path.join(dir, "heavy-course/01-crowdfunding-types/guide-2.pdf")).size).toBe(4 * 1024 * 1024 - 100 + 16);
    const huge = Buffer.concat([big, big, big]);
    const refused = await helpers.run(importRoute.action, multipart("/studio/import", [["file", file(huge, "huge.zip")]], admin.cookie));
    expect(refused.status).toBe(413);
  }, 60_000);

  it("import is for admins: a trainer is refused; a zip with checker errors answers 422 with file:line:column", async () => {
    const zip = await makeZip([{ name: "x/course.yaml", content: "id: x\n" }]);
    const trainerTry = await helpers.run(importRoute.action, multipart("/studio/import", [["file", file(zip, "x.zip")]], author.cookie));
    expect(trainerTry.status).toBe(403);
    const before = snapshot();
    const checked = await helpers.run(importRoute.action, multipart("/studio/import", [["file", file(zip, "x.zip")]], admin.cookie));
    expect(checked.status).toBe(422);
    expect(formErrors(checked)[0]).toMatchObject({ key: "studioFiles.import.problem.checker" });
    expect(checked.data.diagnostics.map((d: { file: string; line: number; column: number }) => `${d.file}:${d.line}:${d.column}`)).toContain(
      "x/course.yaml:1:1",
    );
    expect(snapshot()).toEqual(before);
    const symlink = await makeZip([
      { name: "x/course.yaml", content: "id: x\n" },
      { name: "x/01-a/ar.mdx", symlinkTo: "/etc/passwd" },
    ]);
    const refused = await helpers.run(importRoute.action, multipart("/studio/import", [["file", file(symlink, "x.zip")]], admin.cookie));
    expect(refused.status).toBe(400);
    expect(formErrors(refused)).toEqual([{ key: "studioFiles.import.problem.symlink", entry: "\u2066x/01-a/ar.mdx\u2069" }]);
  });
});
