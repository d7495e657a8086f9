import { expect, type Page } from "@playwright/test";

export { E2E_DEMO_PASSWORD as DEMO_PASSWORD } from "../../playwright.config";
export const ADMIN = "admin@tamkeen.test";

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.ma`;
}

export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form:has(input[name="password"]) button[type="submit"]').click();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function logOut(page: Page) {
  await page.locator(".account-menu summary").click();
  await page.locator('.account-menu form[action="/logout"] button').click();
  await expect(page.locator(".account-links")).toBeVisible();
}

export async function expectDocument(page: Page, lang: string, dir: "rtl" | "ltr") {
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  await expect(page.locator("html")).toHaveAttribute("dir", dir);
}
