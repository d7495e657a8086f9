import path from "node:path";
import { hashSync } from "@node-rs/argon2";
import { expect, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { PASSWORD_HASH_OPTIONS } from "../../db/password-options";
import { E2E_DEMO_PASSWORD } from "../../playwright.config";

export { E2E_DEMO_PASSWORD as DEMO_PASSWORD } from "../../playwright.config";
export const ADMIN = "admin@tamkeen.test";

/**
 * An admin of this test's own. The interface language is saved on the account, so tests that switch it must not share
 * the demo admin with tests running at the same time in the other worker.
 */
export function freshAdmin(): string {
  const email = uniqueEmail("admin");
  const db = new Database(path.resolve(import.meta.dirname, "../.tmp-e2e/e2e.db"));
  db.pragma("busy_timeout = 5000");
  db.prepare("INSERT INTO users (email, display_name, password_hash, role, locale) VALUES (?, ?, ?, 'admin', 'ar')").run(email, "Admin E2E", adminHash);
  db.close();
  return email;
}
const adminHash = hashSync(E2E_DEMO_PASSWORD, PASSWORD_HASH_OPTIONS);

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
