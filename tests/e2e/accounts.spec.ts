import { expect, test } from "@playwright/test";
import { ADMIN, DEMO_PASSWORD, expectDocument, logIn, logOut, uniqueEmail } from "./fixtures";

test.describe("a learner's account, in Arabic then French", () => {
  test.use({ locale: "ar-MA", extraHTTPHeaders: { "Accept-Language": "ar-MA,ar;q=0.9" } });

  test("sign up, log out, log in, switch to French, reset the password through the outbox link", async ({ page, browser }) => {
    const email = uniqueEmail("amina");
    await page.goto("/signup");
    await expectDocument(page, "ar", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("أنشئ حسابك");
    await page.getByLabel("الاسم الكامل").fill("أمينة الزهراوي");
    await page.getByLabel("البريد الإلكتروني").fill(email);
    await page.getByLabel("كلمة المرور").fill("كلمة سر طويلة بما يكفي");
    await page.getByLabel("الجمعية").selectOption({ label: "جمعيتي غير مسجلة بعد" });
    await page.getByLabel("الجهة").selectOption({ label: "بني ملال خنيفرة" });
    await page.getByRole("button", { name: "إنشاء حسابي" }).click();
    await expect(page).toHaveURL(/\/account\?welcome=1/);
    await expect(page.getByRole("status")).toContainText("حسابك جاهز");
    await expectDocument(page, "ar", "rtl");

    await logOut(page);
    await logIn(page, email, "كلمة سر طويلة بما يكفي");
    await expect(page).toHaveURL(/\/account/);

    await page.getByRole("button", { name: "Français" }).click();
    await expectDocument(page, "fr", "ltr");
    await expect(page).toHaveURL(/\/account/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mon compte");

    // Forgotten password, in French now that it is the saved preference.
    await logOut(page);
    await page.goto("/forgot-password");
    await page.getByLabel("Adresse e-mail").fill(email);
    await page.getByRole("button", { name: "Envoyer le lien" }).click();
    await expect(page.getByRole("status")).toContainText("un lien est en route");

    // Without SMTP the email waits in the outbox, which an admin can read.
    const adminContext = await browser.newContext({ locale: "fr-FR" });
    const admin = await adminContext.newPage();
    await logIn(admin, ADMIN, DEMO_PASSWORD);
    await admin.goto("/admin/outbox");
    await admin.locator("tr", { hasText: email }).first().getByRole("link").click();
    const link = await admin.locator(".email-body a").first().getAttribute("href");
    expect(link).toMatch(/\/reset-password\?token=[a-z2-7]{32}$/);
    await adminContext.close();

    await page.goto(new URL(link!).pathname + new URL(link!).search);
    await page.getByLabel("Nouveau mot de passe", { exact: true }).fill("nouvelle phrase secrète");
    await page.getByLabel("Confirmer le nouveau mot de passe").fill("nouvelle phrase secrète");
    await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
    await expect(page).toHaveURL(/\/account\?passwordSet=1/);

    await logOut(page);
    await logIn(page, email, "nouvelle phrase secrète");
    await expect(page).toHaveURL(/\/account/);

    // The link was single-use.
    await page.goto(new URL(link!).pathname + new URL(link!).search);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ce lien ne fonctionne plus");
  });

  test("sign-up errors are shown next to the fields in Arabic and nothing is created", async ({ page }) => {
    await page.goto("/signup");
    await page.getByLabel("الاسم الكامل").fill("Ali\u202Eevil");
    await page.getByLabel("البريد الإلكتروني").fill("not-an-email");
    await page.getByLabel("كلمة المرور").fill("short");
    await page.getByRole("button", { name: "إنشاء حسابي" }).click();
    await expect(page.locator("#field-displayName-error")).toHaveText("يحتوي هذا النص على رموز خفية أو رموز تحكم. يرجى كتابته من جديد.");
    await expect(page.locator("#field-email-error")).toContainText("أدخل عنوان بريد إلكتروني صحيحًا");
    await expect(page.locator("#field-password-error")).toHaveText("يجب أن تتكون كلمة المرور من 10 أحرف على الأقل.");
    await expect(page.getByLabel("الاسم الكامل")).toHaveAttribute("aria-invalid", "true");
  });
});

test.describe("access control", () => {
  test("a learner is refused the admin area with a translated 403, in Arabic and in French", async ({ page }) => {
    const email = uniqueEmail("learner");
    await page.goto("/signup");
    await page.locator('input[name="displayName"]').fill("Learner Test");
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill("long enough password");
    await page.locator('select[name="associationId"]').selectOption("none");
    await page.locator('select[name="regionCode"]').selectOption("TTA");
    await page.locator('form:has(input[name="password"]) button[type="submit"]').click();
    await expect(page).toHaveURL(/\/account/);

    await page.getByRole("button", { name: "العربية" }).click();
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expectDocument(page, "ar", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("الدخول مرفوض");

    await page.getByRole("button", { name: "Français" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accès refusé");
    await expectDocument(page, "fr", "ltr");
  });

  test("unknown pages answer 404 in the visitor's language", async ({ browser }) => {
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    const response = await page.goto("/cette-page-n-existe-pas");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page introuvable");
    await context.close();
  });

  test("a cross-site form post is refused before any action runs", async ({ request }) => {
    const response = await request.post("/logout", { headers: { Origin: "https://evil.example" }, form: {} });
    expect(response.status()).toBe(403);
  });
});
