import { expect, test } from "@playwright/test";
import { ADMIN, DEMO_PASSWORD, logIn } from "./fixtures";

test.describe("admin, in French", () => {
  test.use({ locale: "fr-FR", extraHTTPHeaders: { "Accept-Language": "fr-FR,fr;q=0.9" } });

  test("changes a user's role and creates an association", async ({ page }) => {
    await logIn(page, ADMIN, DEMO_PASSWORD);
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
    await logIn(page, ADMIN, DEMO_PASSWORD);
    await page.getByRole("button", { name: "Français" }).click();
    await page.goto("/admin/associations/new");
    await page.getByLabel("Nom de l'association").fill("Association sans ville");
    await page.getByLabel("Année de création").fill("1492");
    await page.getByRole("button", { name: "Ajouter une association" }).click();
    await expect(page.locator("#field-city-error")).toHaveText("Ce champ est obligatoire.");
    await expect(page.locator("#field-foundingYear-error")).toHaveText("Saisissez une année entre 1900 et l'année en cours.");
    await expect(page.getByLabel("Nom de l'association")).toHaveValue("Association sans ville");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "ar-MA" });

  test("log in and switch language with plain forms", async ({ page }) => {
    await logIn(page, ADMIN, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/admin/);
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "ltr");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Administration");
    await page.getByRole("button", { name: "العربية" }).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  });
});
