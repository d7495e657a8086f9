import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, freshAdmin, logIn } from "./fixtures";

// Learner pages on a cheap phone: 360 × 740, Arabic and French, with and without JavaScript.
test.use({ viewport: { width: 360, height: 740 } });

const LEARNER = "learner@tamkeen.test";
const SEED_COURSES = ["crowdfunding", "digital-communication", "it-training", "project-proposal-writing"];
const UI = {
  ar: { browser: "ar-MA", markComplete: "تحديد الدرس كمكتمل", completed: "اكتمل الدرس", incomplete: "أجب عن كل الأسئلة قبل الإرسال.", switchTo: "Français" },
  fr: {
    browser: "fr-FR",
    markComplete: "Marquer comme terminée",
    completed: "Leçon terminée",
    incomplete: "Répondez à toutes les questions avant d'envoyer.",
    switchTo: "العربية",
  },
} as const;

/** Console messages that report a blocked script, style, image or frame. */
function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|frame|evaluate)/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(`pageerror: ${e.message}`));
  return violations;
}

/** The learner's saved language follows them between tests: choose this test's one (the header shows the others). */
async function useLanguage(page: Page, locale: string) {
  if ((await page.locator("html").getAttribute("lang")) !== locale) await page.locator(`.language-switcher button[value=${locale}]`).click();
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
}

function directive(csp: string | undefined, name: string) {
  return (csp ?? "")
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));
}

async function expectNoHorizontalOverflow(page: Page, what: string) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, `${what} is wider than the screen`).toBeLessThanOrEqual(widths.client);
}

// The demo learner is enrolled in the running digital-communication offering: each variant uses its own lesson, so that
// "mark complete" is there to press in every one.
const variants = [
  { locale: "ar", js: true, lesson: "strategy" },
  { locale: "ar", js: false, lesson: "audiences-messages" },
  { locale: "fr", js: true, lesson: "channels" },
  { locale: "fr", js: false, lesson: "content-calendar" },
] as const;

for (const v of variants) {
  test.describe(`a learner on a 360 px phone, ${v.locale}, JavaScript ${v.js ? "on" : "off"}`, () => {
    test.use({ locale: UI[v.locale].browser, javaScriptEnabled: v.js });

    test("reads a lesson, is refused an incomplete quiz inside the quiz with the ticks kept, marks complete and lands beside “next lesson”", async ({
      page,
    }) => {
      const violations = watchCsp(page);
      await logIn(page, LEARNER, DEMO_PASSWORD);
      await useLanguage(page, v.locale);
      const response = await page.goto(`/courses/digital-communication/${v.lesson}`);
      const csp = response!.headers()["content-security-policy"];
      expect(directive(csp, "script-src")).toBe("script-src 'self'");
      expect(directive(csp, "img-src")).toBe("img-src 'self'");
      expect(csp).not.toContain("unsafe-eval");
      await expect(page.locator("html")).toHaveAttribute("lang", v.locale);
      await expect(page.locator(".lesson-body")).toHaveAttribute("lang", v.locale);
      // The header holds one row and the outline is closed: the lesson title is in the first screen.
      await expect(page.locator("#lesson-title")).toBeInViewport();
      expect(await page.locator(".site-header").evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(70);
      await expect(page.locator(".outline details")).not.toHaveAttribute("open", "");
      await expectNoHorizontalOverflow(page, v.lesson);

      // A deliberate incomplete submission: one option of the first question only.
      const quiz = page.locator(".quiz").first();
      const first = quiz.locator("fieldset").first().locator("input").first();
      const ticked = await first.getAttribute("value");
      await first.check();
      await quiz.getByRole("button").click();
      await expect(page).toHaveURL(/#quiz-/);
      await expect(quiz.locator("[role=alert]")).toHaveText(UI[v.locale].incomplete);
      await expect(quiz.locator("fieldset").first().locator(`input[value="${ticked}"]`)).toBeChecked();
      await expect(quiz.locator("[role=alert]")).toBeInViewport();
      await expectNoHorizontalOverflow(page, `${v.lesson} after the refusal`);

      await page.getByRole("button", { name: UI[v.locale].markComplete }).click();
      await expect(page).toHaveURL(new RegExp(`/courses/digital-communication/${v.lesson}#lesson-end$`));
      await expect(page.locator(".lesson-done")).toContainText(UI[v.locale].completed);
      await expect(page.locator(".lesson-done")).toBeInViewport();
      await expect(page.locator(".lesson-end a[rel=next]")).toBeInViewport();
      expect(violations).toEqual([]);
    });
  });
}

test.describe("the reader keeps their place when switching language (the enhancement script)", () => {
  test.use({ locale: "ar-MA" });

  test("after the switch the page opens near the same place, not at the top", async ({ page }) => {
    const violations = watchCsp(page);
    await page.goto("/courses/it-training/spreadsheets");
    await page.evaluate(() => window.scrollTo(0, (document.documentElement.scrollHeight - window.innerHeight) / 2));
    // The reader stays a moment, then goes up to the header (where the language buttons are) and switches.
    await page.waitForTimeout(1500);
    await page.getByRole("button", { name: "Français" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect.poll(() => page.evaluate(() => window.scrollY / (document.documentElement.scrollHeight - window.innerHeight))).toBeGreaterThan(0.35);
    expect(violations).toEqual([]);
  });
});

test.describe("every seed lesson fits a 360 px screen", () => {
  for (const locale of ["ar", "fr"] as const) {
    test.describe(locale, () => {
      test.use({ locale: UI[locale].browser });

      test(`no lesson overflows horizontally (${locale}); wide tables scroll in their own box, opened on the side the text starts`, async ({ page }) => {
        test.setTimeout(120_000);
        const violations = watchCsp(page);
        let lessons = 0;
        let tables = 0;
        for (const course of SEED_COURSES) {
          await page.goto(`/courses/${course}`);
          const links = await page.locator(".syllabus > li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
          expect(links.length).toBeGreaterThanOrEqual(6);
          for (const href of links) {
            await page.goto(href);
            await expect(page.locator("#lesson-title")).toBeVisible();
            await expectNoHorizontalOverflow(page, href);
            lessons += 1;
            for (const box of await page.locator(".table-scroll").all()) {
              tables += 1;
              const edges = await box.evaluate((el) => {
                const b = el.getBoundingClientRect();
                const t = el.querySelector("table")!.getBoundingClientRect();
                return { boxLeft: b.left, boxRight: b.right, tableLeft: t.left, tableRight: t.right, dir: getComputedStyle(el).direction };
              });
              // A table starts where its text starts: at the right in Arabic, at the left in French.
              if (edges.dir === "rtl") expect(Math.abs(edges.tableRight - edges.boxRight)).toBeLessThan(2);
              else expect(Math.abs(edges.tableLeft - edges.boxLeft)).toBeLessThan(2);
            }
          }
        }
        expect(lessons).toBeGreaterThanOrEqual(28);
        expect(tables).toBeGreaterThan(0);
        expect(violations).toEqual([]);
      });
    });
  }
});

test.describe("reading details", () => {
  test.use({ locale: "ar-MA" });

  test("a formula keeps its sign on the left in Arabic text; interface labels carry the interface's language; diagrams open full size", async ({ page }) => {
    await page.goto("/courses/it-training/spreadsheets");
    const formula = page.locator(".lesson-body bdi[dir=ltr]", { hasText: "=SUM(C2:C5)" }).first();
    await expect(formula).toHaveText("=SUM(C2:C5)");
    const order = await formula.evaluate((el) => {
      const range = document.createRange();
      const text = el.querySelector("code")?.firstChild ?? el.firstChild!;
      const left = (i: number) => {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect().left;
      };
      return { equals: left(0), last: left(text.textContent!.length - 1) };
    });
    expect(order.equals).toBeLessThan(order.last);
    // A formula in a quiz option, written as plain text in the lesson: isolated at compile time too.
    await expect(page.locator(".quiz label bdi[dir=ltr]", { hasText: "=SUM(C2:C20)" })).toHaveCount(1);
    const figure = page.locator(".figure a.figure-link").first();
    expect(await figure.getAttribute("href")).toBe(await figure.locator("img").getAttribute("src"));

    // The interface in English, the lesson in Arabic (the course has no English version): "Objectives", "Tip" and the
    // quiz title are English, and marked so.
    await page.getByRole("button", { name: "English" }).click();
    await page.goto("/courses/crowdfunding/law-15-18");
    await expect(page.locator(".lesson-body")).toHaveAttribute("lang", "ar");
    await expect(page.locator(".objectives summary")).toHaveAttribute("lang", "en");
    await expect(page.locator(".quiz h2").first()).toHaveAttribute("lang", "en");
    await expect(page.locator(".quiz h2").first()).toHaveText("Check what you learned");
    const label = page.locator(".callout-kind").first();
    await expect(label).toHaveAttribute("lang", "en");
    await expect(label).toHaveText(/^(Tip|Warning|Example)$/);
  });

  test("quiz options are shuffled per learner and question, the same on every reload", async ({ page, browser }) => {
    await logIn(page, LEARNER, DEMO_PASSWORD);
    const order = async (p: Page) =>
      p.locator(".quiz fieldset").evaluateAll((sets) => sets.map((s) => [...s.querySelectorAll("input")].map((i) => i.value).join("")));
    await page.goto("/courses/digital-communication/measuring-results");
    const once = await order(page);
    await page.reload();
    expect(await order(page)).toEqual(once);
    const visitor = await browser.newPage({ locale: "ar-MA" });
    await visitor.goto("/courses/digital-communication/measuring-results");
    const other = await order(visitor);
    expect(other.map((o) => [...o].sort().join(""))).toEqual(once.map((o) => [...o].sort().join("")));
    expect(other).not.toEqual(once);
    await visitor.close();
  });
});

test.describe("no framework script on learner pages", () => {
  test.use({ locale: "fr-FR" });

  const learnerPages = ["/", "/courses", "/courses/it-training", "/courses/it-training/spreadsheets", "/learn", "/account", "/verify"];
  const publicPages = ["/login", "/signup", "/forgot-password", "/reset-password?token=nothing-valid"];

  test("learner pages ship no <script> but the enhancement file, and what they load holds no eval nor new Function; staff pages hydrate with a nonce", async ({
    page,
  }) => {
    const violations = watchCsp(page);
    const scripts = new Map<string, string>();
    page.on("response", async (r) => {
      if (r.request().resourceType() === "script") scripts.set(new URL(r.url()).pathname, await r.text());
    });
    for (const url of publicPages) await expectOnlyEnhancement(page, url);
    await logIn(page, LEARNER, DEMO_PASSWORD);
    for (const url of learnerPages) await expectOnlyEnhancement(page, url);
    expect([...scripts.keys()]).toEqual(["/enhance.js"]);
    for (const [url, body] of scripts) {
      expect(body, url).not.toMatch(/new\s+Function|\beval\s*\(/);
    }
    const enhancement = fs.readFileSync(path.resolve(import.meta.dirname, "../../public/enhance.js"));
    const { gzipSync } = await import("node:zlib");
    expect(gzipSync(enhancement).length).toBeLessThan(5 * 1024);
    expect(violations).toEqual([]);
  });

  test("a staff page still hydrates, its inline scripts allowed by this response's nonce only", async ({ page }) => {
    const violations = watchCsp(page);
    await logIn(page, "trainer@tamkeen.test", DEMO_PASSWORD);
    const response = await page.goto("/trainer");
    const csp = response!.headers()["content-security-policy"];
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toContain("unsafe-eval");
    const html = await response!.text();
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).toMatch(/<script\b[^>]*type="module"/);
    // And React does come alive under that policy.
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    expect(violations).toEqual([]);
  });
});

test.describe("pages in Arabic arrive intact", () => {
  test.use({ locale: "ar", extraHTTPHeaders: { "Accept-Language": "ar" } });

  // React 18's streaming renderer could flush a NUL byte where a two-byte Arabic letter met the end of its 2,048-byte
  // view (it was in /login's "البريد الإلكتروني"): documents are now rendered to one string, and patches/react-dom fixes
  // the streamed staff pages.
  test("no document or staff page holds a NUL byte or a replacement character", async ({ page }) => {
    const check = async (url: string) => {
      const response = await page.goto(url);
      const body = await response!.body();
      expect(response!.status(), url).toBeLessThan(400);
      expect(body.indexOf(0), url).toBe(-1);
      expect(body.toString("utf8"), url).not.toContain("\uFFFD");
    };
    for (const url of ["/login", "/signup", "/courses", "/courses/it-training", "/courses/it-training/spreadsheets"]) await check(url);
    await logIn(page, freshAdmin(), DEMO_PASSWORD);
    for (const url of [
      "/admin",
      "/admin/offerings",
      "/admin/indicators?period=2026-Q4",
      "/trainer",
      "/studio",
      "/studio/courses/crowdfunding/lessons/crowdfunding-types?locale=ar",
    ])
      await check(url);
  });
});

async function expectOnlyEnhancement(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response!.status(), url).toBeLessThan(500);
  const csp = response!.headers()["content-security-policy"];
  expect(directive(csp, "script-src"), url).toBe("script-src 'self'");
  expect(csp, url).not.toContain("unsafe-eval");
  const tags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(tags, url).toEqual(['<script src="/enhance.js" defer="">']);
}

test.describe("first visit on a slow line", () => {
  test("the first document carries the stylesheet inline and the Arabic font subset; from then on a cached <link>", async ({ browser, baseURL }) => {
    const context = await browser.newContext({ locale: "ar-MA" });
    const page = await context.newPage();
    const fetched: string[] = [];
    page.on("requestfinished", (r) => fetched.push(new URL(r.url()).pathname));
    const first = await page.goto("/courses");
    const firstHtml = await first!.text();
    expect(await first!.headerValue("set-cookie")).toMatch(/^tk_css=app-[\w-]+; Path=\/; Max-Age=31536000; SameSite=Lax; HttpOnly/);
    expect(firstHtml).toMatch(/<style>[^<]*@font-face/);
    expect(firstHtml).not.toMatch(/<link rel="stylesheet"/);
    // What Arabic text needs of Noto Sans Arabic, ~10 KB instead of 48.8 KB for every Arabic-script language.
    await page.waitForLoadState("networkidle");
    const font = fetched.find((p) => p.includes("noto-sans-arabic"));
    expect(font).toMatch(/noto-sans-arabic-400-subset-[\w-]+\.woff2$/);
    const fontSize = (await (await context.request.get(`${baseURL}${font}`)).body()).length;
    expect(fontSize).toBeLessThan(12 * 1024);
    // The stylesheet was fetched at idle priority: the next page links it, and the browser has it.
    expect(fetched.some((p) => /^\/assets\/app-[\w-]+\.css$/.test(p))).toBe(true);
    const second = await page.goto("/login");
    const secondHtml = await second!.text();
    expect((await second!.headerValue("set-cookie")) ?? "").not.toContain("tk_css");
    expect(secondHtml).toMatch(/<link rel="stylesheet" href="\/assets\/app-[\w-]+\.css"/);
    expect(secondHtml).not.toMatch(/<style>/);
    // Styled either way: the header's brand colour comes from the stylesheet.
    await expect(page.locator("body")).not.toHaveCSS("margin", "8px");
    await context.close();
  });
});

test.describe("visitors' pages kept by the server", () => {
  test("a visitor gets the same login page twice, never a signed-in person's page, and a signed-in person never a visitor's", async ({
    page,
    browser,
    baseURL,
  }) => {
    // Node's fetch keeps no cookies: two first visits with the same language, as two phones would make them.
    const visit = (path: string) => fetch(`${baseURL}${path}`, { headers: { "accept-language": "fr-FR,fr;q=0.9", "accept-encoding": "br" } });
    const first = await visit("/login?redirectTo=%2Flearn");
    const second = await visit("/login?redirectTo=%2Flearn");
    expect(first.status).toBe(200);
    const html = await second.text();
    expect(html).toBe(await first.text());
    expect(second.headers.get("content-encoding")).toBe("br");
    expect(second.headers.get("x-tamkeen-same-for-every-visitor")).toBeNull();
    expect(second.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(html).toContain('lang="fr"');
    expect(html).toContain('value="/learn"');

    // A signed-in person asking the same pages gets theirs: the home page with their name, /login sends them on.
    const email = freshAdmin();
    await logIn(page, email, DEMO_PASSWORD);
    await page.goto("/");
    await expect(page.locator(".account-menu summary")).toContainText("Admin E2E");
    await page.goto("/login");
    await expect(page).toHaveURL(/\/admin/);

    // And the next visitor still gets a visitor's home page (no name, the links to sign in), in their language.
    const visitor = await browser.newContext({ locale: "ar-MA", viewport: { width: 360, height: 740 } });
    const anonymous = await visitor.newPage();
    await anonymous.goto("/");
    await expect(anonymous.locator("html")).toHaveAttribute("lang", "ar");
    await expect(anonymous.locator(".account-links")).toBeVisible();
    await expect(anonymous.locator(".account-menu")).toHaveCount(0);
    await anonymous.goto("/");
    await expect(anonymous.locator(".account-links")).toBeVisible();
    await visitor.close();
  });
});
