import "./journey-setup";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { certificateJobs, certificates, outbox, users } from "../../db/schema";
import { certificateOverview, createJob, issueCertificate, resumeJobs } from "~/models/certificate.server";
import { buildAllLessons, getCourse } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import { markLessonComplete, recordQuizAttempt } from "~/models/progress.server";
import { reviewSubmission, submitExercise } from "~/models/submission.server";
import * as adminCerts from "~/routes/admin.offerings.$id.certificates";
import * as jwtRoute from "~/routes/certificates.$code[.jwt]";
import * as pdfRoute from "~/routes/certificates.$code[.pdf]";
import * as jwksRoute from "~/routes/ob.jwks[.json]";
import * as revocations from "~/routes/ob.revocations[.json]";
import * as verify from "~/routes/verify.$code";
import { checkCharacter, makeCertificateCode, parseCertificateCode } from "~/models/certificate/code";
import { db } from "~/utils/db.server";
import { cookieFor, getRequest, makeUser, postRequest, run } from "../helpers";

const DAY = 86_400_000;
let n = 0;
function offering(trainerIds: number[] = []) {
  n += 1;
  const r = saveOffering({ courseId: "mini", periodLabel: `2031-${String(n).padStart(2, "0")}`, enrolOpensAt: new Date(Date.now() - DAY), enrolClosesAt: new Date(Date.now() + DAY), startsAt: new Date(Date.now() - DAY), endsAt: new Date(Date.now() + DAY), capacity: 500, languages: ["ar", "fr"], status: "running", trainerIds });
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

/** A learner who has done everything the mini course asks. */
function completed(offeringId: number, names: { nameArabic?: string | null; nameLatin?: string | null } = { nameArabic: "أمينة بن علي", nameLatin: "Amina Ben Ali" }) {
  const learner = makeUser("learner", names);
  const { enrolment } = enrol(offeringId, learner.id);
  const lessons = getCourse("mini")!.lessons;
  for (const lesson of lessons) {
    markLessonComplete(enrolment.id, lesson.id);
    for (const quizId of lesson.quizIds) recordQuizAttempt({ enrolmentId: enrolment.id, lessonId: lesson.id, quizId, answers: {}, score: 100, passMark: 60 });
    for (const exerciseId of lesson.exerciseIds) {
      const s = submitExercise({ enrolmentId: enrolment.id, lessonId: lesson.id, exerciseId, answer: "ok", file: null })!;
      reviewSubmission(s.id, learner.id, "accepted", null, s.version);
    }
  }
  return { learner, enrolment };
}

function pdfText(pdf: Buffer) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cert-")), "c.pdf");
  fs.writeFileSync(file, pdf);
  const out = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`pdftotext failed: ${out.stderr}`);
  // pdftotext marks right-to-left spans with embedding controls; the text between them is in logical order.
  return out.stdout.replace(/[\u202a-\u202e]/g, "");
}

beforeAll(async () => {
  expect((await buildAllLessons()).failures).toEqual([]);
});

describe("certificate codes", () => {
  it("are easy to read aloud, carry a check character, and tolerate case and look-alike letters", () => {
    const code = makeCertificateCode("2026-Q4");
    expect(code).toMatch(/^TMK-2026Q4-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(parseCertificateCode(code.toLowerCase())).toBe(code);
    const body = code.slice(-6, -1);
    const wrongCheck = code.slice(0, -1) + (checkCharacter("2026Q4" + body) === "0" ? "1" : "0");
    expect(parseCertificateCode(wrongCheck)).toBeNull();
    const withO = makeCertificateCode("2026-Q4", () => new Uint8Array([0, 0, 0, 0, 0]));
    expect(parseCertificateCode(withO.replace(/0/g, "O").replace("TMK-2O26Q4", "TMK-2026Q4"))).toBe(withO);
    expect(parseCertificateCode("<script>")).toBeNull();
  });
});

describe("issuing", () => {
  it("is idempotent under concurrent clicks, refuses the ineligible and those without the printed names", async () => {
    const id = offering();
    const { enrolment, learner } = completed(id);
    const outcomes = await Promise.all(Array.from({ length: 10 }, async () => issueCertificate(enrolment.id, "ar-fr", null)));
    expect(outcomes.filter((o) => o.status === "issued")).toHaveLength(1);
    expect(db.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id)).all()).toHaveLength(1);
    expect(db.select().from(outbox).where(eq(outbox.to, learner.email)).all().some((e) => e.kind === "certificate-issued")).toBe(true);

    const notDone = enrol(id, makeUser().id).enrolment;
    expect(issueCertificate(notDone.id, "fr", null).status).toBe("not-eligible");
    const latinOnly = completed(id, { nameArabic: null, nameLatin: "Only Latin" });
    expect(issueCertificate(latinOnly.enrolment.id, "ar-fr", null).status).toBe("missing-name");
    expect(issueCertificate(latinOnly.enrolment.id, "fr", null).status).toBe("issued");
    const arabicOnly = completed(id, { nameArabic: "عربي فقط", nameLatin: null });
    expect(issueCertificate(arabicOnly.enrolment.id, "ar", null).status).toBe("issued");
    const overview = certificateOverview(id);
    expect(overview.find((r) => r.enrolmentId === notDone.id)).toMatchObject({ eligible: false, reason: "incomplete", certificate: null });
  });

  it("bulk-issues hundreds in a background run that resumes after a restart", async () => {
    const id = offering();
    const admin = makeUser("admin");
    const people = Array.from({ length: 120 }, () => completed(id));
    const job = createJob(id, people.map((p) => p.enrolment.id), "ar-fr", admin.id);
    await expect.poll(() => db.select().from(certificateJobs).where(eq(certificateJobs.id, job.id)).get()!.status, { timeout: 20_000 }).toBe("finished");
    expect(db.select().from(certificateJobs).where(eq(certificateJobs.id, job.id)).get()).toMatchObject({ done: 120, issued: 120, skipped: 0 });
    // A run interrupted by a restart: a row left "running" half-way is picked up again.
    const more = Array.from({ length: 15 }, () => completed(id));
    const stalled = db.insert(certificateJobs).values({ offeringId: id, requestedBy: admin.id, language: "fr", enrolmentIds: more.map((p) => p.enrolment.id), done: 5, status: "running" }).returning().get();
    resumeJobs();
    await expect.poll(() => db.select().from(certificateJobs).where(eq(certificateJobs.id, stalled.id)).get()!.status, { timeout: 20_000 }).toBe("finished");
    expect(db.select().from(certificates).where(eq(certificates.offeringId, id)).all()).toHaveLength(130);
  }, 60_000);

  it("admin page: issue all eligible, then revoke with a reason; learners and trainers are refused", async () => {
    const id = offering();
    const adminCookie = (await cookieFor(makeUser("admin").id)).cookie;
    const { enrolment, learner } = completed(id);
    const res = await run(adminCerts.action, postRequest(`/admin/offerings/${id}/certificates`, { intent: "issue", language: "ar-fr", scope: "all" }, { cookie: adminCookie }), { id: String(id) });
    expect(res.status).toBe(302);
    await expect.poll(() => db.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id)).get()?.code ?? null, { timeout: 10_000 }).not.toBeNull();
    const cert = db.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id)).get()!;
    const noReason = await run(adminCerts.action, postRequest(`/admin/offerings/${id}/certificates`, { intent: "revoke", code: cert.code, reason: "" }, { cookie: adminCookie }), { id: String(id) });
    expect(noReason.status).toBe(400);
    const revoked = await run(adminCerts.action, postRequest(`/admin/offerings/${id}/certificates`, { intent: "revoke", code: cert.code, reason: "Identité usurpée" }, { cookie: adminCookie }), { id: String(id) });
    expect(revoked.status).toBe(302);
    expect(db.select().from(certificates).where(eq(certificates.id, cert.id)).get()).toMatchObject({ revocationReason: "Identité usurpée" });
    const again = await run(adminCerts.action, postRequest(`/admin/offerings/${id}/certificates`, { intent: "revoke", code: cert.code, reason: "encore" }, { cookie: adminCookie }), { id: String(id) });
    expect(again.status).toBe(409);
    const empty = offering();
    const none = await run(adminCerts.action, postRequest(`/admin/offerings/${empty}/certificates`, { intent: "issue", language: "fr", scope: "all" }, { cookie: adminCookie }), { id: String(empty) });
    expect(none.status).toBe(400);
    expect(none.data.error).toBe("certificates.noneEligible");
    for (const role of ["learner", "trainer"] as const) {
      const cookie = (await cookieFor(makeUser(role).id)).cookie;
      expect((await run(adminCerts.loader, getRequest(`/admin/offerings/${id}/certificates`, { cookie }), { id: String(id) })).status).toBe(403);
    }
    // The holder gets 410 for a revoked certificate's PDF.
    const holder = (await cookieFor(learner.id)).cookie;
    expect((await run(pdfRoute.loader, getRequest(`/certificates/${cert.code}.pdf`, { cookie: holder }), { code: cert.code })).status).toBe(410);
  });
});

describe("the PDF", () => {
  it("holds the Arabic name in logical order, the French date line and the code; mixed and hostile text still fits", async () => {
    const id = offering();
    const { enrolment, learner } = completed(id, { nameArabic: "فاطمة الزهراء بن علي", nameLatin: "Fatima-Zahra Ben Ali" });
    const { certificate } = issueCertificate(enrolment.id, "ar-fr", null) as { certificate: { code: string; issuedAt: Date } };
    const res = (await pdfRoute.loader({ request: getRequest(`/certificates/${certificate.code}.pdf`, { cookie: (await cookieFor(learner.id)).cookie }), params: { code: certificate.code }, context: { clientIp: "x" } })) as Response;
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain("فاطمة الزهراء بن علي");
    expect(text).toContain("Fatima-Zahra Ben Ali");
    const date = new Intl.DateTimeFormat("fr-MA", { dateStyle: "long", timeZone: "UTC" }).format(certificate.issuedAt);
    expect(text).toContain(`Délivré le ${date}`);
    expect(text).toContain(certificate.code);
    expect(text).toContain("2031-");

    // A name typed before validation existed, with a right-to-left override, and a 200-character title.
    const hostile = completed(id, { nameArabic: "علي\u202Eالمغربي", nameLatin: "Ali \u202Egnp.exe" });
    db.update(users).set({ nameLatin: "Ali \u202Egnp.exe" }).where(eq(users.id, hostile.learner.id)).run();
    const issued = issueCertificate(hostile.enrolment.id, "ar-fr", null) as { certificate: typeof certificates.$inferSelect };
    db.update(certificates).set({ courseTitle: { ar: "عنوان طويل جدا ".repeat(14), fr: "Un titre de formation vraiment très long ".repeat(5) } }).where(eq(certificates.id, issued.certificate.id)).run();
    const long = (await pdfRoute.loader({ request: getRequest("/x", { cookie: (await cookieFor(hostile.learner.id)).cookie }), params: { code: issued.certificate.code }, context: { clientIp: "x" } })) as Response;
    const longText = pdfText(Buffer.from(await long.arrayBuffer()));
    expect(longText).not.toMatch(/\u202E/);
    expect(longText).toContain("Ali gnp.exe");
    expect(longText).toContain("vraiment");
  });
});

describe("verification and Open Badges", () => {
  it("verifies publicly, shows revocation, signs an OB 3.0 VC-JWT that jose verifies against the published key", async () => {
    const id = offering();
    const { enrolment, learner } = completed(id);
    const { certificate } = issueCertificate(enrolment.id, "ar-fr", null) as { certificate: typeof certificates.$inferSelect };
    const page = await run(verify.loader, getRequest(`/verify/${certificate.code}`), { code: certificate.code }, "198.51.100.77");
    expect(page.status).toBe(200);
    expect(page.data.certificate).toMatchObject({ code: certificate.code, nameArabic: "أمينة بن علي", revokedAt: null });
    expect(JSON.stringify(page.data)).not.toContain(learner.email);

    const jwtRes = (await jwtRoute.loader({ request: getRequest("/x", { cookie: (await cookieFor(learner.id)).cookie }), params: { code: certificate.code }, context: { clientIp: "x" } })) as Response;
    const jwt = await jwtRes.text();
    const keys = (await jwksRoute.loader()) as Response;
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(await keys.json()), { issuer: "http://localhost:3000/ob/issuer" });
    expect(protectedHeader.alg).toBe("EdDSA");
    const vc = payload.vc as Record<string, any>;
    expect(vc["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    expect(vc.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(vc.issuer).toMatchObject({ id: "http://localhost:3000/ob/issuer", type: ["Profile"] });
    expect(vc.credentialSubject.type).toEqual(["AchievementSubject"]);
    expect(vc.credentialSubject.identifier[0]).toMatchObject({ type: "IdentityObject", identityType: "emailAddress", hashed: true });
    expect(vc.credentialSubject.identifier[0].identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(vc.credentialSubject.achievement).toMatchObject({ type: ["Achievement"], criteria: { narrative: expect.any(String) } });
    expect(vc.credentialStatus).toEqual({ id: "http://localhost:3000/ob/revocations.json", type: "1EdTechRevocationList" });
    expect(payload.jti).toBe(vc.id);

    db.update(certificates).set({ revokedAt: new Date(), revocationReason: "erreur" }).where(eq(certificates.id, certificate.id)).run();
    const list = await ((await revocations.loader()) as Response).json();
    expect(list.revokedCredentials).toContainEqual({ id: vc.id, revocationReason: "erreur" });
    const after = await run(verify.loader, getRequest(`/verify/${certificate.code}`), { code: certificate.code }, "198.51.100.77");
    expect(after.data.certificate.revokedAt).not.toBeNull();
  });

  it("answers unknown and malformed codes alike, and limits how fast one address can try", async () => {
    for (const code of ["TMK-2026Q4-000000", "nonsense", "TMK-2026Q4-7F3K9H", "%3Cscript%3E"]) {
      const res = await run(verify.loader, getRequest(`/verify/${code}`), { code }, "198.51.100.88");
      expect(res.status).toBe(404);
      expect(res.data.found).toBe(false);
    }
    let last = 0;
    for (let i = 0; i < 40; i++) last = (await run(verify.loader, getRequest("/verify/x"), { code: "x" }, "198.51.100.99")).status;
    expect(last).toBe(429);
  });
});
