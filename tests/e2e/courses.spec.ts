import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expectDocument, logIn } from "./fixtures";

function collectErrors(page: Page) {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  return errors;
}

test.describe("courses in Arabic", () => {
  test.use({ locale: "ar-MA" });

  test("course list, course page and lesson page are right-to-left, the lesson too", async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto("/courses");
    await expectDocument(page, "ar", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("الدورات التكوينية");
    await page.getByRole("link", { name: "التمويل التشاركي" }).click();
    await expect(page).toHaveURL(/\/courses\/crowdfunding$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("التمويل التشاركي");
    expect(await page.locator(".syllabus > li").count()).toBeGreaterThanOrEqual(6);
    await page.locator(".syllabus > li a").first().click();
    await expect(page).toHaveURL(/\/courses\/crowdfunding\/crowdfunding-types$/);
    await expectDocument(page, "ar", "rtl");
    await expect(page.locator(".lesson-body")).toHaveAttribute("lang", "ar");
    await expect(page.locator(".lesson-body")).toHaveAttribute("dir", "rtl");
    await expect(page.locator(".quiz")).toBeVisible();
    await expect(page.locator(".fallback-note")).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});

/**
 * A left-to-right fragment (period, code) inside right-to-left text: isolated, with its own text unchanged, and drawn
 * left to right — its first character left of its last. Without isolation, "2026-11" after Arabic words draws as
 * "11-2026".
 */
async function expectLeftToRight(fragment: Locator, text: string | RegExp) {
  await expect(fragment).toHaveText(text);
  await expect(fragment).toHaveAttribute("dir", "ltr");
  const drawn = await fragment.evaluate((el) => {
    const node = el.firstChild!;
    const range = document.createRange();
    const left = (i: number) => {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      return range.getBoundingClientRect().left;
    };
    const length = node.textContent!.length;
    return { isolation: getComputedStyle(el).unicodeBidi, text: el.textContent, lefts: Array.from({ length }, (_, i) => left(i)) };
  });
  expect(drawn.isolation).toBe("isolate");
  expect(drawn.lefts).toEqual([...drawn.lefts].sort((a, b) => a - b));
  return drawn.text!;
}

test.describe("periods in Arabic pages", () => {
  test.use({ locale: "ar-MA" });

  test("a month such as 2026-11 and a quarter such as 2026-Q4 keep their order on the catalogue, the course page and the trainer's pages", async ({ page }) => {
    await page.goto("/courses");
    const month = /^\d{4}-\d{2}$/;
    const quarter = /^\d{4}-Q[1-4]$/;
    const card = page.locator(".course-card:has(a[href='/courses/it-training'])");
    const period = await expectLeftToRight(card.locator(".facts bdi").first(), month);
    await card.getByRole("link").first().click();
    await expect(page).toHaveURL(/\/courses\/it-training$/);
    await expectLeftToRight(page.locator(".offering .facts bdi", { hasText: period }).first(), period);

    await logIn(page, "trainer@tamkeen.test", DEMO_PASSWORD);
    await page.goto("/trainer");
    await expectDocument(page, "ar", "rtl");
    const row = page.locator("tr", { hasText: /\d{4}-Q[1-4]/ }).first();
    const label = await expectLeftToRight(row.locator("bdi"), quarter);
    await row.getByRole("link").first().click();
    // In the heading the period follows the course's Arabic title: where, unisolated, it would be reversed.
    await expectLeftToRight(page.locator("h1 bdi"), label);
    await page.getByRole("link", { name: /تمارين للمراجعة/ }).click();
    await expectLeftToRight(page.locator(".page > p").first().locator("bdi"), label);
  });
});

test.describe("courses in French", () => {
  test.use({ locale: "fr-FR" });

  test("the same pages are left-to-right with French text", async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto("/courses");
    await expectDocument(page, "fr", "ltr");
    await page.getByRole("link", { name: "Rédaction de projets" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rédaction de projets");
    await page.locator(".syllabus > li a").first().click();
    await expectDocument(page, "fr", "ltr");
    await expect(page.locator(".lesson-body")).toHaveAttribute("lang", "fr");
    await expect(page.locator(".lesson-body")).toHaveAttribute("dir", "ltr");
    await expect(page.locator(".figure img").first()).toHaveAttribute("loading", "lazy");
    await page.locator("a[rel=next]").click();
    await expect(page).toHaveURL(/\/courses\/project-proposal-writing\/smart-objectives$/);
    expect(errors).toEqual([]);
  });
});

test.describe("a lesson with no English version", () => {
  test.use({ locale: "en-GB" });

  test("shows the fallback note in English and the lesson in Arabic, inside an English page", async ({ page }) => {
    await page.goto("/courses/crowdfunding/crowdfunding-types");
    await expectDocument(page, "en", "ltr");
    await expect(page.locator(".fallback-note")).toHaveText("This lesson is not available in your language yet; it is shown in العربية.");
    await expect(page.locator(".lesson-body")).toHaveAttribute("lang", "ar");
    await expect(page.locator(".lesson-body")).toHaveAttribute("dir", "rtl");
  });

  test("the IT training has English lessons and shows no fallback note", async ({ page }) => {
    await page.goto("/courses/it-training/devices-basics");
    await expect(page.locator(".lesson-body")).toHaveAttribute("lang", "en");
    await expect(page.locator(".fallback-note")).toHaveCount(0);
  });
});

test.describe("lesson components", () => {
  test.use({ locale: "fr-FR" });

  test("a Video requests nothing from a third party: its poster is a link the learner follows (no player script, nothing framed)", async ({ page }) => {
    const thirdParty: string[] = [];
    await page.route(/^https?:\/\/(?!localhost)/, (route) => {
      thirdParty.push(route.request().url());
      return route.abort();
    });
    await page.goto("/courses/component-gallery/gallery");
    await page.waitForLoadState("networkidle");
    await expect(page.locator(".video-poster img")).toHaveAttribute("src", /^\/course-assets\/component-gallery\/gallery\/poster\.svg\?v=/);
    expect(thirdParty).toEqual([]);
    const poster = page.getByRole("link", { name: "Lire la vidéo : Présentation" });
    await expect(poster).toHaveAttribute("href", "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk");
    await expect(poster).toHaveAttribute("target", "_blank");
    await expect(page.locator(".video iframe")).toHaveCount(0);
    expect(thirdParty).toEqual([]);
  });

  test("Download shows the file's size and links to it; internal links lead to the next lesson", async ({ page, request }) => {
    await page.goto("/courses/component-gallery/gallery");
    const download = page.locator(".download");
    await expect(download).toContainText("Modèle de budget");
    await expect(download).toContainText(/CSV, 1\s?ko/);
    const href = await download.locator("a").getAttribute("href");
    const response = await request.get(href!);
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("poste;quantité");
    await expect(page.getByRole("link", { name: "Leçon suivante" })).toHaveAttribute("href", "/courses/component-gallery/second");
    await expect(page.locator(".callout-tip")).toContainText("Astuce");
    await expect(page.locator(".lesson-steps li")).toHaveCount(2);
  });
});
