import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { hashSync } from "@node-rs/argon2";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import ExcelJS from "exceljs";
import { PASSWORD_HASH_OPTIONS } from "../../db/password-options";
import { DEMO_PASSWORD, freshAdmin, logIn, uniqueEmail } from "./fixtures";

// Funders' reports in Chromium: the printable report printed to PDF by the browser (text read back with pdftotext),
// the XLSX downloaded and parsed, and a partner's page that shows aggregates only. The demo data's enrolments are in
// the current quarter.

const now = new Date();
const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
const shots = path.resolve(import.meta.dirname, "../.tmp-e2e/shots");

function db() {
  const d = new Database(path.resolve(import.meta.dirname, "../.tmp-e2e/e2e.db"));
  d.pragma("busy_timeout = 5000");
  return d;
}

/** An admin of this test's own, speaking this language (saved on the account). */
function adminIn(locale: "ar" | "fr") {
  const email = freshAdmin();
  const d = db();
  d.prepare("UPDATE users SET locale = ? WHERE email = ?").run(locale, email);
  d.close();
  return email;
}

/** A partner organisation linked to every offering of this quarter, with one staff account. */
function partnerAccount(locale: "ar" | "fr") {
  const d = db();
  const email = uniqueEmail("partner");
  const partnerId = (d.prepare("INSERT INTO partners (name) VALUES (?) RETURNING id").get(`Fondation E2E ${email}`) as { id: number }).id;
  d.prepare("INSERT INTO partner_offerings (partner_id, offering_id) SELECT ?, id FROM offerings WHERE period_label = ?").run(partnerId, quarter);
  d.prepare("INSERT INTO users (email, display_name, password_hash, role, partner_id, locale) VALUES (?, ?, ?, 'partner', ?, ?)").run(
    email,
    "Partner E2E",
    hashSync(DEMO_PASSWORD, PASSWORD_HASH_OPTIONS),
    partnerId,
    locale,
  );
  const learnerNames = (
    d
      .prepare(
        "SELECT DISTINCT u.display_name AS name FROM enrolments e JOIN users u ON u.id = e.user_id JOIN partner_offerings p ON p.offering_id = e.offering_id WHERE p.partner_id = ?",
      )
      .all(partnerId) as {
      name: string;
    }[]
  ).map((r) => r.name);
  d.close();
  return { email, learnerNames };
}

test.describe("funders' reports", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("an admin prints the report to PDF and downloads the XLSX, both with the page's numbers", async ({ page }) => {
    fs.mkdirSync(shots, { recursive: true });
    await logIn(page, adminIn("fr"), DEMO_PASSWORD);
    await page.goto(`/admin/indicators/report?period=${quarter}`);
    await expect(page.locator("h1")).toContainText(quarter);
    const enrolledTile = page.locator(".stat-grid li", { hasText: "personnes inscrites" }).locator("strong");
    const enrolled = (await enrolledTile.innerText()).trim();
    expect(Number(enrolled.replace(/\s/g, ""))).toBeGreaterThan(0);
    // The Print button appears once the page is live (hydrated).
    await expect(page.getByRole("button", { name: "Imprimer" })).toBeVisible();
    await page.screenshot({ path: path.join(shots, "report-fr-360.png"), fullPage: true });
    await page.screenshot({ path: path.join(shots, "report-fr-360-top.png") });
    await page.locator("#report-region").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "report-fr-360-region.png") });

    // Printed by Chromium (print CSS, A4): the period and the headline number are in the PDF's text; the menu is not.
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "report-")), "report.pdf");
    fs.writeFileSync(file, pdf);
    fs.writeFileSync(path.join(shots, "report-fr.pdf"), pdf);
    const text = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout;
    expect(text).toContain(quarter);
    expect(text).toContain(enrolled);
    expect(text).toContain("personnes inscrites");
    expect(text).toContain("En bref");
    expect(text).not.toContain("Retour aux indicateurs");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Classeur (Excel)" }).click()]);
    expect(download.suggestedFilename()).toBe(`indicators-${quarter}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    expect(book.worksheets[0]!.name).toBe("Synthèse");
    const summary = book.worksheets[0]!;
    const row = summary.getColumn(1).values.findIndex((v) => v === "personnes inscrites");
    expect(summary.getRow(row).getCell(2).value).toBe(Number(enrolled.replace(/\s/g, "")));
    expect(book.worksheets.map((s) => s.name)).toContain("Personnes inscrites");
  });

  test("the report in Arabic, at 360 px, without JavaScript still offers the browser's print", async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, adminIn("ar"), DEMO_PASSWORD);
    await page.goto(`/admin/indicators/report?period=${quarter}`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("h1")).toContainText("تقرير البرنامج");
    await expect(page.locator("h1 bdi")).toHaveText(quarter);
    await expect(page.getByText("اطبع هذه الصفحة")).toBeVisible();
    await expect(page.getByRole("button", { name: "طباعة" })).toHaveCount(0);
    await page.screenshot({ path: path.join(shots, "report-ar-360.png"), fullPage: true });
    await page.screenshot({ path: path.join(shots, "report-ar-360-top.png") });
    await page.locator("#report-region").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "report-ar-360-region.png") });
    await context.close();
  });

  for (const locale of ["ar", "fr"] as const) {
    test(`a partner sees only aggregates (${locale})`, async ({ page }) => {
      const { email, learnerNames } = partnerAccount(locale);
      expect(learnerNames.length).toBeGreaterThan(0);
      await logIn(page, email, DEMO_PASSWORD);
      // Signing in lands a funder on their own page.
      await expect(page).toHaveURL(/\/partner$/);
      await expect(page.locator("h1")).toHaveText(locale === "ar" ? "نتائج الدورات المدعومة" : "Résultats des sessions soutenues");
      // Periods in the menus are isolated left-to-right (an <option> holds no markup): Arabic shows 2026-Q4, not Q4-2026.
      expect(await page.locator("#partner-period option").allTextContents()).toContain(`\u2066${quarter}\u2069`);
      const offeringOptions = await page.locator("#partner-offering option").allTextContents();
      expect(offeringOptions.filter((o) => o.includes(quarter)).every((o) => o.includes(`\u2066${quarter}\u2069`))).toBe(true);
      expect(offeringOptions.some((o) => o.includes(quarter))).toBe(true);
      const body = await page.locator("main").innerText();
      for (const name of learnerNames) expect(body).not.toContain(name);
      // The demo's groups are small: some cells say so instead of giving the number.
      await expect(page.locator(".suppressed").first()).toHaveText(locale === "ar" ? "أقل من 5" : "moins de 5");
      await page.screenshot({ path: path.join(shots, `partner-${locale}-360.png`), fullPage: true });
      await page.screenshot({ path: path.join(shots, `partner-${locale}-360-top.png`) });
      await page.locator("#partner-region").scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots, `partner-${locale}-360-region.png`) });
      // The admin's name lists and exports are closed to a partner.
      expect((await page.request.get(`/admin/indicators.csv?period=${quarter}&list=enrolled`)).status()).toBe(403);
      expect((await page.request.get("/partner?offering=999999")).status()).toBe(404);
    });
  }
});
