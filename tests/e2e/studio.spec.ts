import fs from "node:fs";
import path from "node:path";
import { hashSync } from "@node-rs/argon2";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { PASSWORD_HASH_OPTIONS } from "../../db/password-options";
import { DEMO_PASSWORD, logIn, uniqueEmail } from "./fixtures";

const COURSE = "crowdfunding";
const SHOTS = path.resolve(import.meta.dirname, "../.tmp-e2e/shots");
const hash = hashSync(DEMO_PASSWORD, PASSWORD_HASH_OPTIONS);

/** A trainer of this test's own (the interface language is saved on the account), author of the course when asked. */
function freshTrainer(locale: "ar" | "fr", authorOf?: string): string {
  const email = uniqueEmail("trainer");
  const db = new Database(path.resolve(import.meta.dirname, "../.tmp-e2e/e2e.db"));
  db.pragma("busy_timeout = 5000");
  const { lastInsertRowid } = db
    .prepare("INSERT INTO users (email, display_name, password_hash, role, locale) VALUES (?, ?, ?, 'trainer', ?)")
    .run(email, `Formatrice ${email.slice(8, 20)}`, hash, locale);
  if (authorOf) db.prepare("INSERT INTO course_authors (course_id, user_id) VALUES (?, ?)").run(authorOf, lastInsertRowid);
  db.close();
  return email;
}

const arabicLesson = (body: string) => `---
title: درس الاستوديو
summary: درس كُتب في المتصفح.
duration: 5
objectives:
  - كتابة درس دون سطر أوامر
---

${body}
`;
const frenchLesson = (body: string) => `---
title: Leçon du studio
summary: Une leçon écrite dans le navigateur.
duration: 5
objectives:
  - Écrire une leçon sans ligne de commande
---

${body}
`;

async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

async function createLesson(page: Page, slug: string) {
  await page.goto(`/studio/courses/${COURSE}`);
  const form = page.locator("#create-lesson");
  await shot(page, `course-page-${await page.locator("html").getAttribute("lang")}`);
  await form.locator('input[name="slug"]').fill(slug);
  await form.locator('input[name="titleAr"]').fill("درس الاستوديو");
  await form.locator('input[name="titleFr"]').fill("Leçon du studio");
  await form.locator('button[type="submit"]').click();
  await expect(page).toHaveURL(new RegExp(`/studio/courses/${COURSE}/lessons/${slug}\\?locale=ar&created=1`));
}

async function setSource(page: Page, source: string) {
  // studio-editor: with JavaScript the text is typed into CodeMirror (the textarea behind it is hidden and follows it).
  const editor = page.locator(".cm-content");
  if (await page.evaluate(() => document.documentElement.dataset.hydrated === "true")) {
    await expect(editor).toBeVisible();
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.insertText(source);
    await expect(page.locator("#lesson-source")).toHaveValue(source);
  } else await page.locator("#lesson-source").fill(source);
}

const button = (page: Page, intent: string) => page.locator(`#lesson-editor button[name="intent"][value="${intent}"]`);

async function publish(page: Page, message: string) {
  await page.locator("#publish-message").fill(message);
  // The URL may already say published=1 (a second publish from the same page): wait for the post itself to be answered.
  const posted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/studio/courses/${COURSE}/lessons/`));
  await button(page, "publish").click();
  expect((await posted).status()).toBeLessThan(400);
  await expect(page).toHaveURL(/published=1/);
}

test.describe("the trainer studio", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("a trainer writes a lesson in Arabic and French, fixes an error, previews at phone width, publishes, restores; a learner reads it", async ({
    page,
    browser,
  }) => {
    const slug = `studio-${Date.now()}`;
    await logIn(page, freshTrainer("ar", COURSE), DEMO_PASSWORD);
    await page.goto("/studio");
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await expect(page.getByRole("link", { name: "التمويل التشاركي" })).toBeVisible();
    await shot(page, "studio-list-ar");
    await createLesson(page, slug);
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);

    // Arabic: an unknown component on line 11 is reported there.
    await setSource(page, arabicLesson("فقرة أولى من الدرس.\n\n<Bogus />"));
    await button(page, "check").click();
    await expect(page).toHaveURL(/preview=ar/);
    const error = page.locator("#diagnostics li.error").first();
    await expect(error).toContainText("11:1");
    await expect(error).toContainText("العنصر \u2066<Bogus>\u2069 غير معروف");
    await expect(page.locator(".preview-frame")).toContainText("لا معاينة");
    await shot(page, "editor-error-ar");

    // Publishing with the error is refused, and the text stays.
    await page.locator("#publish-message").fill("محاولة");
    await button(page, "publish").click();
    await expect(page.getByRole("alert").first()).toContainText("لم يُنشر");
    await expect(page.locator("#lesson-source")).toHaveValue(/<Bogus \/>/);

    await setSource(page, arabicLesson("فقرة أولى من الدرس، صحيحة هذه المرة."));
    await button(page, "check").click();
    await expect(page.locator("#diagnostics")).toContainText("لم يجد الفحص أي مشكلة");
    const frame = page.locator(".preview-frame");
    await expect(frame).toContainText("فقرة أولى من الدرس، صحيحة هذه المرة.");
    await expect(frame).toHaveAttribute("dir", "rtl");
    expect((await frame.boundingBox())!.width).toBeLessThanOrEqual(360);
    await frame.scrollIntoViewIfNeeded();
    await shot(page, "editor-preview-ar-phone");
    await publish(page, "النسخة الأولى");

    // French.
    await page.getByRole("navigation", { name: "لغة النسخة" }).getByRole("link", { name: "Français" }).click();
    await expect(page).toHaveURL(/locale=fr/);
    await setSource(page, frenchLesson("Premier paragraphe : écrit dans le studio !"));
    await button(page, "check").click();
    await expect(page.locator(".preview-frame")).toContainText("Premier paragraphe\u202f: écrit dans le studio\u202f!");
    await expect(page.locator(".preview-frame")).toHaveAttribute("dir", "ltr");
    await page.locator(".preview-frame").scrollIntoViewIfNeeded();
    await shot(page, "editor-preview-fr-phone");
    // The other language, from the same page, at phone width; then the desktop width.
    await page.getByRole("navigation", { name: "لغة المعاينة" }).getByRole("link", { name: "العربية" }).click();
    await expect(page.locator(".preview-frame")).toContainText("صحيحة هذه المرة");
    await page.getByRole("navigation", { name: "عرض المعاينة" }).getByRole("link", { name: "حاسوب" }).click();
    await expect(page.locator(".preview-frame.desktop")).toBeVisible();
    await publish(page, "Première version");

    // A learner reads both languages.
    for (const [locale, text] of [
      ["fr-FR", "écrit dans le studio"],
      ["ar", "صحيحة هذه المرة"],
    ] as const) {
      const context = await browser.newContext({ locale, extraHTTPHeaders: { "Accept-Language": locale }, viewport: { width: 360, height: 740 } });
      const learner = await context.newPage();
      await learner.goto(`/courses/${COURSE}/${slug}`);
      await expect(learner.locator(".lesson-body")).toContainText(text);
      await shot(learner, `learner-${locale}`);
      await context.close();
    }

    // A second French version, then the first one restored from the history.
    await setSource(page, frenchLesson("Deuxième version du texte."));
    await publish(page, "Deuxième version");
    await page.getByRole("link", { name: "السجل" }).first().click();
    await expect(page.locator("tbody tr")).toHaveCount(2);
    await expect(page.locator("tbody tr").first()).toContainText("Deuxième version");
    await page.locator("tbody tr").nth(1).getByRole("link").first().click();
    await expect(page.locator("#diff")).toContainText("Premier paragraphe");
    await shot(page, "history-ar");
    await page.locator("tbody tr").nth(1).getByRole("button").click();
    await expect(page).toHaveURL(/restored=1/);
    await expect(page.locator("tbody tr")).toHaveCount(3);
    const context = await browser.newContext({ locale: "fr-FR", extraHTTPHeaders: { "Accept-Language": "fr" } });
    const learner = await context.newPage();
    await learner.goto(`/courses/${COURSE}/${slug}`);
    await expect(learner.locator(".lesson-body")).toContainText("écrit dans le studio");
    await context.close();
  });

  test("a trainer who does not author the course is refused it", async ({ page }) => {
    await logIn(page, freshTrainer("fr"), DEMO_PASSWORD);
    await page.goto("/studio/problems");
    await shot(page, "problems-fr");
    await page.goto("/studio");
    await expect(page.getByText("Aucun cours ne vous est encore attribué")).toBeVisible();
    const response = await page.goto(`/studio/courses/${COURSE}`);
    expect(response!.status()).toBe(404);
    const editor = await page.goto(`/studio/courses/${COURSE}/lessons/law-15-18?locale=fr`);
    expect(editor!.status()).toBe(404);
  });
});

test.describe("the trainer studio without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "fr-FR", extraHTTPHeaders: { "Accept-Language": "fr" } });

  test("create, check, publish with plain forms; a learner reads it", async ({ page, browser }) => {
    const slug = `nojs-${Date.now()}`;
    await logIn(page, freshTrainer("fr", COURSE), DEMO_PASSWORD);
    await createLesson(page, slug);
    await page.getByRole("navigation", { name: "Langue de la version" }).getByRole("link", { name: "Français" }).click();
    await setSource(page, frenchLesson('Texte sans JavaScript.\n\n<Callout type="nope">x</Callout>'));
    await button(page, "check").click();
    await expect(page.locator("#diagnostics li.error").first()).toContainText("11:1");
    await expect(page.locator("#diagnostics li.error").first()).toContainText('<Callout type="nope"> doit être l\'une de ces valeurs');
    await setSource(page, frenchLesson("Texte publié sans JavaScript."));
    await button(page, "check").click();
    await expect(page.locator(".preview-frame")).toContainText("Texte publié sans JavaScript.");
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, "editor-nojs-fr-desktop");
    await publish(page, "Sans JavaScript");
    await expect(page.getByRole("status")).toContainText("Publiée");
    const context = await browser.newContext({ locale: "fr-FR", extraHTTPHeaders: { "Accept-Language": "fr" }, javaScriptEnabled: false });
    const learner = await context.newPage();
    await learner.goto(`/courses/${COURSE}/${slug}`);
    await expect(learner.locator(".lesson-body")).toContainText("Texte publié sans JavaScript.");
    await context.close();
  });
});
