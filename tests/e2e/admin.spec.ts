import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, logIn, freshAdmin } from "./fixtures";

test.describe("admin, in French", () => {
  test.use({ locale: "fr-FR", extraHTTPHeaders: { "Accept-Language": "fr-FR,fr;q=0.9" } });

  test("changes a user's role and creates an association", async ({ page }) => {
    await logIn(page, freshAdmin(), DEMO_PASSWORD);
    await page.getByRole("button", { name: "Français" }).click();
    await page.goto("/admin/users?q=trainer%40tamkeen.test");
    const row = page.locator("tr", { hasText: "trainer@tamkeen.test" });
    await row.locator('select[name="role"]').selectOption("learner");
    await row.getByRole("button", { name: "Modifier" }).click();
    await expect(page.getByRole("status")).toContainText("Le rôle de Youssef Trainer a été modifié.");
    await expect(page.locator("tr", { hasText: "trainer@tamkeen.test" }).locator('select[name="role"]')).toHaveValue("learner");
    // Put it back for the other tests.
    await page.locator("tr", { hasText: "trainer@tamkeen.test" }).locator('select[name="role"]').selectOption("trainer");
    await page.locator("tr", { hasText: "trainer@tamkeen.test" }).getByRole("button", { name: "Modifier" }).click();
    await expect(page.getByRole("status")).toBeVisible();

    await page.goto("/admin/associations/new");
    const name = `Association Nour ${Date.now()}`;
    await page.getByLabel("Nom de l'association").fill(name);
    await page.getByLabel("Région").selectOption({ label: "Fès-Meknès" });
    await page.getByLabel("Ville").fill("Sefrou");
    await page.getByLabel("Année de création").fill("2025");
    await page.getByLabel("Domaines d'action").fill("jeunesse, numérique");
    await page.getByRole("button", { name: "Ajouter une association" }).click();
    await expect(page).toHaveURL(/\/admin\/associations\?saved=1/);
    await page.getByLabel("Région").selectOption({ label: "Fès-Meknès" });
    await page.getByRole("button", { name: "Filtrer" }).click();
    await expect(page.locator("tr", { hasText: name })).toContainText("Sefrou");
  });

  test("an invalid association shows translated errors and keeps what was typed", async ({ page }) => {
    await logIn(page, freshAdmin(), DEMO_PASSWORD);
    await page.getByRole("button", { name: "Français" }).click();
    await page.goto("/admin/associations/new");
    // Staff pages hydrate (learner pages do not): wait until React is live, so the browser-side check answers.
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await page.getByLabel("Nom de l'association").fill("Association sans ville");
    await page.getByLabel("Année de création").fill("1492");
    // Forms validate on submit (since the admin hardening): leaving the field shows nothing yet.
    await page.getByLabel("Année de création").blur();
    await expect(page.locator("#association-foundingYear-error")).toHaveCount(0);
    await page.getByRole("button", { name: "Ajouter une association" }).click();
    await expect(page.locator("#association-foundingYear-error")).toBeVisible();
    await expect(page.locator(".error-summary")).toContainText("Ville");
    await expect(page.locator("#association-city-error")).toHaveText("Ce champ est obligatoire.");
    await expect(page.locator("#association-foundingYear-error")).toHaveText("Saisissez une année entre 1900 et l'année en cours.");
    await expect(page.getByLabel("Nom de l'association")).toHaveValue("Association sans ville");
    await expect(page.getByLabel("Ville")).toHaveAttribute("aria-invalid", "true");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "ar-MA" });

  test("log in and switch language with plain forms", async ({ page }) => {
    await logIn(page, freshAdmin(), DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/admin/);
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Administration");
    await page.getByRole("button", { name: "العربية" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  });

  test("in Arabic, periods stay left-to-right; a new session with errors gets a summary and keeps its values; closing and reopening", async ({ page }) => {
    await logIn(page, freshAdmin(), DEMO_PASSWORD);
    await page.goto("/admin/offerings");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    const periods = page.locator("tbody tr td:nth-child(2) bdi[dir=ltr]");
    expect(await periods.count()).toBeGreaterThan(0);
    for (const text of await periods.allTextContents()) expect(text).toMatch(/^\d{4}-(Q[1-4]|\d{2})$/);

    await page.goto("/admin/offerings/new");
    const period = `2099-${String(1 + Math.floor(Math.random() * 12)).padStart(2, "0")}`;
    await page.getByLabel("الدورة", { exact: true }).selectOption({ index: 1 });
    await page.getByLabel("الفترة").fill(period);
    await page.getByLabel("افتتاح التسجيل").fill("2099-01-01");
    await page.getByLabel("اختتام التسجيل").fill("2099-01-20");
    await page.getByLabel("البداية").fill("2099-02-01");
    await page.getByLabel("النهاية").fill("2099-01-31");
    await page.getByLabel("المقاعد").fill("2");
    await page.getByRole("button", { name: "دورة جديدة" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toBeVisible();
    await expect(summary.locator('a[href="#offering-endsAt"]')).toContainText("يجب أن تأتي النهاية بعد البداية.");
    await expect(page.getByLabel("الفترة")).toHaveValue(period);
    await expect(page.getByLabel("المقاعد")).toHaveValue("2");
    await expect(page.getByLabel("النهاية")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("النهاية").fill("2099-03-31");
    await page.getByRole("button", { name: "دورة جديدة" }).click();
    await expect(page).toHaveURL(/\/admin\/offerings\/\d+\?saved=1/);
    const heading = page.getByRole("heading", { level: 1 });
    await expect(heading.locator("bdi[dir=ltr]")).toHaveText(period);

    await page.getByRole("button", { name: "إغلاق الدورة" }).click();
    await expect(page.getByRole("status").filter({ hasText: "أُغلقت الدورة" })).toBeVisible();
    await expect(page.locator('select[name="status"]')).toHaveCount(0);
    await page.getByRole("button", { name: "حفظ" }).click();
    await expect(page.getByRole("button", { name: "إعادة فتح الدورة" })).toBeVisible();
    await page.getByRole("button", { name: "إعادة فتح الدورة" }).click();
    await expect(page.getByRole("status").filter({ hasText: "أُعيد فتح الدورة." })).toBeVisible();
    await expect(page.locator('select[name="status"]')).toHaveCount(1);
  });

  test("branding keeps what was typed when something must be corrected", async ({ page }) => {
    await logIn(page, freshAdmin(), DEMO_PASSWORD);
    await page.goto("/admin/branding");
    await page.locator("#branding-partnerAr").fill("مؤسسة الأمل للتنمية");
    await page.locator("#branding-centreFr").fill("");
    await page.getByRole("button", { name: "حفظ" }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toBeVisible();
    await expect(summary.locator('a[href="#branding-centreFr"]')).toContainText("هذا الحقل إلزامي");
    await expect(page.locator("#branding-partnerAr")).toHaveValue("مؤسسة الأمل للتنمية");
    await expect(page.locator("#branding-centreFr")).toHaveAttribute("aria-invalid", "true");
  });
});
