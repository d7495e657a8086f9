import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { makeZip, png } from "../fixtures/lesson-files";
import { DEMO_PASSWORD, freshAdmin, logIn } from "./fixtures";

// Files beside a lesson and course zips, on a phone: the course is imported by the test itself, so nothing it does
// touches the courses other specs read.
test.use({ viewport: { width: 360, height: 740 } });

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/studio-files-course/files-e2e");
const SHOTS = path.resolve(import.meta.dirname, "../.tmp-e2e/screenshots");
const LESSON = "/studio/courses/files-e2e/lessons/welcome";

/** The fixture course with a 400 × 300 photo beside its lesson, which both languages show in a Figure without a size. */
async function courseZip() {
  const entries = ["course.yaml", "01-welcome/ar.mdx", "01-welcome/fr.mdx"].map((name) => ({
    name: `files-e2e/${name}`,
    content: fs.readFileSync(path.join(FIXTURE, name)),
  }));
  return makeZip([...entries, { name: "files-e2e/01-welcome/photo-du-club.png", content: png(400, 300) }]);
}

function setLocale(email: string, locale: "ar" | "fr") {
  const db = new Database(path.resolve(import.meta.dirname, "../.tmp-e2e/e2e.db"));
  db.pragma("busy_timeout = 5000");
  db.prepare("UPDATE users SET locale = ? WHERE email = ?").run(locale, email);
  db.close();
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function importZip(page: Page, buffer: Buffer, replace: boolean) {
  await page.goto("/studio/import");
  await page.locator('input[name="file"]').setInputFiles({ name: "files-e2e.zip", mimeType: "application/zip", buffer });
  if (replace) await page.locator('input[name="replace"]').check();
  await page.locator('form:has(input[name="file"]) button[type="submit"]').click();
}

test.describe.configure({ mode: "serial" });

test("an admin imports a course, replaces its photo by upload, and the learner page reserves the new image's box", async ({ page }) => {
  const admin = freshAdmin();
  await logIn(page, admin, DEMO_PASSWORD);

  await importZip(page, await courseZip(), false);
  await expect(page.locator(".notice.success")).toContainText("files-e2e");
  await shot(page, "studio-import-ar");
  await page.goto("/courses/files-e2e/welcome");
  const img = page.locator('img[alt="صورة النادي"]');
  // Width and height were left out in the lesson: the compiler read them from the file.
  await expect(img).toHaveAttribute("width", "400");
  await expect(img).toHaveAttribute("height", "300");

  // A wrong file first: a PDF named .png is refused by its content, with the reason.
  await page.goto(`${LESSON}/files`);
  const upload = async (name: string, buffer: Buffer, replace = false) => {
    await page.locator('input[name="file"]').setInputFiles({ name, mimeType: "image/png", buffer });
    if (replace) await page.locator('input[name="replace"]').check();
    await page.locator("form.upload-form button[type=submit]").click();
  };
  await upload("fake.png", Buffer.from("%PDF-1.4\n%%EOF\n"));
  await expect(page.locator("#files-problem")).toContainText("ليس محتوى ملف");
  await expect(page.locator(".file-item")).toHaveCount(1);
  // The same name again without "replace": refused, the name given.
  await upload("Photo du club.png", png(800, 600));
  await expect(page.locator("#files-problem")).toContainText("photo-du-club.png");
  await upload("Photo du club.png", png(800, 600), true);
  await expect(page).toHaveURL(/uploaded=photo-du-club\.png/);
  const item = page.locator(".file-item", { hasText: "photo-du-club.png" });
  await expect(item).toContainText("العربية");
  await expect(item).toContainText("الفرنسية");
  // A file the lesson uses offers no delete button.
  await expect(item.locator('button[type="submit"]')).toHaveCount(0);
  await shot(page, "studio-files-ar");

  // The lesson was recompiled with the new photo: its URL changed (content hash) and its box is the new one.
  await page.goto("/courses/files-e2e/welcome");
  await expect(img).toHaveAttribute("width", "800");
  await expect(img).toHaveAttribute("height", "600");
  await img.scrollIntoViewIfNeeded();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(800);
  const box = (await img.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(360);
  expect(Math.abs(box.height / box.width - 0.75)).toBeLessThan(0.02);
  await shot(page, "lesson-figure-ar");
});

test("the course is exported as a zip and imported back: refused without 'replace', replaced with it", async ({ page }) => {
  const admin = freshAdmin();
  setLocale(admin, "fr");
  await logIn(page, admin, DEMO_PASSWORD);
  const response = await page.request.get("/studio/courses/files-e2e/export.zip");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toBe('attachment; filename="files-e2e.zip"');
  const exported = await response.body();
  expect(exported.subarray(0, 2).toString("latin1")).toBe("PK");

  await importZip(page, exported, false);
  await expect(page.locator("#import-problems")).toContainText("existe déjà");
  await shot(page, "studio-import-exists-fr");

  await importZip(page, exported, true);
  await expect(page.locator(".notice.success")).toContainText("Cours remplacé");
  // The image and the lesson that shows it came back with the zip.
  await page.goto(`${LESSON}/files`);
  await expect(page.locator(".file-item", { hasText: "photo-du-club.png" })).toContainText("arabe");
  await shot(page, "studio-files-fr");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a document is uploaded and, unused, deleted with plain forms", async ({ page }) => {
    const admin = freshAdmin();
    setLocale(admin, "fr");
    await logIn(page, admin, DEMO_PASSWORD);
    await page.goto(`${LESSON}/files`);
    await page.locator('input[name="file"]').setInputFiles({ name: "Notes de séance.txt", mimeType: "text/plain", buffer: Buffer.from("Ordre du jour\n") });
    await page.locator("form.upload-form button[type=submit]").click();
    await expect(page).toHaveURL(/uploaded=notes-de-seance\.txt/);
    const item = page.locator(".file-item", { hasText: "notes-de-seance.txt" });
    await expect(item).toContainText("Pas utilisé par la leçon");
    await expect(item).toContainText('<Download file="./notes-de-seance.txt"');
    await item.getByRole("button", { name: "Supprimer" }).click();
    await expect(page).toHaveURL(/deleted=notes-de-seance\.txt/);
    await expect(page.locator(".file-item", { hasText: "notes-de-seance.txt" })).toHaveCount(0);
  });
});

// The checker's messages in the admin's language, where an admin meets them outside the editor: a refused import, and
// the problems page (what the build found in the course files on disk).
const checkerWords = {
  ar: { unknown: "العنصر \u2066<Nope>\u2069 غير معروف", course: "صور الدروس", refused: "في الدورة خطأ واحد، ولم يُستورد أي شيء" },
  fr: { unknown: "composant inconnu <Nope>", course: "Les images des leçons", refused: "Le cours contient 1 erreur ; rien n'a été importé" },
} as const;
for (const [locale, javaScriptEnabled] of [
  ["ar", true],
  ["fr", false],
] as const) {
  test.describe(`the checker's words, ${locale}, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a refused import and the problems page name each problem at its place, in the admin's language", async ({ page }) => {
      const words = checkerWords[locale];
      const admin = freshAdmin();
      setLocale(admin, locale);
      await logIn(page, admin, DEMO_PASSWORD);
      const withNope = (name: string) => `${fs.readFileSync(path.join(FIXTURE, name), "utf8")}\n<Nope />\n`;
      const nopeLine = (text: string) => text.split("\n").findIndex((l) => l.includes("<Nope")) + 1;

      // An import whose French lesson uses a component that does not exist: refused, the place and the reason given.
      const french = withNope("01-welcome/fr.mdx");
      const zip = await makeZip([
        { name: "checker-e2e/course.yaml", content: fs.readFileSync(path.join(FIXTURE, "course.yaml"), "utf8").replace("id: files-e2e", "id: checker-e2e") },
        { name: "checker-e2e/01-welcome/ar.mdx", content: fs.readFileSync(path.join(FIXTURE, "01-welcome/ar.mdx")) },
        { name: "checker-e2e/01-welcome/fr.mdx", content: french },
        { name: "checker-e2e/01-welcome/photo-du-club.png", content: png(400, 300) },
      ]);
      await importZip(page, zip, false);
      const problems = page.locator("#import-problems");
      await expect(problems).toContainText(words.refused);
      const item = problems.locator("li", { hasText: "<Nope>" });
      await expect(item).toHaveCount(1);
      await expect(item.locator("bdi.code")).toHaveText(`checker-e2e/01-welcome/fr.mdx:${nopeLine(french)}:1`);
      await expect(item).toContainText(words.unknown);
      await expect(item.locator(".diagnostic-message")).not.toHaveAttribute("lang", "en");
      await shot(page, `checker-import-${locale}`);

      // The imported course's French file broken on disk (as an edit outside the studio would), then the lesson rebuilt
      // by replacing its photo: the problems page lists it, in the admin's language.
      await importZip(page, await courseZip(), true);
      await expect(page.locator(".notice.success")).toBeVisible();
      const onDisk = path.resolve(import.meta.dirname, "../.tmp-e2e/courses/files-e2e/01-welcome/fr.mdx");
      const good = fs.readFileSync(onDisk, "utf8");
      const bad = `${good}\n<Nope />\n`;
      const replacePhoto = async () => {
        await page.goto(`${LESSON}/files`);
        await page.locator('input[name="file"]').setInputFiles({ name: "photo-du-club.png", mimeType: "image/png", buffer: png(400, 300) });
        await page.locator('input[name="replace"]').check();
        await page.locator("form.upload-form button[type=submit]").click();
        await expect(page).toHaveURL(/uploaded=photo-du-club\.png/);
      };
      try {
        fs.writeFileSync(onDisk, bad);
        await replacePhoto();
        await page.goto("/studio/problems");
        const entry = page.locator(".problem-list > li", { has: page.locator('a[href*="/files-e2e/lessons/welcome?locale=fr"]') });
        await expect(entry).toHaveCount(1);
        // The course in the admin's language, the file's language by its own name.
        await expect(entry.locator("h2")).toContainText(words.course);
        await expect(entry.locator("h2")).toContainText("Français");
        const error = entry.locator("li.error");
        await expect(error).toHaveCount(1);
        await expect(error).toContainText(`${nopeLine(bad)}:1`);
        await expect(error).toContainText(words.unknown);
        await expect(error.locator(".diagnostic-message")).not.toHaveAttribute("lang", "en");
        await entry.scrollIntoViewIfNeeded();
        await shot(page, `checker-problems-${locale}`);
      } finally {
        fs.writeFileSync(onDisk, good);
      }
      // Mended on disk and rebuilt: the problem is gone from the page.
      await replacePhoto();
      await page.goto("/studio/problems");
      await expect(page.locator('.problem-list a[href*="/files-e2e/lessons/welcome"]')).toHaveCount(0);
    });
  });
}
