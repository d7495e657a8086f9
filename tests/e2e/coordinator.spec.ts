import path from "node:path";
import { hashSync } from "@node-rs/argon2";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { PASSWORD_HASH_OPTIONS } from "../../db/password-options";
import { DEMO_PASSWORD, freshAdmin, logIn, uniqueEmail } from "./fixtures";

/**
 * A coordinator of the demo learner's association, on a phone, in Arabic and in French, with and without JavaScript:
 * sees the association's members (the demo learners) and no one from another association, and enrols a member.
 * Each test has its own coordinator (the interface language is saved on the account) and its own new member.
 */

const DEMO_ASSOCIATION = "جمعية شباب الأمل للتنمية";
const OTHER_ASSOCIATION = "Association Horizons Oujda";
const hash = hashSync(DEMO_PASSWORD, PASSWORD_HASH_OPTIONS);

function insertUser(role: "coordinator" | "learner", displayName: string, association: string | null) {
  const email = uniqueEmail(role);
  const db = new Database(path.resolve(import.meta.dirname, "../.tmp-e2e/e2e.db"));
  db.pragma("busy_timeout = 5000");
  const { id } = association ? (db.prepare("SELECT id FROM associations WHERE name = ?").get(association) as { id: number }) : { id: null };
  db.prepare("INSERT INTO users (email, display_name, password_hash, role, locale, association_id) VALUES (?, ?, ?, ?, 'ar', ?)").run(
    email,
    displayName,
    hash,
    role,
    id,
  );
  db.close();
  return email;
}

const suffix = () => String(Math.floor(Math.random() * 1e6));

/** The demo's IT training of next month: forty seats, so every run of these tests finds one free. */
function nextMonth() {
  const now = new Date();
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, "0")}`;
}

async function enrolOne(page: Page, member: string) {
  const select = page.locator('select[name="offeringId"]');
  const options = await select.locator("option").evaluateAll((list) => list.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? "" })));
  const chosen = options.find((o) => o.text.includes(`\u2066${nextMonth()}\u2069`));
  expect(chosen, JSON.stringify(options)).toBeTruthy();
  await select.selectOption(chosen!.value);
  await page.getByRole("checkbox", { name: member }).check();
}

test.use({ viewport: { width: 360, height: 740 } });

test.describe("coordinator in Arabic, JavaScript on (the page is a plain document: nothing hydrates)", () => {
  test.use({ locale: "ar-MA" });

  test("sees only their association's members and enrols a member", async ({ page }) => {
    const outsider = `Outsider Oujda ${suffix()}`;
    insertUser("learner", outsider, OTHER_ASSOCIATION);
    const member = `عضو جديد ${suffix()}`;
    insertUser("learner", member, DEMO_ASSOCIATION);
    await logIn(page, insertUser("coordinator", "Coordinatrice E2E", DEMO_ASSOCIATION), DEMO_PASSWORD);

    await page.getByRole("navigation", { name: "القائمة الرئيسية" }).getByRole("link", { name: "التنسيق" }).click();
    await expect(page).toHaveURL(/\/coordinator$/);
    // No framework on a volunteer's phone.
    await expect(page.locator("html[data-hydrated]")).toHaveCount(0);
    expect(await page.locator('script[type="module"]').count()).toBe(0);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toContainText(DEMO_ASSOCIATION);
    const cards = page.locator(".member-card");
    await expect(cards.filter({ hasText: "Yassine Alaoui" })).toContainText("مسجل");
    await expect(cards.filter({ hasText: "Amina Learner" })).toContainText("مسجل");
    await expect(cards.filter({ hasText: "Amina Learner" })).toContainText(/الدروس المنجزة: \S+ من \S+/);
    await expect(page.getByText(outsider)).toHaveCount(0);
    // Periods stay left-to-right inside the Arabic text.
    for (const text of await page.locator(".member-enrolments bdi[dir=ltr]").allTextContents()) expect(text).toMatch(/^\d{4}-(Q[1-4]|\d{2})$/);
    await page.screenshot({ path: "test-results/coordinator-ar-360.png", fullPage: false });
    await page.locator("#enrol-title").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/coordinator-ar-form-360.png", fullPage: false });

    await enrolOne(page, member);
    await page.getByRole("button", { name: "سجّل الأعضاء المختارين" }).click();
    await expect(page.locator(".enrol-results")).toContainText(`${member} — تم التسجيل`);
    await expect(cards.filter({ hasText: member })).toContainText("مسجل");
    await page.locator(".enrol-results").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/coordinator-ar-enrolled-360.png", fullPage: false });
  });

  test("a refused enrolment says why, without a member chosen", async ({ page }) => {
    await logIn(page, insertUser("coordinator", "Coordinatrice E2E", DEMO_ASSOCIATION), DEMO_PASSWORD);
    await page.goto("/coordinator");
    // Each session's period is isolated left-to-right inside the Arabic option (no markup in an <option>).
    const sessions = (await page.locator('select[name="offeringId"] option').allTextContents()).slice(1);
    expect(sessions.length).toBeGreaterThan(0);
    for (const text of sessions) expect(text).toMatch(/\u2066\d{4}-(Q[1-4]|\d{2})\u2069/);
    await page.locator('select[name="offeringId"]').selectOption({ index: 1 });
    await page.getByRole("button", { name: "سجّل الأعضاء المختارين" }).click();
    await expect(page.locator(".error-summary")).toContainText("اختر عضوًا واحدًا على الأقل.");
  });
});

test.describe("coordinator in French, without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "fr-FR", extraHTTPHeaders: { "Accept-Language": "fr-FR,fr;q=0.9" } });

  test("sees only their association's members and enrols a member with plain forms", async ({ page }) => {
    const outsider = `Outsider Oujda ${suffix()}`;
    insertUser("learner", outsider, OTHER_ASSOCIATION);
    const member = `Membre Nouveau ${suffix()}`;
    insertUser("learner", member, DEMO_ASSOCIATION);
    await logIn(page, insertUser("coordinator", "Coordinatrice FR", DEMO_ASSOCIATION), DEMO_PASSWORD);
    await page.getByRole("button", { name: "Français" }).click();
    await page.goto("/coordinator");
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Espace coordination");
    await expect(page.locator('[data-count="members"]')).toContainText("membres");
    await expect(page.locator(".member-card").filter({ hasText: "Yassine Alaoui" })).toContainText("inscrit·e");
    await expect(page.getByText(outsider)).toHaveCount(0);
    await page.screenshot({ path: "test-results/coordinator-fr-360.png", fullPage: false });

    await enrolOne(page, member);
    await page.getByRole("button", { name: "Inscrire les membres choisis" }).click();
    await expect(page.locator(".enrol-results")).toContainText(`${member} — inscrit·e`);
    await expect(page.locator(".member-card").filter({ hasText: member })).toContainText("inscrit·e");
    await page.locator(".enrol-results").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/coordinator-fr-enrolled-360.png", fullPage: false });
  });

  test("another association's page is not found", async ({ page }) => {
    await logIn(page, insertUser("coordinator", "Coordinatrice FR", DEMO_ASSOCIATION), DEMO_PASSWORD);
    const db = new Database(path.resolve(import.meta.dirname, "../.tmp-e2e/e2e.db"), { readonly: true });
    const { id } = db.prepare("SELECT id FROM associations WHERE name = ?").get(OTHER_ASSOCIATION) as { id: number };
    db.close();
    const response = await page.goto(`/coordinator?association=${id}`);
    expect(response?.status()).toBe(404);
    expect((await page.goto("/admin"))?.status()).toBe(403);
  });
});

test.describe("an admin grants the role", () => {
  test.use({ locale: "ar-MA" });

  test("offers it only to a member of an association, then the new coordinator sees it", async ({ page }) => {
    const member = insertUser("learner", `Membre ${suffix()}`, DEMO_ASSOCIATION);
    const loner = insertUser("learner", `Sans association ${suffix()}`, null);
    await logIn(page, freshAdmin(), DEMO_PASSWORD);
    await page.goto(`/admin/users?q=${encodeURIComponent(loner)}`);
    const roles = (email: string) => page.locator("tr", { hasText: email }).locator('select[name="role"] option');
    await expect(roles(loner)).toHaveText(["متعلم", "مكوّن", "مسؤول"]);
    await page.goto(`/admin/users?q=${encodeURIComponent(member)}`);
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await expect(roles(member)).toHaveText(["متعلم", "مكوّن", "مسؤول", "منسّق جمعية"]);
    const row = page.locator("tr", { hasText: member });
    await row.locator('select[name="role"]').selectOption("coordinator");
    await row.getByRole("button", { name: "تغيير", exact: true }).last().click();
    await expect(page.getByRole("status")).toBeVisible();
    await expect(page.locator("tr", { hasText: member }).locator('select[name="role"]')).toHaveValue("coordinator");

    await page.context().clearCookies();
    await logIn(page, member, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/coordinator$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(DEMO_ASSOCIATION);
  });
});
