import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { DEMO_PASSWORD, freshAdmin, logIn } from "./fixtures";

// The indicators page on the demo's history: an admin opens 2026-Q4, narrows to a region and sees the numbers change,
// opens the names behind a number; on a 360 px phone in Arabic and French, without JavaScript.

const SHOTS = path.resolve(import.meta.dirname, "../.tmp-e2e/shots");

/** An admin of this test's own, in the given interface language (the language is saved on the account). */
function adminIn(locale: "ar" | "fr") {
  const email = freshAdmin();
  const db = new Database(path.resolve(import.meta.dirname, "../.tmp-e2e/e2e.db"));
  db.pragma("busy_timeout = 5000");
  db.prepare("UPDATE users SET locale = ? WHERE email = ?").run(locale, email);
  db.close();
  return email;
}

const tileNumber = async (page: Page, id: string) => Number((await page.locator(`[data-testid="tile-${id}"] strong`).innerText()).replace(/\D/g, ""));

async function expectNoSideScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test.describe("indicators with JavaScript", () => {
  test.use({ locale: "fr-FR" });

  test("an admin opens 2026-Q4, filters by a region and sees the numbers change, then the names behind one", async ({ page }) => {
    await logIn(page, adminIn("fr"), DEMO_PASSWORD);
    const response = await page.goto("/admin/indicators?period=2026-Q4");
    await expect(page.locator("h1")).toHaveText("Indicateurs du programme");
    await expect(page.locator(".period-line bdi")).toHaveText("2026-Q4");
    // A report sent as a document: no framework in the browser (the admin pages around it hydrate), and the document's
    // strict policy (no nonce for scripts, since there are none to allow).
    // (Read from the document itself: a chunk the previous, hydrated page was still fetching may arrive meanwhile.)
    const html = await response!.text();
    expect(html).not.toMatch(/<script[^>]*src="\/assets\//);
    expect(html).not.toContain("modulepreload");
    expect(html).not.toContain("__remixContext");
    await expect(page.locator("html[data-hydrated]")).toHaveCount(0);
    expect(await response!.headerValue("content-security-policy")).not.toMatch(/script-src[^;]*nonce-/);
    const all = await tileNumber(page, "enrolled");
    expect(all).toBeGreaterThan(5);
    // The region with the most people enrolled this quarter, read from the region table.
    const rows = page.locator('[data-testid="table-region"] tbody tr');
    const counts = await rows.evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-key"), Number(tr.querySelectorAll("td")[0].textContent)] as const));
    const [region, inRegion] = counts.reduce((best, c) => (c[1] > best[1] ? c : best));
    expect(inRegion).toBeGreaterThan(0);
    expect(inRegion).toBeLessThan(all);

    await page.locator(".filter-box summary").click();
    await page.locator("#filter-region").selectOption(region!);
    await page.getByRole("button", { name: "Afficher" }).click();
    await expect(page).toHaveURL(new RegExp(`region=${region}`));
    await expect(page.locator('[data-testid="tile-enrolled"] strong')).toHaveText(String(inRegion));
    await expect(page.locator(`[data-testid="table-region"] tr[data-key="${region}"] td`).first()).toHaveText(String(inRegion));

    await page.locator('[data-testid="tile-enrolled"] a').click();
    await expect(page.locator("h1")).toHaveText("Personnes inscrites");
    await expect(page.locator('[data-testid="people-table"] tbody tr')).toHaveCount(inRegion);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.screenshot({ path: path.join(SHOTS, "indicators-fr-people.png") });
  });

  test("an end before the start is explained, not a crash", async ({ page }) => {
    await logIn(page, adminIn("fr"), DEMO_PASSWORD);
    const response = await page.goto("/admin/indicators?from=2026-12-01&to=2026-10-01");
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText("La date de fin précède la date de début.");
  });
});

for (const locale of ["ar", "fr"] as const) {
  test.describe(`indicators on a phone, ${locale}, without JavaScript`, () => {
    test.use({ locale: locale === "ar" ? "ar-MA" : "fr-FR", javaScriptEnabled: false, viewport: { width: 360, height: 740 } });

    test("shows tiles, charts with their tables, and the region filter works with a plain form", async ({ page }) => {
      await logIn(page, adminIn(locale), DEMO_PASSWORD);
      await page.goto("/admin/indicators?period=2026-Q4");
      await expect(page.locator("html")).toHaveAttribute("dir", locale === "ar" ? "rtl" : "ltr");
      await expect(page.locator('svg[role="img"]')).toHaveCount(6);
      await expect(page.locator('svg[role="img"] title').first()).not.toBeEmpty();
      await expectNoSideScroll(page);
      await page.screenshot({ path: path.join(SHOTS, `indicators-${locale}-top.png`) });
      await page.locator("#section-region").scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `indicators-${locale}-map.png`) });
      await page.locator("#section-association").scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `indicators-${locale}-bars.png`) });
      await page.screenshot({ path: path.join(SHOTS, `indicators-${locale}-full.png`), fullPage: true });
      await page.locator('svg[aria-labelledby="chart-region-title"]').screenshot({ path: path.join(SHOTS, `indicators-${locale}-map-only.png`) });
      await page.locator(".indicator-tiles").screenshot({ path: path.join(SHOTS, `indicators-${locale}-tiles.png`) });

      const all = await tileNumber(page, "enrolled");
      await page.locator(".filter-box summary").click();
      await page.locator("#filter-region").selectOption("DOD");
      await page.locator(".indicator-filters button[type=submit]").click();
      await expect(page).toHaveURL(/region=DOD/);
      const dakhla = await tileNumber(page, "enrolled");
      expect(dakhla).toBeLessThan(all);
      await expectNoSideScroll(page);
    });
  });
}
