import { expect, test } from "@playwright/test";

// What the checker lets through reaches the learner as meant: comments gone, escaped signs shown, addresses safe.
test.use({ viewport: { width: 360, height: 740 } });

const CASES = [
  { browser: "fr-FR", lang: "fr", sentence: "Si a < 5 et b { c }, on écrit aussi a < b", note: "Note pour les formateurs", download: "Guide en ligne" },
  { browser: "ar-MA", lang: "ar", sentence: "إذا كان a < 5 و b { c } نكتب أيضا a < b", note: "ملاحظة للمكونين", download: "دليل على الإنترنت" },
] as const;

for (const c of CASES) {
  test.describe(`a lesson written with comments and escapes (${c.lang})`, () => {
    test.use({ locale: c.browser });

    test("shows the escaped signs, never the comments, and links an https download without loading anything from it", async ({ page }) => {
      const thirdParty: string[] = [];
      await page.route(/^https?:\/\/(?!localhost)/, (route) => {
        thirdParty.push(route.request().url());
        return route.abort();
      });
      await page.goto("/courses/component-gallery/second");
      await expect(page.locator(".lesson-body")).toHaveAttribute("lang", c.lang);
      await expect(page.locator(".lesson-flow").first()).toContainText(c.sentence);
      expect(await page.content()).not.toContain(c.note);
      expect(await page.content()).not.toContain("et ceci non plus");
      const download = page.getByRole("link", { name: c.download });
      await expect(download).toHaveAttribute("href", "https://example.org/guide.pdf");
      await expect(download).toHaveAttribute("rel", "noopener noreferrer");
      await page.waitForLoadState("networkidle");
      expect(thirdParty).toEqual([]);
      await page.screenshot({ path: `tests/.tmp-e2e/shots/checker-second-${c.lang}.png`, fullPage: true });
    });

    test("the gallery's Figure, Video and Download still point at lesson files", async ({ page }) => {
      await page.goto("/courses/component-gallery/gallery");
      await expect(page.locator(".figure img")).toHaveAttribute("src", /^\/course-assets\/component-gallery\/gallery\/poster\.svg\?v=[0-9a-f]{12}$/);
      await expect(page.locator(".figure a")).toHaveAttribute("href", /^\/course-assets\/component-gallery\/gallery\/poster\.svg\?v=/);
      await expect(page.locator(".download a")).toHaveAttribute("href", /^\/course-assets\/component-gallery\/gallery\/budget\.csv\?v=/);
      await expect(page.locator(".video-poster")).toHaveAttribute("href", "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk");
      await page.screenshot({ path: `tests/.tmp-e2e/shots/checker-gallery-${c.lang}.png`, fullPage: true });
    });
  });
}
