import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, freshAdmin, logIn } from "./fixtures";

const EDITOR = "/studio/courses/crowdfunding/lessons/crowdfunding-types";
/** The unsaved-text test saves drafts (one with an error in it): a lesson of its own, so the tests beside it never see them. */
const GUARDED = "/studio/courses/crowdfunding/lessons/after-the-campaign";
const SHOTS = path.resolve(import.meta.dirname, "../../test-results/studio-editor");
/** An Arabic sentence the trainer adds, with an unknown component typed inside it. */
const SENTENCE = "فقرة تجريبية جديدة للمعاينة";
const BROKEN = `${SENTENCE} <Quizz /> في وسط النص.`;

/** CSP violations, from the browser's own event and from the console, from the first script on. */
async function watchCsp(page: Page) {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|frame|evaluate)/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(`pageerror: ${e.message}`));
  return violations;
}

/** The scripts a page loads, by path. */
function watchScripts(page: Page) {
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(new URL(r.url()).pathname);
  });
  return scripts;
}

const isEditorChunk = (p: string) => /\/assets\/codemirror-[\w-]+\.js$/.test(p);

async function openEditor(page: Page, locale: "ar" | "fr", editor = EDITOR) {
  await page.goto(`${editor}?locale=${locale}`);
  await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  await expect(page.locator(".cm-editor")).toBeVisible();
  // The textarea is still in the form (it is what gets posted), hidden behind the editor.
  await expect(page.locator("textarea#lesson-source")).toBeHidden();
  // Until the trainer types, the page's own check of the loaded text is what is shown.
  await expect(page.locator("#diagnostics")).toBeVisible();
}

/**
 * The lines that carry an error mark: their text, direction, the number the gutter shows beside them, and the line
 * the editor itself says the mark is on. Each read first asks CodeMirror to measure again: the gutter follows the
 * content after a measure, and once in CI it had not caught up after 7 s of asking without it.
 */
async function markedLines(page: Page) {
  return page.evaluate(async () => {
    type View = { requestMeasure(): void; posAtDOM(node: Node): number; state: { doc: { lineAt(pos: number): { number: number } } } };
    // CodeMirror's own handle on its view (what EditorView.findFromDOM reads).
    const view = (document.querySelector(".cm-content") as unknown as { cmTile?: { root?: { view?: View } } }).cmTile?.root?.view;
    view?.requestMeasure();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // The number beside a line is the gutter element whose box holds the line's first row (fonts and sub-pixel layout
    // can put the two tops a few pixels apart; the element's own box is what the eye matches).
    const numbers = [...document.querySelectorAll(".cm-lineNumbers .cm-gutterElement")]
      .map((g) => ({ box: g.getBoundingClientRect(), n: g.textContent }))
      .filter((g) => g.box.height > 0);
    return [...document.querySelectorAll(".cm-content .cm-line")]
      .filter((line) => line.querySelector(".cm-lintRange-error"))
      .map((line) => {
        const box = line.getBoundingClientRect();
        const firstRow = box.top + Math.min(box.height, parseFloat(getComputedStyle(line).lineHeight) || box.height) / 2;
        const beside = numbers.find((g) => g.box.top <= firstRow && firstRow < g.box.bottom);
        const mark = line.querySelector(".cm-lintRange-error")!;
        const lineOfMark = view ? view.state.doc.lineAt(view.posAtDOM(mark)).number : null;
        return { text: line.textContent ?? "", dir: getComputedStyle(line).direction, gutter: beside?.n ?? null, lineOfMark };
      });
  });
}

for (const viewport of [
  { name: "phone", width: 360, height: 740 },
  { name: "desktop", width: 1280, height: 900 },
]) {
  test.describe(`the lesson editor on a ${viewport.name}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("an error typed in Arabic text is marked on its line, the preview follows, the fix clears the mark; <Q offers Quiz; no CSP violation", async ({
      page,
    }) => {
      const violations = await watchCsp(page);
      const scripts = watchScripts(page);
      await logIn(page, freshAdmin(), DEMO_PASSWORD);
      await openEditor(page, "ar");
      expect(scripts.filter(isEditorChunk)).toHaveLength(1);

      // Each line takes its own direction: the Arabic paragraphs right to left, the frontmatter's keys left to right.
      const directions = await page.evaluate(() =>
        [...document.querySelectorAll(".cm-content .cm-line")].slice(0, 14).map((l) => [l.textContent?.slice(0, 12), getComputedStyle(l).direction]),
      );
      expect(directions.find(([text]) => text?.startsWith("title:"))?.[1]).toBe("ltr");
      expect(directions.find(([text]) => text?.startsWith("يضمّ"))?.[1]).toBe("rtl");

      // Type at the end of the lesson: a new Arabic paragraph with an unknown component inside it.
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.insertText(`\n\n${BROKEN}`);
      const expectedLine = (await page.locator("textarea#lesson-source").inputValue()).split("\n").length;

      // One mark (drawn in two pieces around the isolated tag), on one line.
      await expect(page.locator(".cm-lintRange-error").first()).toBeVisible({ timeout: 15_000 });
      // The gutter is redrawn on the frame after the scroll to the end: ask again until it has caught up.
      await expect
        .poll(async () => (await markedLines(page)).map((m) => [m.lineOfMark, m.gutter]), { timeout: 15_000 })
        .toEqual([[expectedLine, String(expectedLine)]]);
      const marked = await markedLines(page);
      expect(marked).toHaveLength(1);
      expect(marked[0].text).toBe(BROKEN);
      expect(marked[0].dir).toBe("rtl");
      expect(marked[0].gutter).toBe(String(expectedLine));
      // The component inside the Arabic sentence is isolated left to right, so it reads "<Quizz />", not ">/ Quizz<".
      await expect(page.locator(".cm-line .cm-jsx-isolate", { hasText: "Quizz" })).toHaveText("<Quizz />");
      await expect(page.locator(".cm-line .cm-jsx-isolate", { hasText: "Quizz" })).toHaveAttribute("dir", "ltr");
      // The list under the editor names the same line and the column of "<Quizz".
      const column = BROKEN.indexOf("<Quizz") + 1;
      await expect(page.locator(".code-editor-diagnostics li.diagnostic-error")).toContainText(`${expectedLine}:${column}`);
      // In the interface's language, the component's name isolated left to right inside the Arabic sentence.
      await expect(page.locator(".code-editor-diagnostics li.diagnostic-error")).toContainText("العنصر \u2066<Quizz>\u2069 غير معروف");
      await expect(page.locator(".code-editor-diagnostics li.diagnostic-error .diagnostic-message")).not.toHaveAttribute("lang", "en");
      await expect(page.getByTestId("live-preview")).not.toContainText(SENTENCE);
      await page.screenshot({ path: path.join(SHOTS, `${viewport.name}-ar-error.png`), fullPage: false });
      await page.locator(".code-editor-diagnostics").scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `${viewport.name}-ar-error-list.png`), fullPage: false });

      // The form posts what the editor shows.
      expect(await page.locator("textarea#lesson-source").inputValue()).toContain(BROKEN);

      // Fix it: remove the component; the mark goes, the preview shows the new paragraph.
      // Home goes to the wrap point first on a narrow screen, then to the line's start.
      for (let i = 0; i < 3; i += 1) await page.keyboard.press("Shift+Home");
      await page.keyboard.insertText(SENTENCE);
      await expect(page.locator(".cm-lintRange-error")).toHaveCount(0, { timeout: 15_000 });
      await expect(page.getByTestId("live-preview")).toContainText(SENTENCE, { timeout: 15_000 });
      await expect(page.locator(".code-editor-status")).toContainText(/لم يُعثر على أي مشكلة|تنبيه/);

      // Autocompletion: "<Q" offers Quiz (and Question), from the checker's component specs.
      await page.keyboard.insertText("\n\n");
      await page.keyboard.type("<Q");
      const options = page.locator(".cm-tooltip-autocomplete li");
      await expect(options.filter({ hasText: /^Quiz/ })).toHaveCount(1);
      await expect(options.filter({ hasText: /^Question/ })).toHaveCount(1);
      await options.filter({ hasText: /^Quiz/ }).click();
      await expect(page.locator(".cm-content")).toContainText('<Quiz id="">');
      await page.screenshot({ path: path.join(SHOTS, `${viewport.name}-ar-completion.png`) });

      // The preview at phone width, then in French (the language's saved file), without leaving the editor.
      const preview = page.getByTestId("live-preview");
      await page.getByRole("button", { name: /هاتف/ }).click();
      expect(await preview.evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(360);
      await page.locator('.live-preview button[lang="fr"]').click();
      await expect(preview).toHaveAttribute("data-locale", "fr");
      await expect(preview.locator('.lesson-body[lang="fr"]')).toContainText("Les quatre formes de financement participatif");
      await preview.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `${viewport.name}-ar-preview-fr.png`) });

      // The styles CodeMirror injects carry this page's nonce (ready for a nonce-only style-src), and nothing was refused.
      const nonces = await page.evaluate(() => ({
        script: document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce,
        styles: [...document.querySelectorAll("style")].map((s) => s.nonce),
      }));
      expect(nonces.styles.length).toBeGreaterThan(0);
      for (const n of nonces.styles) expect(n).toBe(nonces.script);
      expect(violations).toEqual([]);
    });

    test("in French, the editor and its messages follow the interface", async ({ page }) => {
      const violations = await watchCsp(page);
      await logIn(page, freshAdmin(), DEMO_PASSWORD);
      await page.goto("/");
      await page.locator(".language-switcher button[value=fr]").click();
      await expect(page.locator("html")).toHaveAttribute("lang", "fr");
      await openEditor(page, "fr");
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.insertText('\n\n<Callout type="oops">\nAttention : budget.\n</Callout>');
      await expect(page.locator(".cm-lintRange-error")).toHaveCount(1, { timeout: 15_000 });
      await expect(page.locator(".code-editor-status")).toContainText("1 erreur");
      await expect(page.locator(".code-editor-diagnostics li.diagnostic-error")).toContainText(
        '<Callout type="oops"> doit être l\'une de ces valeurs : tip, warning, example',
      );
      await page.screenshot({ path: path.join(SHOTS, `${viewport.name}-fr-error.png`) });
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("End");
      for (let i = 0; i < '"oops">'.length; i += 1) await page.keyboard.press("Backspace");
      await page.keyboard.insertText('"tip">');
      await expect(page.locator(".cm-lintRange-error")).toHaveCount(0, { timeout: 15_000 });
      await expect(page.getByTestId("live-preview")).toContainText("Attention\u202f: budget.");
      await page.screenshot({ path: path.join(SHOTS, `${viewport.name}-fr-fixed.png`), fullPage: true });
      expect(violations).toEqual([]);
    });
  });
}

test.describe("text not saved is never lost by a click", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  for (const locale of ["ar", "fr"] as const) {
    const texts = {
      ar: { question: "تعديلاتك على هذا الدرس غير محفوظة", stay: "البقاء ومواصلة التحرير", leave: "المغادرة دون حفظ", history: "السجل", saved: "حُفظت المسودة" },
      fr: {
        question: "Vos modifications de cette leçon ne sont pas enregistrées",
        stay: "Rester et continuer",
        leave: "Quitter sans enregistrer",
        history: "Historique",
        saved: "Le brouillon est enregistré",
      },
    }[locale];

    test(`in ${locale}: a link asks first, Stay keeps the text, Save lets it go, a reload gets the browser's question`, async ({ page }) => {
      const violations = await watchCsp(page);
      await logIn(page, freshAdmin(), DEMO_PASSWORD);
      await page.goto("/");
      // The current language's button is not a button to press.
      if ((await page.locator("html").getAttribute("lang")) !== locale) await page.locator(`.language-switcher button[value=${locale}]`).click();
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await openEditor(page, locale, GUARDED);
      const here = new URL(page.url());
      const history = page.getByRole("link", { name: texts.history });
      const guard = page.getByRole("alertdialog");

      // Nothing typed: the link just goes, and back.
      await history.click();
      await expect(page).toHaveURL(/\/history\?/);
      await page.goBack();
      await expect(page.locator(".cm-editor")).toBeVisible();

      // Typed, not saved: the link is held and the question is asked in the interface's language, on screen.
      const added = locale === "ar" ? "سطر لم يُحفظ بعد" : "Une ligne pas encore enregistrée";
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.insertText(`\n\n${added}`);
      await history.click();
      await expect(guard).toBeVisible();
      await expect(guard).toContainText(texts.question);
      await expect(guard).toBeInViewport();
      expect(new URL(page.url()).pathname).toBe(here.pathname);
      await page.screenshot({ path: path.join(SHOTS, `unsaved-${locale}.png`) });
      await guard.getByRole("button", { name: texts.stay }).click();
      await expect(guard).toHaveCount(0);
      expect(new URL(page.url()).pathname).toBe(here.pathname);
      expect(await page.locator("textarea#lesson-source").inputValue()).toContain(added);

      // Another language of the same lesson is another file: held too. Leaving goes.
      const other = locale === "ar" ? "fr" : "ar";
      await page.locator(`.switches a[lang=${other}][href$="?locale=${other}"]`).click();
      await expect(guard).toBeVisible();
      await guard.getByRole("button", { name: texts.leave }).click();
      await expect(page).toHaveURL(new RegExp(`locale=${other}$`));
      await expect(page.locator(".cm-editor")).toBeVisible();
      await expect(guard).toHaveCount(0);
      // The text left behind is gone with the page: back on the first file (in the app), nothing is unsaved any more.
      await page.locator(`.switches a[lang=${locale}][href$="?locale=${locale}"]`).click();
      await expect(page).toHaveURL(new RegExp(`locale=${locale}$`));
      await expect(page.locator(".cm-editor")).toBeVisible();
      expect(await page.locator("textarea#lesson-source").inputValue()).not.toContain(added);
      await history.click();
      await expect(page).toHaveURL(/\/history\?/);
      await expect(guard).toHaveCount(0);

      // Back on the file, type again and save: saving is never held, and once saved the link goes at once.
      await page.goto(`${GUARDED}?locale=${locale}`);
      await expect(page.locator(".cm-editor")).toBeVisible();
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.insertText(`\n\n${added}`);
      await page.locator("button[name=intent][value=save]").click();
      // The save's own answer (the page has another success notice: "no problems found").
      await expect(page).toHaveURL(/[?&]saved=1/);
      await expect(page.getByText(texts.saved)).toBeVisible();
      await expect(guard).toHaveCount(0);
      await expect(page.locator("textarea#lesson-source")).toHaveValue(new RegExp(added));
      await history.click();
      await expect(page).toHaveURL(/\/history\?/);
      await expect(guard).toHaveCount(0);

      // A link tapped while the save is still on its way (the page not yet re-read) is not lost: it waits for the save,
      // then goes, without a question, since the text is saved by then.
      await page.goBack();
      await expect(page.locator(".cm-editor")).toBeVisible();
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.insertText(" ...");
      let reread = 0;
      await page.route(/\/lessons\/after-the-campaign\.data/, async (route) => {
        if (route.request().method() === "GET") {
          reread += 1;
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        await route.continue();
      });
      const saving = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/lessons/after-the-campaign"));
      await page.locator("button[name=intent][value=save]").click();
      await saving;
      await history.click();
      await expect(page).toHaveURL(/\/history\?/);
      await expect(guard).toHaveCount(0);
      expect(reread).toBeGreaterThan(0);

      // The same tap while a publish is on its way that is refused (an unknown component): the text is still not
      // published, so once the answer is in, the question is asked; Stay keeps the text.
      await page.goBack();
      await expect(page.locator(".cm-editor")).toBeVisible();
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.insertText("\n\n<Quizz />");
      await page.locator("#publish-message").fill("refused");
      const publishing = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/lessons/after-the-campaign"));
      await page.locator("button[name=intent][value=publish]").click();
      await publishing;
      await history.click();
      await expect(guard).toBeVisible();
      await expect(guard).toContainText(texts.question);
      expect(new URL(page.url()).pathname).toBe(here.pathname);
      await guard.getByRole("button", { name: texts.stay }).click();
      await expect(guard).toHaveCount(0);
      expect(await page.locator("textarea#lesson-source").inputValue()).toContain("<Quizz />");
      await page.unroute(/\/lessons\/after-the-campaign\.data/);

      // A reload (or a closed tab) with text typed since: the browser's own question.
      await page.goBack();
      await expect(page.locator(".cm-editor")).toBeVisible();
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+End");
      await page.keyboard.insertText(" +");
      const asked: string[] = [];
      page.once("dialog", async (dialog) => {
        asked.push(dialog.type());
        await dialog.accept();
      });
      await page.evaluate(() => location.reload());
      await expect.poll(() => asked).toEqual(["beforeunload"]);
      await expect(page.locator(".cm-editor")).toBeVisible();

      // Leave the lesson as it was for the other tests: the saved draft is discarded (nothing typed, so not held).
      await page.locator("button[name=intent][value=discard]").click();
      await expect(page.locator("button[name=intent][value=discard]")).toHaveCount(0);
      expect(violations).toEqual([]);
    });
  }
});

test("the editor's chunk loads on the studio editor only: not on learner pages, not on other staff pages", async ({ page }) => {
  const scripts = watchScripts(page);
  await logIn(page, "learner@tamkeen.test", DEMO_PASSWORD);
  for (const url of ["/learn", "/courses/crowdfunding/crowdfunding-types"]) await page.goto(url);
  expect(scripts.filter(isEditorChunk)).toEqual([]);

  await page.context().clearCookies();
  await logIn(page, freshAdmin(), DEMO_PASSWORD);
  for (const url of ["/trainer", "/admin", "/studio", "/studio/courses/crowdfunding"]) {
    await page.goto(url);
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
  }
  expect(scripts.filter(isEditorChunk)).toEqual([]);
  await openEditor(page, "ar");
  const chunks = scripts.filter(isEditorChunk);
  expect(chunks).toHaveLength(1);

  // Its weight on the wire: measured from the build, reported.
  const file = path.resolve(import.meta.dirname, "../../build/client", chunks[0].slice(1));
  const gzip = gzipSync(fs.readFileSync(file)).length;
  console.log(`editor chunk ${chunks[0]}: ${fs.statSync(file).size} bytes, ${gzip} gzip`);
  expect(gzip).toBeLessThan(200 * 1024);
});
