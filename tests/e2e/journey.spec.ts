import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, DEMO_PASSWORD, logIn, uniqueEmail } from "./fixtures";

// One offering of the two-lesson "mini" course, created by the admin through the UI, used by the whole file.
test.describe.configure({ mode: "serial" });

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PASSWORD = "كلمة سر طويلة جدا";

async function signUpArabic(page: Page, name: string) {
  const email = uniqueEmail("journey");
  await page.goto("/signup");
  await page.getByLabel("الاسم الكامل").fill(name);
  await page.getByLabel("البريد الإلكتروني").fill(email);
  await page.getByLabel("كلمة المرور").fill(PASSWORD);
  await page.getByLabel("الجمعية").selectOption({ index: 2 });
  await page.getByLabel("الجهة").selectOption("BMK");
  await page.getByRole("button", { name: "إنشاء حسابي" }).click();
  await expect(page).toHaveURL(/\/account/);
  return email;
}

async function asTrainer(browser: Browser, fn: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await logIn(page, "trainer@tamkeen.test", DEMO_PASSWORD);
  await page.getByRole("button", { name: "Français" }).click();
  await fn(page);
  await context.close();
}

async function takeQuiz(page: Page, check: string[], uncheck: string[] = []) {
  const quiz = page.locator(".quiz");
  for (const label of check) await quiz.getByLabel(label, { exact: true }).check();
  for (const label of uncheck) await quiz.getByLabel(label, { exact: true }).uncheck();
  await quiz.getByRole("button").click();
}

test("an admin opens a session of the short course", async ({ browser }) => {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await logIn(page, ADMIN, DEMO_PASSWORD);
  await page.getByRole("button", { name: "Français" }).click();
  await page.goto("/admin/offerings/new");
  await page.getByLabel("Formation").selectOption("mini");
  await page.getByLabel("Période").fill("2026-Q4");
  await page.getByLabel("Ouverture des inscriptions").fill(day(-5));
  await page.getByLabel("Clôture des inscriptions").fill(day(20));
  await page.getByLabel("Début").fill(day(-1));
  await page.getByLabel("Fin").fill(day(30));
  await page.getByLabel("Places", { exact: true }).fill("5");
  await page.getByLabel("العربية").check();
  await page.getByLabel("Statut").selectOption("running");
  await page.getByLabel("Youssef Trainer").check();
  await page.getByRole("button", { name: "Nouvelle session" }).click();
  await expect(page.getByRole("status")).toContainText("La session a été enregistrée.");
  await context.close();
});

test.describe("in Arabic, with JavaScript", () => {
  test.use({ locale: "ar-MA" });

  test("find, enrol, learn, fail then pass a quiz, submit an exercise; the trainer asks for changes then accepts; the course is completed", async ({
    page,
    browser,
  }) => {
    await signUpArabic(page, "سناء الإدريسي");
    await page.goto("/courses");
    await page.getByRole("link", { name: "دورة قصيرة" }).click();
    await expect(page.locator(".offering")).toContainText("2026-Q4");
    await page.getByRole("button", { name: "التسجيل" }).click();
    await expect(page.getByRole("status")).toContainText("تم تسجيلك");
    await page.getByRole("link", { name: "ابدأ الدورة" }).click();

    // Lesson 1: mark complete (optimistic), then the quiz: fail, then pass.
    await expect(page.locator(".lesson-body")).toHaveAttribute("dir", "rtl");
    await page.getByRole("button", { name: "تحديد الدرس كمكتمل" }).click();
    await expect(page.locator(".lesson-done")).toContainText("اكتمل الدرس");
    await expect(page.locator(".outline li.done")).toHaveCount(1);
    await takeQuiz(page, ["Casablanca", "Agadir"]);
    await expect(page.locator(".quiz .notice")).toContainText("ليس بعد");
    await expect(page.locator(".quiz")).toContainText("No, Casablanca is the largest city.");
    await takeQuiz(page, ["Rabat", "Souss-Massa", "L'Oriental"], ["Agadir"]);
    await expect(page.locator(".quiz .notice")).toContainText("نجحت");

    // Lesson 2: exercise and quiz.
    await page.locator("a[rel=next]").click();
    await page.getByLabel("إجابتك").fill("خطتي: ثلاثة أنشطة في ثلاثة أشهر.");
    await page.getByRole("button", { name: "إرسال إلى المكوّن" }).click();
    await expect(page.locator(".exercise .notice")).toContainText("تم الإرسال");
    await takeQuiz(page, ["Four"]);
    await expect(page.locator(".quiz .notice")).toContainText("نجحت");

    await asTrainer(browser, async (trainer) => {
      await trainer.goto("/trainer");
      await trainer.getByRole("link", { name: "Cours court" }).click();
      await expect(trainer.locator("tr", { hasText: "سناء الإدريسي" })).toBeVisible();
      await trainer.getByRole("link", { name: /Exercices à relire/ }).click();
      const card = trainer.locator("article.review", { hasText: "سناء الإدريسي" });
      await expect(card).toContainText("خطتي: ثلاثة أنشطة في ثلاثة أشهر.");
      await card.getByLabel("Commentaire pour l'apprenant").fill("Ajoutez un calendrier, s'il vous plaît.");
      await card.getByRole("button", { name: "Demander des modifications" }).click();
      await expect(trainer.getByRole("status")).toContainText("Modifications demandées");
    });

    await page.reload();
    await expect(page.locator(".exercise .notice")).toContainText("يطلب المكوّن إدخال تعديلات");
    await expect(page.locator(".exercise .notice")).toContainText("Ajoutez un calendrier");
    await page.getByLabel("إجابتك").fill("خطتي مع جدول زمني: أكتوبر، نونبر، دجنبر.");
    await page.getByRole("button", { name: "إرسال النسخة الجديدة" }).click();
    await expect(page.locator(".exercise .notice")).toContainText("تم الإرسال");

    await asTrainer(browser, async (trainer) => {
      await trainer.goto("/trainer");
      await trainer.getByRole("link", { name: "Cours court" }).click();
      await trainer.getByRole("link", { name: /Exercices à relire/ }).click();
      const card = trainer.locator("article.review", { hasText: "سناء الإدريسي" });
      await card.getByRole("button", { name: "Accepter" }).click();
      await expect(trainer.getByRole("status")).toContainText("Accepté");
    });

    await page.goto("/learn");
    const card = page.locator(".enrolment-card", { hasText: "دورة قصيرة" });
    await expect(card.locator(".completed-line")).toContainText("أنت مؤهل للحصول على الشهادة.");
    await expect(card.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(card.locator(".continue")).toHaveCount(0);
    // The period keeps its order after the Arabic dates around it.
    await expect(card.locator("bdi.period")).toHaveText("2026-Q4");
    await expect(card.locator("bdi.period")).toHaveAttribute("dir", "ltr");
  });
});

test.describe("the same core path without JavaScript", () => {
  test.use({ locale: "ar-MA", javaScriptEnabled: false });

  test("enrol, mark complete, answer quizzes and send an exercise with plain forms", async ({ page }) => {
    await signUpArabic(page, "Karim Bennis");
    await page.goto("/courses/mini");
    await page.getByRole("button", { name: "التسجيل" }).click();
    await expect(page.getByRole("status")).toContainText("تم تسجيلك");
    await page.goto("/courses/mini/first");
    await page.getByRole("button", { name: "تحديد الدرس كمكتمل" }).click();
    await expect(page.locator(".lesson-done")).toContainText("اكتمل الدرس");
    // A question left unanswered: refused in the quiz itself, what was ticked still ticked.
    await takeQuiz(page, ["Souss-Massa", "L'Oriental"]);
    await expect(page.locator(".quiz [role=alert]")).toHaveText("أجب عن كل الأسئلة قبل الإرسال.");
    await expect(page.locator(".quiz").getByLabel("Souss-Massa", { exact: true })).toBeChecked();
    await expect(page.locator(".quiz").getByLabel("L'Oriental", { exact: true })).toBeChecked();
    await expect(page.locator(".quiz").getByLabel("Rabat", { exact: true })).not.toBeChecked();
    await takeQuiz(page, ["Rabat"]);
    await expect(page.locator(".quiz .notice")).toContainText("نجحت");
    await page.goto("/courses/mini/second");
    // A program renamed .pdf: refused, the answer kept in the box.
    await page.getByLabel("إجابتك").fill("Plan sans JavaScript.");
    await page
      .getByLabel("إرفاق ملف (اختياري)")
      .setInputFiles({ name: "plan.pdf", mimeType: "application/pdf", buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]) });
    await page.getByRole("button", { name: "إرسال إلى المكوّن" }).click();
    await expect(page.locator(".exercise [role=alert]")).toContainText("نوع هذا الملف غير مقبول");
    await expect(page.getByLabel("إجابتك")).toHaveValue("Plan sans JavaScript.");
    await expect(page.getByLabel("إجابتك")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("إرفاق ملف (اختياري)").setInputFiles({ name: "plan.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    await page.getByRole("button", { name: "إرسال إلى المكوّن" }).click();
    await expect(page.locator(".exercise .notice")).toContainText("تم الإرسال");
    await takeQuiz(page, ["Four"]);
    await expect(page.locator(".quiz .notice")).toContainText("نجحت");
    await page.goto("/learn");
    const card = page.locator(".enrolment-card", { hasText: "دورة قصيرة" });
    await expect(card.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "80");
    // Every lesson done, the exercise with the trainer: nothing to continue, and it says so.
    await expect(card.locator(".exercises-waiting")).toHaveText("تمرين واحد في انتظار المراجعة");
    await expect(card.locator(".continue")).toHaveCount(0);
    await expect(card.locator(".awaiting-review")).toBeVisible();
  });
});

// Issuing, revoking, replacing and verifying certificates: tests/e2e/certificates.spec.ts (its own completed learner).
