import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { hashSync } from "@node-rs/argon2";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { and, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { PASSWORD_HASH_OPTIONS } from "../../db/password-options";
import * as schema from "../../db/schema";
import { DEMO_PASSWORD, logIn, freshAdmin } from "./fixtures";

// The learner's side of a course is tested in journey.spec.ts; here a learner who finished the "mini" course and a
// completed branding are written straight into the server's database, so this file stands on its own.
const DB_FILE = "tests/.tmp-e2e/e2e.db";
const PASSWORD = "certificate-e2e-password";
const LEARNER = `cert-learner-${Date.now()}@example.ma`;
let offeringId = 0;

test.beforeAll(() => {
  const sqlite = new Database(DB_FILE);
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema });
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
  const dir = path.join(path.dirname(DB_FILE), "branding");
  fs.mkdirSync(dir, { recursive: true });
  const signature = `${crypto.randomBytes(12).toString("hex")}.png`;
  fs.writeFileSync(path.join(dir, signature), png);
  const branding = {
    centre: { ar: "مركز النور للتكوين", fr: "Centre Nour de formation" },
    partner: { ar: "مؤسسة الأمل", fr: "Fondation Al Amal" },
    centreLogo: null,
    partnerLogo: null,
    colour: "#1d4ed8",
    signatories: [
      { name: { ar: "سعاد العلمي", fr: "Souad Alami" }, title: { ar: "المديرة", fr: "Directrice" }, signature },
      { name: { ar: "كريم بناني", fr: "Karim Bennani" }, title: { ar: "الرئيس", fr: "Président" }, signature },
    ],
  };
  db.insert(schema.settings)
    .values({ key: "branding", value: branding })
    .onConflictDoUpdate({ target: schema.settings.key, set: { value: branding } })
    .run();
  const now = Date.now();
  offeringId = db
    .insert(schema.offerings)
    // A session that has ended and is closed: it appears in no catalogue, so the journey spec running beside this one
    // still sees only its own session of the course.
    .values({
      courseId: "mini",
      periodLabel: "2020-11",
      enrolOpensAt: new Date(Date.UTC(2020, 8, 1)),
      enrolClosesAt: new Date(Date.UTC(2020, 9, 1)),
      startsAt: new Date(Date.UTC(2020, 9, 1)),
      endsAt: new Date(Date.UTC(2020, 10, 20)),
      capacity: 30,
      languages: ["ar", "fr"],
      status: "closed",
    })
    .returning()
    .get().id;
  const user = db
    .insert(schema.users)
    .values({
      email: LEARNER,
      displayName: "Sanaa",
      nameArabic: "سناء الإدريسي",
      nameLatin: "Sanaa El Idrissi",
      passwordHash: hashSync(PASSWORD, PASSWORD_HASH_OPTIONS),
      role: "learner",
      locale: "ar",
    })
    .returning()
    .get();
  const enrolment = db
    .insert(schema.enrolments)
    .values({ offeringId, userId: user.id, status: "enrolled", requestedAt: new Date(now), enrolledAt: new Date(now), completedAt: new Date(now) })
    .returning()
    .get();
  for (const lesson of db
    .select()
    .from(schema.lessons)
    .where(and(eq(schema.lessons.courseId, "mini"), isNull(schema.lessons.archivedAt)))
    .all()) {
    db.insert(schema.lessonProgress)
      .values({ enrolmentId: enrolment.id, lessonId: lesson.id, firstOpenedAt: new Date(now), completedAt: new Date(now) })
      .run();
    for (const quizId of lesson.quizIds)
      db.insert(schema.quizAttempts)
        .values({ enrolmentId: enrolment.id, lessonId: lesson.id, quizId, answers: {}, score: 100, passMark: 60, passed: true })
        .run();
    for (const exerciseId of lesson.exerciseIds)
      db.insert(schema.submissions)
        .values({
          enrolmentId: enrolment.id,
          lessonId: lesson.id,
          exerciseId,
          answer: "ok",
          status: "accepted",
          submittedAt: new Date(now),
          reviewedAt: new Date(now),
        })
        .run();
  }
  sqlite.close();
});

test.describe("certificates", () => {
  test.use({ locale: "fr-FR" });

  test("an admin issues, revokes from the row, issues the replacement; the learner downloads the new PDF and credential; the old code says revoked and links to the new one", async ({
    page,
    browser,
  }) => {
    await logIn(page, freshAdmin(), DEMO_PASSWORD);
    await page.getByRole("button", { name: "Français" }).click();
    await page.goto(`/admin/offerings/${offeringId}/certificates`);
    const row = page.locator("tr", { hasText: LEARNER });
    await expect(row).toContainText("Éligible");
    await page.getByLabel("Langue des certificats").selectOption("ar-fr");
    await page.getByRole("button", { name: "Délivrer à tous les éligibles" }).click();
    await expect(page.getByRole("status").first()).toContainText("La délivrance a commencé");
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator(".job").first().textContent();
        },
        { timeout: 15_000 },
      )
      .toContain("Délivrance terminée");
    await expect(page.locator(".job").first()).toContainText("1 certificat délivré");
    await expect(page.locator(".job").first()).toContainText("0 apprenant·e ignoré·e");
    const oldCode = (await row.locator("a bdi").first().textContent())!.trim();
    expect(oldCode).toMatch(/^TMK-202011-[0-9A-Z]{6}$/);

    // Revoke from the row: the disclosure asks for the reason, the button confirms.
    await row.getByText("Révoquer…").click();
    await row.getByLabel("délivré par erreur").check();
    await row.getByLabel("Note interne (facultative, jamais publiée)").fill("Nom mal orthographié");
    await row.getByRole("button", { name: `Confirmer la révocation de ${oldCode}` }).click();
    await expect(page.getByRole("alert").or(page.getByRole("status")).first()).toContainText("Le certificat a été révoqué et son titulaire prévenu.");
    await expect(row).toContainText("révoqué le");
    await row.getByRole("button", { name: "Délivrer un certificat de remplacement" }).click();
    await expect(page.getByRole("alert").or(page.getByRole("status")).first()).toContainText("Le certificat de remplacement a été délivré");
    const newCode = (await row.locator("a bdi").first().textContent())!.trim();
    expect(newCode).not.toBe(oldCode);

    // The learner downloads the new PDF and the credential.
    const learnerContext = await browser.newContext({ locale: "ar-MA" });
    const learner = await learnerContext.newPage();
    await logIn(learner, LEARNER, PASSWORD);
    await learner.goto("/learn");
    const card = learner.locator(".certificate-card", { hasText: newCode });
    await expect(card).toContainText("دورة قصيرة");
    await expect(learner.locator(".credential-help summary")).toBeVisible();
    const pdfDownload = learner.waitForEvent("download");
    await card.getByRole("link", { name: "تحميل ملف PDF" }).click();
    const pdf = await (await pdfDownload).path();
    const text = execFileSync("pdftotext", [pdf!, "-"], { encoding: "utf8" }).replace(/[\u202a-\u202e]/g, "");
    expect(text).toContain("سناء الإدريسي");
    expect(text).toContain("Sanaa El Idrissi");
    expect(text).toContain(newCode);
    const jwtDownload = learner.waitForEvent("download");
    await card.getByRole("link", { name: /الشارة الرقمية/ }).click();
    const jwtFile = await jwtDownload;
    expect(jwtFile.suggestedFilename()).toBe(`${newCode}.jwt`);
    const payload = JSON.parse(Buffer.from(fs.readFileSync((await jwtFile.path())!, "utf8").split(".")[1], "base64url").toString());
    expect(payload.jti).toMatch(new RegExp(`/verify/${newCode}$`));
    expect(payload.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    await learnerContext.close();

    // Anyone opening the old code sees "revoked" and a link to the valid one (in Arabic, the code kept left to right).
    const anonymous = await browser.newContext({ locale: "ar-MA" });
    const visitor = await anonymous.newPage();
    await visitor.goto(`/verify/${oldCode}`);
    await expect(visitor.locator(".verify-status")).toContainText("أُلغيت هذه الشهادة يوم");
    const link = visitor.locator(".verify-status a");
    await expect(link).toHaveText(newCode);
    await expect(link.locator("bdi")).toHaveAttribute("dir", "ltr");
    await link.click();
    await expect(visitor.locator(".verify-status")).toHaveText("هذه الشهادة أصلية وصالحة.");
    // A mistyped code is answered as a typo.
    const typo = newCode.slice(0, -1) + (newCode.endsWith("0") ? "1" : "0");
    await visitor.goto(`/verify/${typo}`);
    await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("في هذا الرمز خطأ في الكتابة");
    await anonymous.close();
  });
});
