import crypto from "node:crypto";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { ADMIN, DEMO_PASSWORD, expectDocument, logIn, logOut, uniqueEmail, freshAdmin } from "./fixtures";

/**
 * The link a reset email would carry. The email handed to SMTP is checked by the integration tests; here no SMTP
 * server runs and the outbox never holds the link, so the test issues a token the way the app does (only its SHA-256
 * is stored) and follows it like the recipient would.
 */
function issueResetLink(email: string) {
  const token = Array.from(crypto.randomBytes(32), (b) => "abcdefghijklmnopqrstuvwxyz234567"[b % 32]).join("");
  const db = new Database("tests/.tmp-e2e/e2e.db");
  try {
    db.pragma("busy_timeout = 5000");
    const user = db.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: number };
    db.prepare("INSERT INTO password_tokens (id, user_id, purpose, expires_at, created_at) VALUES (?, ?, 'reset', ?, ?)").run(
      crypto.createHash("sha256").update(token).digest("hex"),
      user.id,
      Date.now() + 60 * 60 * 1000,
      Date.now(),
    );
  } finally {
    db.close();
  }
  return `/reset-password?token=${token}`;
}

test.describe("a learner's account, in Arabic then French", () => {
  test.use({ locale: "ar-MA", extraHTTPHeaders: { "Accept-Language": "ar-MA,ar;q=0.9" } });

  test("sign up, log out, log in, switch to French, ask for a reset (the outbox shows no link), reset with the emailed link", async ({ page, browser }) => {
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

    // Without SMTP the email waits in the outbox, which an admin can read — but not its link, which would open the account.
    const adminContext = await browser.newContext({ locale: "fr-FR" });
    const admin = await adminContext.newPage();
    await logIn(admin, freshAdmin(), DEMO_PASSWORD);
    // Another test (admin.spec, in parallel) may have saved French for the demo admin: read it in Arabic.
    if ((await admin.locator("html").getAttribute("lang")) !== "ar") await admin.locator('.language-switcher button[value="ar"]').click();
    await admin.goto("/admin/outbox");
    await admin.locator("tr", { hasText: email }).first().getByRole("link").click();
    await expect(admin.locator(".email-body")).toContainText("/reset-password?token=[redacted]");
    // The admin reads the interface in their own saved language (another test may switch the demo admin to French).
    await expect(
      admin.getByText(/^(الرابط في هذه الرسالة مخفي لأنه يتيح الدخول إلى الحساب\.|Le lien de cet e-mail est masqué : il donne accès au compte\.)$/),
    ).toBeVisible();
    await expect(admin.locator('.email-body a[href*="token="]')).toHaveCount(0);
    expect(await admin.content()).not.toMatch(/token=[a-z2-7]{32}/);
    await adminContext.close();

    const link = issueResetLink(email);
    await page.goto(link);
    await page.getByLabel("Nouveau mot de passe", { exact: true }).fill("nouvelle phrase secrète");
    await page.getByLabel("Confirmer le nouveau mot de passe").fill("nouvelle phrase secrète");
    await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
    await expect(page).toHaveURL(/\/account\?passwordSet=1/);

    await logOut(page);
    await logIn(page, email, "nouvelle phrase secrète");
    await expect(page).toHaveURL(/\/account/);

    // The link was single-use.
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ce lien ne fonctionne plus");
  });

  test("sign-up errors are shown next to the fields in Arabic and nothing is created", async ({ page }) => {
    await page.goto("/signup");
    await page.getByLabel("الاسم الكامل").fill("Ali\u202Eevil");
    await page.getByLabel("البريد الإلكتروني").fill("not-an-email");
    await page.getByLabel("كلمة المرور").fill("short");
    await page.getByRole("button", { name: "إنشاء حسابي" }).click();
    await expect(page.locator("#signup-displayName-error")).toHaveText("يحتوي هذا النص على رموز خفية أو رموز تحكم. يرجى كتابته من جديد.");
    await expect(page.locator("#signup-email-error")).toContainText("أدخل عنوان بريد إلكتروني صحيحًا");
    await expect(page.locator("#signup-password-error")).toHaveText("يجب أن تتكون كلمة المرور من 10 أحرف على الأقل.");
    await expect(page.getByLabel("الاسم الكامل")).toHaveAttribute("aria-invalid", "true");
    // Focus lands on the first field to correct.
    await expect(page.getByLabel("الاسم الكامل")).toBeFocused();
  });

  test("an email already registered: the server's answer keeps every value and focuses the email", async ({ page }) => {
    await page.goto("/signup");
    await page.getByLabel("الاسم الكامل").fill("ليلى بنعلي");
    await page.getByLabel("البريد الإلكتروني").fill(ADMIN);
    await page.getByLabel("كلمة المرور").fill("كلمة سر طويلة بما يكفي");
    await page.getByLabel("الجمعية").selectOption({ label: "جمعيتي غير مسجلة بعد" });
    await page.getByLabel("الجهة").selectOption({ label: "بني ملال خنيفرة" });
    await page.getByRole("button", { name: "إنشاء حسابي" }).click();
    await expect(page.locator("#signup-email-error")).toBeVisible();
    await expect(page.getByLabel("البريد الإلكتروني")).toBeFocused();
    await expect(page.getByLabel("الاسم الكامل")).toHaveValue("ليلى بنعلي");
    await expect(page.getByLabel("البريد الإلكتروني")).toHaveValue(ADMIN);
    await expect(page.getByLabel("الجمعية")).toHaveValue("none");
    await expect(page.getByLabel("الجهة")).toHaveValue("BMK");
    await expect(page.getByRole("link", { name: "سجّل الدخول بهذا البريد" })).toBeVisible();
  });

  test("account page: an error summary on the profile, the email changed only with the password, the old address told", async ({ page, browser }) => {
    const email = uniqueEmail("karim");
    await page.goto("/signup");
    await page.getByLabel("الاسم الكامل").fill("كريم العلوي");
    await page.getByLabel("البريد الإلكتروني").fill(email);
    await page.getByLabel("كلمة المرور").fill("كلمة سر طويلة بما يكفي");
    await page.getByLabel("الجمعية").selectOption({ label: "جمعيتي غير مسجلة بعد" });
    await page.getByLabel("الجهة").selectOption({ label: "الشرق" });
    await page.getByRole("button", { name: "إنشاء حسابي" }).click();
    await expect(page).toHaveURL(/\/account\?welcome=1/);
    // The address is shown isolated left-to-right inside the Arabic page.
    await expect(page.locator("bdi[dir=ltr]", { hasText: email })).toBeVisible();

    await page.getByLabel("الاسم بالحروف اللاتينية").fill("كريم");
    await page.getByLabel("الاسم بالحروف العربية").fill("كريم\u200Bالعلوي");
    await page.getByRole("button", { name: "حفظ", exact: true }).click();
    const summary = page.locator(".error-summary");
    await expect(summary).toBeFocused();
    await expect(summary.getByRole("link")).toHaveCount(2);
    await expect(summary.getByRole("link").first()).toHaveAttribute("href", "#profile-nameArabic");
    await expect(page.getByLabel("الاسم بالحروف العربية")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("الاسم الكامل")).toHaveValue("كريم العلوي");

    const newEmail = uniqueEmail("karim-new");
    await page.getByLabel("البريد الإلكتروني الجديد").fill(newEmail);
    await page.locator("#email-currentPassword").fill("ليست كلمة المرور");
    await page.getByRole("button", { name: "تغيير البريد الإلكتروني" }).click();
    await expect(page.locator("#email-currentPassword-error")).toHaveText("كلمة المرور الحالية غير صحيحة.");
    await expect(page.getByLabel("البريد الإلكتروني الجديد")).toHaveValue(newEmail);
    await expect(page.locator("bdi[dir=ltr]", { hasText: email })).toBeVisible();

    await page.locator("#email-currentPassword").fill("كلمة سر طويلة بما يكفي");
    await page.getByRole("button", { name: "تغيير البريد الإلكتروني" }).click();
    await expect(page.getByRole("status")).toHaveText("تم تغيير بريدك الإلكتروني، وأُرسل إشعار إلى عنوانك السابق.");
    await expect(page.locator("bdi[dir=ltr]", { hasText: newEmail })).toBeVisible();

    const adminContext = await browser.newContext({ locale: "fr-FR" });
    const admin = await adminContext.newPage();
    await logIn(admin, freshAdmin(), DEMO_PASSWORD);
    // Another test (admin.spec, in parallel) may have saved French for the demo admin: read it in Arabic.
    if ((await admin.locator("html").getAttribute("lang")) !== "ar") await admin.locator('.language-switcher button[value="ar"]').click();
    await admin.goto("/admin/outbox");
    // The notice went to the old address, in the person's language.
    await expect(admin.locator("tr", { hasText: email }).first()).toContainText("تغيّر البريد الإلكتروني لحسابك");
    await adminContext.close();
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
