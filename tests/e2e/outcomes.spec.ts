import crypto from "node:crypto";
import path from "node:path";
import { hashSync } from "@node-rs/argon2";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { PASSWORD_HASH_OPTIONS } from "../../db/password-options";
import { DEMO_PASSWORD, logIn, uniqueEmail } from "./fixtures";

// Outcome data at 360×740: the consent block on /account, the pre-/final test, the satisfaction survey and the
// follow-up link, in Arabic and in French, with JavaScript on and off.

const SHOTS = path.resolve(import.meta.dirname, "../.tmp-e2e/shots");
const passwordHash = hashSync(DEMO_PASSWORD, PASSWORD_HASH_OPTIONS);

function database() {
  const db = new Database(path.resolve(import.meta.dirname, "../.tmp-e2e/e2e.db"));
  db.pragma("busy_timeout = 5000");
  return db;
}

/**
 * A learner of this test's own with a seat in the running crowdfunding offering (the demo seed's); "lessons" marks every
 * lesson done, "completed" also records the completion. Set up in the database: the forms under test come after.
 */
function learnerIn(locale: "ar" | "fr", progress: "none" | "lessons" | "completed" = "none") {
  const email = uniqueEmail(`outcomes-${locale}`);
  const db = database();
  try {
    const userId = Number(
      db
        .prepare("INSERT INTO users (email, display_name, password_hash, role, locale) VALUES (?, ?, ?, 'learner', ?)")
        .run(email, "Zineb E2E", passwordHash, locale).lastInsertRowid,
    );
    const offering = db.prepare("SELECT id FROM offerings WHERE course_id = 'crowdfunding' AND status = 'running' ORDER BY starts_at DESC").get() as {
      id: number;
    };
    const now = Date.now();
    const enrolmentId = Number(
      db
        .prepare("INSERT INTO enrolments (offering_id, user_id, status, requested_at, enrolled_at, completed_at) VALUES (?, ?, 'enrolled', ?, ?, ?)")
        .run(offering.id, userId, now, now, progress === "completed" ? now : null).lastInsertRowid,
    );
    if (progress !== "none") {
      const lessons = db.prepare("SELECT id FROM lessons WHERE course_id = 'crowdfunding' AND archived_at IS NULL").all() as { id: number }[];
      const insert = db.prepare("INSERT INTO lesson_progress (enrolment_id, lesson_id, first_opened_at, completed_at) VALUES (?, ?, ?, ?)");
      for (const l of lessons) insert.run(enrolmentId, l.id, now, now);
    }
    return { email, enrolmentId };
  } finally {
    db.close();
  }
}

/** A follow-up question already sent for this enrolment: its link's token (only its hash is stored, as the app does). */
function sentFollowUp(enrolmentId: number) {
  const token = crypto.randomBytes(32).toString("base64url");
  const db = database();
  const now = Date.now();
  db.prepare("INSERT INTO follow_ups (enrolment_id, token_hash, due_at, sent_at, expires_at) VALUES (?, ?, ?, ?, ?)").run(
    enrolmentId,
    crypto.createHash("sha256").update(token).digest("hex"),
    now - 1000,
    now,
    now + 60 * 86_400_000,
  );
  db.close();
  return token;
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Nothing is wider than the phone's screen. */
async function expectNoSideScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

const UI = {
  ar: {
    browser: "ar-MA",
    sex: "الجنس",
    female: "أنثى",
    year: "سنة الميلاد",
    consent: "أوافق على أن يحتفظ المركز بجنسي وسنة ميلادي لتقاريره الإجمالية.",
    save: "حفظ هذه البيانات",
    consentRequired: "ضع علامة في خانة الموافقة لحفظ هذه البيانات، أو اترك الخانتين فارغتين.",
    saved: "سُجّلت بياناتك وموافقتك.",
    withdraw: "سحب موافقتي وحذف هذه البيانات",
    withdrawn: "سُحبت موافقتك وحُذفت البيانات.",
    nothing: "لا شيء محفوظ عن جنسك أو سنة ميلادك.",
    agree: "موافق",
    fully: "موافق تمامًا",
    relevance: "استجاب التكوين لحاجات جمعيتي.",
    clarity: "كانت الدروس واضحة.",
    trainer: "ساعدني المكوّن حين احتجت إلى ذلك.",
    usefulness: "ما تعلّمته مفيد لجمعيتي.",
    recommend: "أنصح جمعية أخرى بهذا التكوين.",
    comment: "تعليق (اختياري)",
    sendSurvey: "إرسال أجوبتي",
    choose: "اختر جوابًا واحدًا.",
    thanks: "شكرًا لك! سُجّلت أجوبتك.",
    answerSurvey: "الإجابة عن الاستبيان",
  },
  fr: {
    browser: "fr-FR",
    sex: "Sexe",
    female: "Femme",
    year: "Année de naissance",
    consent: "J'accepte que le centre conserve mon sexe et mon année de naissance pour ses rapports agrégés.",
    save: "Enregistrer ces données",
    consentRequired: "Cochez la case de consentement pour conserver ces données, ou laissez les deux champs vides.",
    saved: "Vos données et votre consentement sont enregistrés.",
    withdraw: "Retirer mon consentement et supprimer ces données",
    withdrawn: "Votre consentement est retiré et les données sont supprimées.",
    nothing: "Rien n'est conservé sur votre sexe ni sur votre année de naissance.",
    agree: "D'accord",
    fully: "Tout à fait d'accord",
    relevance: "La formation répondait aux besoins de mon association.",
    clarity: "Les leçons étaient claires.",
    trainer: "Le formateur ou la formatrice m'a aidé·e quand j'en avais besoin.",
    usefulness: "Ce que j'ai appris est utile à mon association.",
    recommend: "Je recommanderais cette formation à une autre association.",
    comment: "Commentaire (facultatif)",
    sendSurvey: "Envoyer mes réponses",
    choose: "Choisissez une réponse.",
    thanks: "Merci ! Vos réponses sont enregistrées.",
    answerSurvey: "Répondre au questionnaire",
  },
} as const;

for (const v of [
  { locale: "ar" as const, js: true },
  { locale: "fr" as const, js: false },
]) {
  const ui = UI[v.locale];
  test.describe(`${v.locale}, JavaScript ${v.js ? "on" : "off"}, 360×740`, () => {
    test.use({ locale: ui.browser, javaScriptEnabled: v.js, viewport: { width: 360, height: 740 } });

    test("consent form: data without consent is refused, given with consent it is shown back with its date, withdrawn it is deleted", async ({ page }) => {
      const { email } = learnerIn(v.locale);
      await logIn(page, email, DEMO_PASSWORD);
      await page.goto("/account");
      await expect(page.getByTestId("stored-profile-data")).toHaveText(ui.nothing);
      await page.getByLabel(ui.sex, { exact: true }).selectOption({ label: ui.female });
      await page.getByLabel(ui.year, { exact: true }).fill("1999");
      await page.getByRole("button", { name: ui.save }).click();
      await expect(page.locator(".field-error", { hasText: ui.consentRequired })).toBeVisible();
      await expect(page.getByTestId("stored-profile-data")).toHaveText(ui.nothing);
      await shot(page, `consent-refused-${v.locale}-${v.js ? "js" : "nojs"}`);

      await page.getByLabel(ui.consent).check();
      await page.getByRole("button", { name: ui.save }).click();
      await expect(page.getByRole("status")).toHaveText(ui.saved);
      const stored = page.getByTestId("stored-profile-data");
      await expect(stored).toContainText(ui.female);
      await expect(stored).toContainText("1999");
      await expect(stored).toContainText(String(new Date().getUTCFullYear()));
      await expectNoSideScroll(page);
      await shot(page, `consent-saved-${v.locale}-${v.js ? "js" : "nojs"}`);

      await page.getByRole("button", { name: ui.withdraw }).click();
      await expect(page.getByRole("status")).toHaveText(ui.withdrawn);
      await expect(page.getByTestId("stored-profile-data")).toHaveText(ui.nothing);
    });

    test("survey at completion: a missing answer is named, then the answers are recorded once", async ({ page }) => {
      const { email } = learnerIn(v.locale, "completed");
      await logIn(page, email, DEMO_PASSWORD);
      await page.goto("/courses/crowdfunding");
      await page.getByRole("link", { name: ui.answerSurvey }).click();
      await expect(page).toHaveURL(/\/courses\/crowdfunding\/survey$/);
      for (const statement of [ui.relevance, ui.clarity, ui.trainer, ui.usefulness]) {
        await page.getByRole("group", { name: statement }).getByLabel(ui.agree, { exact: true }).check();
      }
      await page.getByLabel(ui.comment).fill(v.locale === "ar" ? "أمثلة من طنجة مفيدة جدًا." : "Les exemples de Tanger m'ont beaucoup aidée.");
      // The browser would refuse the form itself (required radios): let the server answer, as it must for any client.
      await page.evaluate(() => document.querySelector("form#survey")?.setAttribute("novalidate", ""));
      await page.getByRole("button", { name: ui.sendSurvey }).click();
      const recommend = page.getByRole("group", { name: ui.recommend });
      await expect(recommend.locator(".field-error")).toHaveText(ui.choose);
      await shot(page, `survey-error-${v.locale}-${v.js ? "js" : "nojs"}`);
      await recommend.getByLabel(ui.fully, { exact: true }).check();
      await page.getByRole("button", { name: ui.sendSurvey }).click();
      await expect(page.getByRole("status")).toHaveText(ui.thanks);
      await expectNoSideScroll(page);
      await shot(page, `survey-sent-${v.locale}-${v.js ? "js" : "nojs"}`);
      // Once per enrolment: the course page no longer offers it.
      await page.goto("/courses/crowdfunding");
      await expect(page.getByRole("link", { name: ui.answerSurvey })).toHaveCount(0);
    });
  });
}

test.describe("pre-test and final test, in Arabic at 360×740", () => {
  test.use({ locale: "ar-MA", viewport: { width: 360, height: 740 } });

  test("the pre-test is offered and can be skipped; taken, then the final test after the lessons, the course page shows before and after", async ({ page }) => {
    const { email, enrolmentId } = learnerIn("ar");
    await logIn(page, email, DEMO_PASSWORD);
    await page.goto("/courses/crowdfunding");
    const panel = page.locator("#outcomes");
    await expect(panel.getByRole("link", { name: "تجاوزه والبدء بالدرس الأول" })).toHaveAttribute("href", "/courses/crowdfunding/crowdfunding-types");
    await panel.getByRole("link", { name: "اجتياز الاختبار القبلي" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("اختبار المعارف: التمويل التشاركي");
    const questions = page.locator("fieldset.question");
    await expect(questions).toHaveCount(7);
    // The first option everywhere: only q4's is right.
    for (let i = 0; i < 7; i += 1) await questions.nth(i).locator("input").first().check();
    await shot(page, "pretest-ar");
    await page.getByRole("button", { name: "إرسال أجوبتي" }).click();
    await expect(page.getByTestId("assessment-results")).toContainText("1 من 7 أجوبة صحيحة (14 %)");

    // Every lesson done (set up directly): the final test opens.
    const db = database();
    const now = Date.now();
    for (const l of db.prepare("SELECT id FROM lessons WHERE course_id = 'crowdfunding' AND archived_at IS NULL").all() as { id: number }[])
      db.prepare("INSERT INTO lesson_progress (enrolment_id, lesson_id, first_opened_at, completed_at) VALUES (?, ?, ?, ?)").run(enrolmentId, l.id, now, now);
    db.close();
    await page.goto("/courses/crowdfunding");
    await panel.getByRole("link", { name: "اجتياز الاختبار النهائي" }).click();
    const right: Record<number, string[]> = { 0: ["b"], 1: ["c"], 2: ["b"], 3: ["a"], 4: ["c"], 5: ["a", "c"], 6: ["b"] };
    for (const [i, options] of Object.entries(right)) for (const o of options) await questions.nth(Number(i)).locator(`input[value="${o}"]`).check();
    await page.getByRole("button", { name: "إرسال أجوبتي" }).click();
    await expect(page.getByTestId("assessment-results")).toContainText("7 من 7 أجوبة صحيحة (100 %)");
    await page.goto("/courses/crowdfunding");
    await expect(panel.getByTestId("assessment-results")).toContainText("1 من 7 أجوبة صحيحة (14 %)");
    await expect(panel.getByTestId("assessment-results")).toContainText("7 من 7 أجوبة صحيحة (100 %)");
    await expect(panel.locator(".gain bdi")).toHaveText("+86");
    await expectNoSideScroll(page);
    await shot(page, "course-results-ar");
  });
});

test.describe("follow-up link, in French without JavaScript", () => {
  test.use({ locale: "fr-FR", javaScriptEnabled: false, viewport: { width: 360, height: 740 } });

  test("answered once without logging in; the reused link says so; a forged one is refused", async ({ page }) => {
    const { enrolmentId } = learnerIn("fr", "completed");
    const token = sentFollowUp(enrolmentId);
    const response = await page.goto(`/follow-up?token=${token}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("group")).toContainText("Avez-vous utilisé dans votre association ce que vous avez appris dans « Financement participatif » ?");
    await page.getByLabel("En partie").check();
    await page.getByLabel("Comment ? (facultatif)").fill("Une campagne pour la salle média du club.");
    await shot(page, "follow-up-fr");
    await page.getByRole("button", { name: "Envoyer ma réponse" }).click();
    await expect(page.getByRole("status")).toHaveText("Merci ! Votre réponse est enregistrée.");

    const reused = await page.goto(`/follow-up?token=${token}`);
    expect(reused?.status()).toBe(410);
    await expect(page.getByRole("alert")).toContainText("Cette question a déjà reçu une réponse.");
    const forged = await page.goto(`/follow-up?token=${crypto.randomBytes(32).toString("base64url")}`);
    expect(forged?.status()).toBe(404);
    await expect(page.getByRole("alert")).toContainText("Ce lien n'est pas valable.");
    await shot(page, "follow-up-forged-fr");
  });
});
