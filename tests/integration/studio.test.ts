import { STUDIO_COURSES } from "./studio-env";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { lessonProgress, lessons, lessonVersions } from "../../db/schema";
import { buildAllLessons, getCourse, getLessonContent } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import { markLessonComplete } from "~/models/progress.server";
import { setCourseAuthors } from "~/models/studio/authors.server";
import { db } from "~/utils/db.server";
import * as studioIndex from "~/routes/studio._index";
import * as studioLayout from "~/routes/studio";
import * as courseRoute from "~/routes/studio.courses.$course._index";
import * as editorRoute from "~/routes/studio.courses.$course.lessons.$lesson";
import * as historyRoute from "~/routes/studio.courses.$course.lessons.$lesson_.history";
import * as problemsRoute from "~/routes/studio.problems";
import * as lessonRoute from "~/routes/courses.$course.$lesson";
import { cookieFor, getRequest, makeUser, postRequest, replyErrors, run } from "../helpers";

const DAY = 86_400_000;
const courseDir = path.join(STUDIO_COURSES, "mini");
const fileOf = (folder: string, locale: string) => path.join(courseDir, folder, `${locale}.mdx`);
const read = (folder: string, locale: string) => fs.readFileSync(fileOf(folder, locale), "utf8");

/** A multipart POST, as the editor's form sends it. */
function multipart(url: string, fields: Record<string, string>, cookie?: string) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request(`http://localhost:3000${url}`, { method: "POST", body, headers: cookie ? { Cookie: cookie } : {} });
}

let cookies: { authorA: string; authorB: string; trainerB: string; admin: string; learner: string };
let learnerId: number;
let enrolmentId: number;

const editorUrl = (slug: string, locale = "fr") => `/studio/courses/mini/lessons/${slug}?locale=${locale}`;
const editorParams = (slug: string) => ({ course: "mini", lesson: slug });
const loadEditor = (slug: string, cookie: string, locale = "fr", extra = "") =>
  run(editorRoute.loader, getRequest(editorUrl(slug, locale) + extra, { cookie }), editorParams(slug));
const postEditor = (slug: string, fields: Record<string, string>, cookie: string, locale = "fr") =>
  run(editorRoute.action, multipart(editorUrl(slug, locale), fields, cookie), editorParams(slug));

/** What a learner reads of a lesson: the stored HTML segments the lesson page joins. */
async function learnerText(slug: string) {
  const out = await run(lessonRoute.loader, getRequest(`/courses/mini/${slug}`, { cookie: cookies.learner, headers: { "Accept-Language": "fr" } }), {
    course: "mini",
    lesson: slug,
  });
  return JSON.stringify(out.data.segments);
}

beforeAll(async () => {
  const built = await buildAllLessons(STUDIO_COURSES);
  expect(built.failures).toEqual([]);
  const authorA = makeUser("trainer", { displayName: "Trainer Amal", locale: "fr" });
  const authorB = makeUser("trainer", { displayName: "Trainer Badr", locale: "fr" });
  const trainerB = makeUser("trainer", { displayName: "Trainer Atlas", locale: "fr" });
  const admin = makeUser("admin", { displayName: "Admin", locale: "fr" });
  const learner = makeUser("learner", { displayName: "Amina", locale: "fr" });
  learnerId = learner.id;
  expect(setCourseAuthors("mini", [authorA.id, authorB.id]).ok).toBe(true);
  const now = Date.now();
  const saved = saveOffering({
    courseId: "mini",
    periodLabel: "2031-Q1",
    enrolOpensAt: new Date(now - 20 * DAY),
    enrolClosesAt: new Date(now + 20 * DAY),
    startsAt: new Date(now - 10 * DAY),
    endsAt: new Date(now + 40 * DAY),
    capacity: 10,
    languages: ["ar", "fr"],
    status: "running",
    trainerIds: [trainerB.id],
  });
  if (!saved.ok) throw new Error("offering not saved");
  enrolmentId = enrol(saved.id, learner.id).enrolment.id;
  cookies = {
    authorA: (await cookieFor(authorA.id)).cookie,
    authorB: (await cookieFor(authorB.id)).cookie,
    trainerB: (await cookieFor(trainerB.id)).cookie,
    admin: (await cookieFor(admin.id)).cookie,
    learner: (await cookieFor(learner.id)).cookie,
  };
});

describe("who may author", () => {
  it("an assigned trainer and admins see the course; another trainer gets 404, a learner 403, a visitor the login page", async () => {
    const page = (cookie?: string) => run(courseRoute.loader, getRequest("/studio/courses/mini", { cookie }), { course: "mini" });
    const a = await page(cookies.authorA);
    expect(a.status).toBe(200);
    expect(a.data.lessons.map((l: { slug: string }) => l.slug)).toEqual(["first", "second"]);
    expect(a.data.authors).toBeNull(); // only admins assign authors
    const admin = await page(cookies.admin);
    expect(admin.status).toBe(200);
    expect(admin.data.authors.current).toHaveLength(2);
    expect((await page(cookies.trainerB)).status).toBe(404);
    expect((await page(cookies.learner)).status).toBe(403);
    expect((await page()).status).toBe(302);
    expect((await run(studioLayout.loader, getRequest("/studio", { cookie: cookies.learner }))).status).toBe(403);
  });

  it("the course list shows each person their own courses with lesson and problem counts", async () => {
    const list = async (cookie: string) => (await run(studioIndex.loader, getRequest("/studio", { cookie }))).data.courses;
    expect(await list(cookies.authorA)).toEqual([{ id: "mini", title: "Cours court", lessons: 2, problems: 0 }]);
    expect(await list(cookies.trainerB)).toEqual([]);
    expect((await list(cookies.admin)).map((c: { id: string }) => c.id)).toEqual(["mini"]);
  });

  it("a trainer who does not author the course cannot save, publish or edit it", async () => {
    const before = read("01-first", "fr");
    const refused = await postEditor("first", { intent: "publish", source: before + "\nX", baseHash: "none", message: "x" }, cookies.trainerB);
    expect(refused.status).toBe(404);
    const meta = await run(courseRoute.action, postRequest("/studio/courses/mini", { intent: "archive", lessonId: "1" }, { cookie: cookies.trainerB }), {
      course: "mini",
    });
    expect(meta.status).toBe(404);
    expect(read("01-first", "fr")).toBe(before);
  });

  it("only admins assign authors", async () => {
    const byTrainer = await run(courseRoute.action, postRequest("/studio/courses/mini", { intent: "authors", trainerIds: "1" }, { cookie: cookies.authorA }), {
      course: "mini",
    });
    expect(byTrainer.status).toBe(403);
    const learnerAsAuthor = await run(
      courseRoute.action,
      postRequest("/studio/courses/mini", { intent: "authors", trainerIds: String(learnerId) }, { cookie: cookies.admin }),
      { course: "mini" },
    );
    expect(learnerAsAuthor.status).toBe(422);
    expect(replyErrors(learnerAsAuthor).trainerIds).toEqual(["studio.errors.notATrainer"]);
  });

  it("path traversal in any parameter is no page (404), never a file outside the course", async () => {
    for (const course of ["..", "%2e%2e", "mini/..", "../mini", "/etc", "mini\u0000", "MINI"]) {
      expect((await run(courseRoute.loader, getRequest("/studio/courses/x", { cookie: cookies.admin }), { course })).status, course).toBe(404);
    }
    for (const lesson of ["..", "%2e%2e", "../02-second", "first/../../x", "first\u0000", "/etc/passwd"]) {
      expect(
        (await run(editorRoute.loader, getRequest(`/studio/courses/mini/lessons/x?locale=fr`, { cookie: cookies.admin }), { course: "mini", lesson })).status,
        lesson,
      ).toBe(404);
    }
    for (const locale of ["../../etc/passwd", "fr%00", "de", "fr/../ar"]) {
      expect((await loadEditor("first", cookies.admin, encodeURIComponent(locale))).status, locale).toBe(404);
    }
  });
});

describe("drafts, check, preview, publish", () => {
  it("a saved draft is the editor's text but learners keep reading the published version", async () => {
    const loaded = await loadEditor("first", cookies.authorA);
    expect(loaded.status).toBe(200);
    expect(loaded.data.source).toBe(read("01-first", "fr"));
    const draft = loaded.data.source.replace("Some text.", "Brouillon secret du formateur.");
    const saved = await postEditor("first", { intent: "save", source: draft, baseHash: loaded.data.baseHash }, cookies.authorA);
    expect(saved.status).toBe(302);
    const again = await loadEditor("first", cookies.authorB);
    expect(again.data.source).toBe(draft);
    expect(again.data.draft.author).toBe("Trainer Amal");
    expect(await learnerText("first")).not.toContain("Brouillon secret");
    expect(read("01-first", "fr")).not.toContain("Brouillon secret");
  });

  it("check and preview lists the checker's errors at their line and renders the lesson through the real pipeline", async () => {
    const loaded = await loadEditor("first", cookies.authorA);
    const broken = loaded.data.source.replace("Brouillon secret du formateur.", "Texte.\n\n<Bogus />");
    const line = broken.split("\n").findIndex((l: string) => l.includes("<Bogus")) + 1;
    const checked = await postEditor("first", { intent: "check", source: broken, baseHash: loaded.data.baseHash, width: "phone" }, cookies.authorA);
    expect(checked.status).toBe(302);
    expect(checked.headers.get("Location")).toContain("preview=fr");
    const shown = await loadEditor("first", cookies.authorA, "fr", "&preview=fr&width=phone");
    const errors = shown.data.diagnostics.filter((d: { severity: string }) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].line).toBe(line);
    expect(errors[0].message).toContain("Bogus");
    expect(shown.data.preview).toMatchObject({ locale: "fr", segments: null, errors: errors.length });

    const fixed = broken.replace("<Bogus />", "Un paragraphe : corrigé !");
    await postEditor("first", { intent: "check", source: fixed, baseHash: loaded.data.baseHash, width: "desktop" }, cookies.authorA);
    const preview = await loadEditor("first", cookies.authorA, "fr", "&preview=fr&width=desktop");
    expect(preview.data.diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
    expect(preview.data.width).toBe("desktop");
    const html = JSON.stringify(preview.data.preview.segments);
    // The French typography of the pipeline: a no-break space before ":" and "!".
    expect(html).toMatch(/Un paragraphe[\u00a0\u202f]: corrigé[\u00a0\u202f]!/);
    expect(html).toContain("first-quiz");
    // The other language, from its file, in the same page.
    const arabic = await loadEditor("first", cookies.authorA, "fr", "&preview=ar");
    expect(arabic.data.preview.locale).toBe("ar");
    expect(arabic.data.preview.segments).not.toBeNull();
  });

  it("publish is refused while the checker reports errors; the file stays, the draft keeps the text", async () => {
    const loaded = await loadEditor("first", cookies.authorA);
    const onDisk = read("01-first", "fr");
    const broken = loaded.data.source + "\n<Quiz>\n";
    const refused = await postEditor("first", { intent: "publish", source: broken, baseHash: loaded.data.baseHash, message: "essai" }, cookies.authorA);
    expect(refused.status).toBe(422);
    expect(replyErrors(refused)[""]).toEqual(["studio.errors.publishWithErrors"]);
    expect(refused.data.diagnostics.some((d: { severity: string }) => d.severity === "error")).toBe(true);
    expect(read("01-first", "fr")).toBe(onDisk);
    expect((await loadEditor("first", cookies.authorA)).data.source).toBe(broken);
  });

  it("publishing writes the file, records the version and learners read it at once", async () => {
    const loaded = await loadEditor("first", cookies.authorA);
    const source = read("01-first", "fr").replace("Some text.", "Texte publié depuis le studio.");
    const published = await postEditor("first", { intent: "publish", source, baseHash: loaded.data.baseHash, message: "Premier texte" }, cookies.authorA);
    expect(published.status).toBe(302);
    expect(published.headers.get("Location")).toContain("published=1");
    expect(read("01-first", "fr")).toBe(source);
    expect(await learnerText("first")).toContain("Texte publié depuis le studio.");
    const lessonId = getCourse("mini")!.lessons[0]!.id;
    const versions = db.select().from(lessonVersions).where(eq(lessonVersions.lessonId, lessonId)).all();
    expect(versions.map((v) => [v.locale, v.message])).toEqual([["fr", "Premier texte"]]);
    // The draft is gone: the editor shows the file.
    expect((await loadEditor("first", cookies.authorA)).data.draft).toBeNull();
  });

  it("a file changed on disk since the editor loaded it (a git edit) refuses publishing with the difference; nothing is lost", async () => {
    const loaded = await loadEditor("first", cookies.authorA);
    const gitEdit = read("01-first", "fr").replace("Texte publié depuis le studio.", "Texte corrigé avec git.");
    fs.writeFileSync(fileOf("01-first", "fr"), gitEdit);
    const mine = loaded.data.source.replace("Texte publié depuis le studio.", "Texte du formateur A.");
    const refused = await postEditor("first", { intent: "publish", source: mine, baseHash: loaded.data.baseHash, message: "A" }, cookies.authorA);
    expect(refused.status).toBe(409);
    expect(replyErrors(refused)[""]).toEqual(["studio.errors.conflict"]);
    expect(refused.data.conflict).toContainEqual({ kind: "removed", text: "Texte corrigé avec git." });
    expect(refused.data.conflict).toContainEqual({ kind: "added", text: "Texte du formateur A." });
    expect(read("01-first", "fr")).toBe(gitEdit);
    const after = await loadEditor("first", cookies.authorA);
    expect(after.data.source).toBe(mine);
    expect(after.data.draft.stale).toBe(true);

    // Having seen the difference, the trainer keeps their version and publishes it.
    expect((await postEditor("first", { intent: "rebase" }, cookies.authorA)).status).toBe(302);
    const rebased = await loadEditor("first", cookies.authorA);
    const ok = await postEditor(
      "first",
      { intent: "publish", source: rebased.data.source, baseHash: rebased.data.baseHash, message: "Après conflit" },
      cookies.authorA,
    );
    expect(ok.status).toBe(302);
    expect(read("01-first", "fr")).toBe(mine);
  });

  it("two trainers publishing the same lesson at once: one wins, the other gets the conflict", async () => {
    const base = (await loadEditor("second", cookies.authorA)).data;
    const sourceA = base.source.replace("Write your plan.", "Écrivez votre plan (A).");
    const sourceB = base.source.replace("Write your plan.", "Écrivez votre plan (B).");
    const [a, b] = await Promise.all([
      postEditor("second", { intent: "publish", source: sourceA, baseHash: base.baseHash, message: "A" }, cookies.authorA),
      postEditor("second", { intent: "publish", source: sourceB, baseHash: base.baseHash, message: "B" }, cookies.authorB),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    const winner = a.status === 302 ? sourceA : sourceB;
    expect(read("02-second", "fr")).toBe(winner);
    const lessonId = getCourse("mini")!.lessons[1]!.id;
    expect(db.select().from(lessonVersions).where(eq(lessonVersions.lessonId, lessonId)).all()).toHaveLength(1);
    // The loser's text is their draft.
    expect((await loadEditor("second", cookies.authorA)).data.source).toBe(a.status === 302 ? sourceB : sourceA);
    await postEditor("second", { intent: "discard" }, cookies.authorA);
  });

  it("history lists versions with author and message, shows a diff, and restores an earlier version as a new one", async () => {
    const url = "/studio/courses/mini/lessons/first/history?locale=fr";
    const history = await run(historyRoute.loader, getRequest(url, { cookie: cookies.authorB }), editorParams("first"));
    expect(history.status).toBe(200);
    const versions = history.data.versions as { id: number; message: string; authorName: string; live: boolean }[];
    expect(versions.map((v) => [v.message, v.authorName, v.live])).toEqual([
      ["Après conflit", "Trainer Amal", true],
      ["Premier texte", "Trainer Amal", false],
    ]);
    const diff = await run(historyRoute.loader, getRequest(`${url}&version=${versions[0]!.id}`, { cookie: cookies.authorB }), editorParams("first"));
    expect(diff.data.shown.diff).toContainEqual({ kind: "added", text: "Texte du formateur A." });
    expect(diff.data.shown.diff).toContainEqual({ kind: "removed", text: "Texte publié depuis le studio." });

    const restored = await run(
      historyRoute.action,
      postRequest(url, { intent: "restore", versionId: String(versions[1]!.id), baseHash: history.data.baseHash }, { cookie: cookies.authorB }),
      editorParams("first"),
    );
    expect(restored.status).toBe(302);
    expect(read("01-first", "fr")).toContain("Texte publié depuis le studio.");
    expect(await learnerText("first")).toContain("Texte publié depuis le studio.");
    const after = await run(historyRoute.loader, getRequest(url, { cookie: cookies.authorB }), editorParams("first"));
    expect(after.data.versions).toHaveLength(3);
    expect(after.data.versions[0]).toMatchObject({ authorName: "Trainer Badr", live: true });
    // A restore on a stale page is the same conflict as a publish.
    const stale = await run(
      historyRoute.action,
      postRequest(url, { intent: "restore", versionId: String(versions[0]!.id), baseHash: history.data.baseHash }, { cookie: cookies.authorB }),
      editorParams("first"),
    );
    expect(stale.status).toBe(409);
  });

  it("a language the lesson does not have yet starts from the template and is added when published", async () => {
    const loaded = await loadEditor("second", cookies.authorA, "en");
    expect(loaded.data).toMatchObject({ fileExists: false, baseHash: "none" });
    expect(loaded.data.source).toMatch(/^---\ntitle: Second\n/);
    const source = read("02-second", "fr").replace(/Écrivez votre plan \([AB]\)\./, "Write your plan in English.");
    const published = await postEditor("second", { intent: "publish", source, baseHash: "none", message: "English version" }, cookies.authorA, "en");
    expect(published.status).toBe(302);
    expect(read("02-second", "en")).toBe(source);
    expect(getCourse("mini")!.lessons[1]!.locales).toEqual(["ar", "fr", "en"]);
    expect(getLessonContent(getCourse("mini")!.lessons[1]!, "en").error).toBeNull();
    const unknown = await postEditor("second", { intent: "delete", source, baseHash: "none" }, cookies.authorA, "en");
    expect(unknown.status).toBe(400);
  });

  it("a 10 MB paste is refused by the body reader (413) and binary content with 422, nothing written", async () => {
    const loaded = await loadEditor("second", cookies.authorA);
    const before = read("02-second", "fr");
    const huge = await postEditor("second", { intent: "save", source: "ا".repeat(5 * 1024 * 1024), baseHash: loaded.data.baseHash }, cookies.authorA);
    expect(huge.status).toBe(413);
    const overLimit = await postEditor("second", { intent: "save", source: "a".repeat(1024 * 1024 + 1), baseHash: loaded.data.baseHash }, cookies.authorA);
    expect(overLimit.status).toBe(413);
    expect(replyErrors(overLimit).source).toEqual(["studio.errors.sourceTooLarge"]);
    const binary = await postEditor(
      "second",
      { intent: "publish", source: "%PDF-1.4\u0000\u0001binary", baseHash: loaded.data.baseHash, message: "x" },
      cookies.authorA,
    );
    expect(binary.status).toBe(422);
    expect(replyErrors(binary).source).toEqual(["studio.errors.binary"]);
    expect(read("02-second", "fr")).toBe(before);
    expect((await loadEditor("second", cookies.authorA)).data.draft).toBeNull();
  });
});

describe("lessons: create, rename, reorder, archive", () => {
  const post = (fields: Record<string, string>, cookie = cookies.authorA) =>
    run(courseRoute.action, postRequest("/studio/courses/mini", fields, { cookie }), { course: "mini" });
  const lessonRow = (slug: string) => getCourse("mini")!.lessons.find((l) => l.slug === slug);

  it("creates a lesson folder NN-slug with Arabic and French files that compile, listed in course.yaml", async () => {
    const created = await post({ intent: "create", slug: "budget-basics", titleAr: "أساسيات الميزانية", titleFr: "Le budget : les bases" });
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toBe("/studio/courses/mini/lessons/budget-basics?locale=ar&created=1");
    expect(fs.readFileSync(path.join(courseDir, "course.yaml"), "utf8")).toContain("  - 03-budget-basics");
    const row = lessonRow("budget-basics")!;
    // The title as typed is written to the file; the catalogue shows it with French spacing (a no-break space before ":").
    expect(row).toMatchObject({ folder: "03-budget-basics", position: 2, title: { ar: "أساسيات الميزانية", fr: "Le budget\u00A0: les bases" } });
    expect(getLessonContent(row, "fr").error).toBeNull();
    expect(getLessonContent(row, "ar").rendered).not.toBeNull();
  });

  it("a slug another lesson has is refused with 409 and the lesson keeps its name", async () => {
    const id = lessonRow("budget-basics")!.id;
    const refused = await post({ intent: "rename", lessonId: String(id), slug: "first", titleAr: "أ", titleFr: "B" });
    expect(refused.status).toBe(409);
    expect(replyErrors(refused).slug).toEqual(["studio.errors.slugTaken"]);
    expect(lessonRow("budget-basics")!.id).toBe(id);
    const create = await post({ intent: "create", slug: "second", titleAr: "أ", titleFr: "B" });
    expect(create.status).toBe(409);
  });

  it("renaming (titles and slug) keeps the lesson's id and the learner's progress, and rewrites links to it", async () => {
    const second = lessonRow("second")!;
    markLessonComplete(enrolmentId, second.id);
    fs.appendFileSync(fileOf("01-first", "ar"), "\n[الدرس الثاني](../02-second)\n");
    const renamed = await post({ intent: "rename", lessonId: String(second.id), slug: "your-plan", titleAr: "خطتك", titleFr: "Votre plan" });
    expect(renamed.status).toBe(302);
    const row = lessonRow("your-plan")!;
    expect(row).toMatchObject({ id: second.id, folder: "02-your-plan", title: { ar: "خطتك", fr: "Votre plan" } });
    expect(read("02-your-plan", "fr")).toMatch(/^---\ntitle: Votre plan\n/);
    expect(read("01-first", "ar")).toContain("(../02-your-plan)");
    expect(db.select().from(lessonProgress).where(eq(lessonProgress.lessonId, second.id)).all()).toHaveLength(1);
    expect(getLessonContent(lessonRow("first")!, "ar").error).toBeNull();
  });

  it("moving a lesson up renumbers the folders, keeps slugs, ids and progress; the first cannot move up", async () => {
    const plan = lessonRow("your-plan")!;
    const moved = await post({ intent: "move", lessonId: String(plan.id), direction: "up" });
    expect(moved.status).toBe(302);
    expect(getCourse("mini")!.lessons.map((l) => [l.slug, l.folder, l.id])).toEqual([
      ["your-plan", "01-your-plan", plan.id],
      ["first", "02-first", lessonRow("first")!.id],
      ["budget-basics", "03-budget-basics", lessonRow("budget-basics")!.id],
    ]);
    expect(
      fs
        .readdirSync(courseDir)
        .filter((f) => !f.endsWith(".yaml"))
        .sort(),
      // The course's pre/post-test folder has no number and is never renumbered.
    ).toEqual(["01-your-plan", "02-first", "03-budget-basics", "assessment"]);
    expect(read("02-first", "ar")).toContain("(../01-your-plan)");
    expect(db.select().from(lessonProgress).where(eq(lessonProgress.lessonId, plan.id)).all()).toHaveLength(1);
    const edge = await post({ intent: "move", lessonId: String(plan.id), direction: "up" });
    expect(edge.status).toBe(409);
  });

  it("archiving hides the lesson from learners and keeps its row and progress", async () => {
    const budget = lessonRow("budget-basics")!;
    const archived = await post({ intent: "archive", lessonId: String(budget.id) });
    expect(archived.status).toBe(302);
    expect(lessonRow("budget-basics")).toBeUndefined();
    expect(db.select().from(lessons).where(eq(lessons.id, budget.id)).get()!.archivedAt).not.toBeNull();
    expect(fs.readFileSync(path.join(courseDir, "course.yaml"), "utf8")).not.toContain("budget-basics");
    const page = await run(lessonRoute.loader, getRequest("/courses/mini/budget-basics", { cookie: cookies.learner }), {
      course: "mini",
      lesson: "budget-basics",
    });
    expect(page.status).toBe(404);
    // Its slug stays taken: a new lesson cannot take over its history.
    expect((await post({ intent: "create", slug: "budget-basics", titleAr: "أ", titleFr: "B" })).status).toBe(409);
    const listed = await run(courseRoute.loader, getRequest("/studio/courses/mini", { cookie: cookies.authorA }), { course: "mini" });
    expect(listed.data.archived.map((l: { slug: string }) => l.slug)).toEqual(["budget-basics"]);

    // Brought back: the same row, at the end; archived again for the tests that follow.
    expect((await post({ intent: "unarchive", lessonId: String(budget.id) })).status).toBe(302);
    expect(lessonRow("budget-basics")).toMatchObject({ id: budget.id, folder: "03-budget-basics" });
    expect((await post({ intent: "unarchive", lessonId: String(budget.id) })).status).toBe(404);
    expect((await post({ intent: "archive", lessonId: String(budget.id) })).status).toBe(302);
  });

  it("course details are written into course.yaml, comments kept, and synced to the catalogue", async () => {
    const admin = await run(courseRoute.loader, getRequest("/studio/courses/mini", { cookie: cookies.admin }), { course: "mini" });
    const fields = { ...admin.data.metadata, titleFr: "Cours court : édition 2", hours: "3", requireExercises: "", certAutoIssue: "on" } as Record<
      string,
      string
    >;
    for (const key of Object.keys(fields)) if (fields[key] === "") delete fields[key];
    const saved = await post(fields);
    expect(saved.status).toBe(302);
    const yaml = fs.readFileSync(path.join(courseDir, "course.yaml"), "utf8");
    expect(yaml).toMatch(/^# The course of the fixture world/);
    expect(yaml).toContain('fr: "Cours court : édition 2"');
    expect(yaml).toContain("requireExercises: false");
    expect(getCourse("mini")!.course).toMatchObject({ hours: 3, title: { fr: "Cours court : édition 2" }, completion: { requireExercises: false } });
    const bad = await post({ ...fields, hours: "0" });
    expect(bad.status).toBe(400);
    expect(replyErrors(bad).hours).toEqual(["studio.errors.outOfRange"]);
  });
});

describe("problems page", () => {
  it("lists each failing lesson version with its errors at line:column, for the course's authors only", async () => {
    const broken = `${read("02-first", "fr")}\n<Nope />\n`;
    fs.writeFileSync(fileOf("02-first", "fr"), broken);
    await buildAllLessons(STUDIO_COURSES);
    const mine = await run(problemsRoute.loader, getRequest("/studio/problems", { cookie: cookies.authorA }));
    expect(mine.data.problems).toHaveLength(1);
    const problem = mine.data.problems[0];
    expect(problem).toMatchObject({ courseId: "mini", slug: "first", locale: "fr" });
    const line = broken.split("\n").findIndex((l) => l.includes("<Nope")) + 1;
    expect(problem.errors[0]).toMatchObject({ line });
    expect(problem.errors[0].message).toContain("Nope");
    expect((await run(problemsRoute.loader, getRequest("/studio/problems", { cookie: cookies.trainerB }))).data.problems).toEqual([]);
    expect((await run(studioIndex.loader, getRequest("/studio", { cookie: cookies.authorA }))).data.courses[0].problems).toBe(1);
  });

  it("also lists a frontmatter error, which the stored compilation never saw (the catalogue sync refuses it first)", async () => {
    const source = read("02-first", "ar");
    const broken = source.replace(/^title: .*$/m, "title: الميزانية : الأساسيات");
    expect(broken).not.toBe(source);
    fs.writeFileSync(fileOf("02-first", "ar"), broken);
    await buildAllLessons(STUDIO_COURSES);
    const mine = await run(problemsRoute.loader, getRequest("/studio/problems", { cookie: cookies.authorA }));
    const problem = mine.data.problems.find((p: { locale: string }) => p.locale === "ar");
    expect(problem).toMatchObject({ courseId: "mini", slug: "first", locale: "ar" });
    expect(problem.errors[0]).toMatchObject({ line: 2 });
    expect(problem.errors[0].message).toContain("quotes");
    expect((await run(studioIndex.loader, getRequest("/studio", { cookie: cookies.authorA }))).data.courses[0].problems).toBe(2);
    fs.writeFileSync(fileOf("02-first", "ar"), source);
  });
});
