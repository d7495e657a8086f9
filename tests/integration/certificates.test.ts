import "./journey-setup";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv2019 from "ajv/dist/2019";
import addFormats from "ajv-formats";
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { SignJWT, calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK } from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { certificateJobSkips, certificateJobs, certificates, outbox, users } from "../../db/schema";
import { certificateOverview, checkCredentialFile, issueCertificate, resumeJobs, runJobStep } from "~/models/certificate.server";
import { checkCharacter, makeCertificateCode, parseCertificateCode } from "~/models/certificate/code";
import { STATUS_LIST_SIZE, readStatusBit, statusPosition } from "~/models/certificate/openbadges.server";
import achievementCredentialSchema from "~/models/certificate/ob-schema/achievementcredential.json";
import { buildAllLessons } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { deliverPending } from "~/models/outbox.server";
import { certificateEligibility } from "~/models/progress.server";
import { defaultBranding, setSetting } from "~/models/settings.server";
import * as adminCerts from "~/routes/admin.offerings.$id.certificates";
import * as zipRoute from "~/routes/admin.offerings.$id.certificates[.zip]";
import * as jwtRoute from "~/routes/certificates.$code[.jwt]";
import * as pdfRoute from "~/routes/certificates.$code[.pdf]";
import * as issuerRoute from "~/routes/ob.issuer";
import * as jwksRoute from "~/routes/ob.jwks[.json]";
import * as keyRoute from "~/routes/ob.keys.$kid";
import * as statusRoute from "~/routes/ob.status.$list";
import * as badgeRoute from "~/routes/ob.badges.$code[.svg]";
import * as batch from "~/routes/verify.batch";
import * as verify from "~/routes/verify.$code";
import * as verifyIndex from "~/routes/verify._index";
import { db, sqlite } from "~/utils/db.server";
import { i18nFor } from "~/utils/i18n.server";
import { cookieFor, getRequest, makeUser, postRequest, replyErrors, run } from "../helpers";
import { completed, offering, readyBranding } from "./certificate-fixtures";

const ISSUER = "http://localhost:3000/ob/issuer";

function pdfText(pdf: Buffer) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cert-")), "c.pdf");
  fs.writeFileSync(file, pdf);
  const out = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`pdftotext failed: ${out.stderr}`);
  // pdftotext marks right-to-left spans with embedding controls; the text between them is in logical order.
  return { text: out.stdout.replace(/[\u202a-\u202e]/g, ""), info: spawnSync("pdfinfo", [file], { encoding: "utf8" }).stdout };
}

async function body(response: unknown) {
  return Buffer.from(await (response as Response).arrayBuffer());
}

const adminCookie = async () => (await cookieFor(makeUser("admin").id)).cookie;
const post = (id: number, fields: Record<string, string>, cookie: string) =>
  run(adminCerts.action, postRequest(`/admin/offerings/${id}/certificates`, fields, { cookie }), { id: String(id) });
const emailsTo = (to: string, kind?: string) =>
  db
    .select()
    .from(outbox)
    .where(kind ? and(eq(outbox.to, to), eq(outbox.kind, kind)) : eq(outbox.to, to))
    .all();
const certsOf = (enrolmentId: number) => db.select().from(certificates).where(eq(certificates.enrolmentId, enrolmentId)).all();

async function credentialOf(code: string, holderId: number) {
  const res = (await jwtRoute.loader({
    request: getRequest("/x", { cookie: (await cookieFor(holderId)).cookie }),
    params: { code },
    context: { clientIp: "203.0.113.9" },
  })) as Response;
  return { jwt: await res.text(), headers: res.headers };
}

beforeAll(async () => {
  expect((await buildAllLessons()).failures).toEqual([]);
});

describe("certificate codes", () => {
  it("carry a check character: a typo is told apart from another issuer's code and from garbage", () => {
    const code = makeCertificateCode("2026-Q4");
    expect(code).toMatch(/^TMK-2026Q4-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(parseCertificateCode(code.toLowerCase())).toEqual({ ok: true, code });
    expect(parseCertificateCode(` ${code.slice(0, 4)} ${code.slice(4)} `)).toEqual({ ok: true, code });
    const body = code.slice(-6, -1);
    const wrongCheck = code.slice(0, -1) + (checkCharacter("2026Q4" + body) === "0" ? "1" : "0");
    expect(parseCertificateCode(wrongCheck)).toEqual({ ok: false, reason: "typo" });
    // One character of the body changed: the check character no longer matches.
    const swapped = code.slice(0, -3) + (code.at(-3) === "2" ? "3" : "2") + code.slice(-2);
    expect(parseCertificateCode(swapped)).toEqual({ ok: false, reason: "typo" });
    const withO = makeCertificateCode("2026-Q4", () => new Uint8Array([0, 0, 0, 0, 0]));
    expect(parseCertificateCode(withO.replace(/0/g, "O").replace("TMK-2O26Q4", "TMK-2026Q4"))).toEqual({ ok: true, code: withO });
    expect(parseCertificateCode("ABC-2026Q4-7F3K9H")).toEqual({ ok: false, reason: "foreign" });
    for (const bad of ["<script>", "", "TMK", "x".repeat(500), "__proto__", "TMK-2026Q4-7F3K9H\u0000"]) expect(parseCertificateCode(bad).ok).toBe(false);
  });
});

describe("issuing", () => {
  it("is refused while branding has placeholder names or no signature, then idempotent under concurrent clicks", async () => {
    setSetting("branding", defaultBranding());
    const id = offering();
    const { enrolment, learner } = completed(id);
    expect(issueCertificate(enrolment.id, "ar-fr", null).status).toBe("branding-incomplete");
    const admin = await adminCookie();
    const page = await run(adminCerts.loader, getRequest(`/admin/offerings/${id}/certificates`, { cookie: admin }), { id: String(id) });
    expect(page.data.brandingProblems).toEqual(expect.arrayContaining(["centre-name", "partner-name", "signatory-name", "signature"]));
    const refused = await post(id, { intent: "issue", language: "ar-fr", scope: "all" }, admin);
    expect(refused.status).toBe(409);
    expect(replyErrors(refused)[""]).toEqual(["certificates.brandingIncomplete"]);

    await readyBranding();
    const outcomes = await Promise.all(Array.from({ length: 10 }, async () => issueCertificate(enrolment.id, "ar-fr", null)));
    expect(outcomes.filter((o) => o.status === "issued")).toHaveLength(1);
    expect(certsOf(enrolment.id)).toHaveLength(1);
    await deliverPending();
    const [email] = emailsTo(learner.email, "certificate-issued");
    expect(email).toMatchObject({ pending: false });
    expect(email.text).toContain(certsOf(enrolment.id)[0].code);

    const notDone = enrol(id, makeUser().id).enrolment;
    expect(issueCertificate(notDone.id, "fr", null).status).toBe("not-eligible");
    const latinOnly = completed(id, { nameArabic: null, nameLatin: "Only Latin" });
    expect(issueCertificate(latinOnly.enrolment.id, "ar-fr", null).status).toBe("missing-name");
    expect(issueCertificate(latinOnly.enrolment.id, "fr", null).status).toBe("issued");
    // The database itself refuses a second valid certificate for an enrolment.
    const valid = certsOf(enrolment.id)[0];
    expect(() =>
      db
        .insert(certificates)
        .values({ ...valid, id: undefined, code: makeCertificateCode("2031-01") })
        .run(),
    ).toThrow(/UNIQUE/);
  });
});

describe("the certificates page", () => {
  it("shows, for learners in several states, what the database says, in a fixed number of queries", async () => {
    await readyBranding();
    const id = offering();
    const admin = await adminCookie();
    const done1 = completed(id, { nameArabic: "سلمى", nameLatin: "Salma" });
    const done2 = completed(id, { nameArabic: null, nameLatin: "Youssef" });
    const partial = completed(id, { nameArabic: "حمزة", nameLatin: "Hamza" }, { partial: true });
    const nothing = enrol(id, makeUser("learner", { nameLatin: "Nadia" }).id).enrolment;
    const issued = issueCertificate(done1.enrolment.id, "fr", null);
    expect(issued.status).toBe("issued");

    // Once to warm the session (its first read refreshes it), then counted.
    await run(adminCerts.loader, getRequest(`/admin/offerings/${id}/certificates`, { cookie: admin }), { id: String(id) });
    const spy = vi.spyOn(sqlite, "prepare");
    const page = await run(adminCerts.loader, getRequest(`/admin/offerings/${id}/certificates`, { cookie: admin }), { id: String(id) });
    const fewQueries = spy.mock.calls.length;
    expect(fewQueries).toBeLessThanOrEqual(16);
    spy.mockClear();
    for (let i = 0; i < 8; i++) completed(id);
    spy.mockClear();
    const bigger = await run(adminCerts.loader, getRequest(`/admin/offerings/${id}/certificates`, { cookie: admin }), { id: String(id) });
    expect(spy.mock.calls.length).toBe(fewQueries);
    spy.mockRestore();
    expect(bigger.data.rows).toHaveLength(12);

    const rows = new Map<number, any>(page.data.rows.map((r: any) => [r.enrolmentId, r]));
    expect(rows.get(done1.enrolment.id)).toMatchObject({
      email: done1.learner.email,
      eligible: true,
      certificate: { language: "fr", issuedBy: null, revokedAt: null },
    });
    expect(rows.get(done2.enrolment.id)).toMatchObject({ eligible: true, certificate: null });
    expect(rows.get(partial.enrolment.id)).toMatchObject({ eligible: false, reason: "incomplete" });
    expect(rows.get(nothing.id)).toMatchObject({ eligible: false, reason: "incomplete" });
    // The batched eligibility agrees with the one-enrolment read for every learner.
    for (const row of certificateOverview(id)) expect(row.eligible).toBe(certificateEligibility(row.enrolmentId).eligible);

    const filtered = await run(adminCerts.loader, getRequest(`/admin/offerings/${id}/certificates?status=incomplete&q=hamza`, { cookie: admin }), {
      id: String(id),
    });
    expect(filtered.data.rows.map((r: any) => r.enrolmentId)).toEqual([partial.enrolment.id]);
    const hostile = await run(adminCerts.loader, getRequest(`/admin/offerings/${id}/certificates?status=__proto__&q=${"%00".repeat(50)}`, { cookie: admin }), {
      id: String(id),
    });
    expect(hostile.status).toBe(200);
    expect(hostile.data.filter).toBe("all");
  });

  it("bulk run: a crash inside a batch loses nothing; on resume every certificate has exactly one email and the counts equal the rows", async () => {
    await readyBranding();
    const id = offering();
    const admin = makeUser("admin");
    const people = Array.from({ length: 23 }, () => completed(id));
    const noArabic = completed(id, { nameArabic: null, nameLatin: "Latin Only" });
    const ids = [...people.map((p) => p.enrolment.id), noArabic.enrolment.id];
    // The row a createJob() writes, without its background start: the test drives the steps.
    const job = db.insert(certificateJobs).values({ offeringId: id, requestedBy: admin.id, language: "ar-fr", enrolmentIds: ids }).returning().get();
    expect(runJobStep(job.id)).toBe(true);
    expect(() => runJobStep(job.id, { crashAfter: 4 })).toThrow("simulated crash");
    // The crashed batch left nothing: 10 certificates, 10 emails, counters at 10.
    expect(db.select().from(certificates).where(eq(certificates.jobId, job.id)).all()).toHaveLength(10);
    expect(
      db
        .select()
        .from(outbox)
        .where(eq(outbox.kind, "certificate-issued"))
        .all()
        .filter((e) => people.some((p) => p.learner.email === e.to)),
    ).toHaveLength(10);
    expect(db.select().from(certificateJobs).where(eq(certificateJobs.id, job.id)).get()).toMatchObject({
      done: 10,
      issued: 10,
      skipped: 0,
      status: "running",
    });

    resumeJobs();
    await expect.poll(() => db.select().from(certificateJobs).where(eq(certificateJobs.id, job.id)).get()!.status, { timeout: 20_000 }).toBe("finished");
    await deliverPending();
    const rows = db.select().from(certificates).where(eq(certificates.jobId, job.id)).all();
    const skips = db.select().from(certificateJobSkips).where(eq(certificateJobSkips.jobId, job.id)).all();
    expect(rows).toHaveLength(23);
    expect(skips).toEqual([expect.objectContaining({ enrolmentId: noArabic.enrolment.id, reason: "missing-name" })]);
    expect(db.select().from(certificateJobs).where(eq(certificateJobs.id, job.id)).get()).toMatchObject({
      done: 24,
      issued: rows.length,
      skipped: skips.length,
    });
    for (const p of people) expect(emailsTo(p.learner.email, "certificate-issued")).toHaveLength(1);
    expect(db.select().from(outbox).where(eq(outbox.pending, true)).all()).toHaveLength(0);

    // The page lists the skipped learner with the reason, and who started the run, when and in which language.
    const page = await run(adminCerts.loader, getRequest(`/admin/offerings/${id}/certificates`, { cookie: (await cookieFor(admin.id)).cookie }), {
      id: String(id),
    });
    expect(page.data.jobs[0]).toMatchObject({
      total: 24,
      done: 24,
      issued: 23,
      skipped: 1,
      language: "ar-fr",
      startedBy: admin.displayName,
      skips: [{ name: noArabic.learner.displayName, reason: "missing-name" }],
    });
  }, 60_000);

  it("revokes from the row with a reason, issues a replacement once even when two admins click, emails the learner each time", async () => {
    await readyBranding();
    const id = offering();
    const admin = await adminCookie();
    const other = await adminCookie();
    const { enrolment, learner } = completed(id);
    const cert = (issueCertificate(enrolment.id, "ar-fr", null) as { certificate: typeof certificates.$inferSelect }).certificate;

    const noReason = await post(id, { intent: "revoke", certificateId: String(cert.id) }, admin);
    expect(noReason.status).toBe(400);
    expect(replyErrors(noReason).reason).toEqual(["certificates.reasonRequired"]);
    for (const certificateId of ["__proto__", "1e999", "-1", "abc", "9".repeat(40)])
      expect((await post(id, { intent: "revoke", certificateId, reason: "withdrawn" }, admin)).status).toBe(400);
    expect((await post(id, { intent: "constructor" }, admin)).status).toBe(400);
    expect((await post(id, { intent: "replace", certificateId: String(cert.id) }, admin)).status).toBe(409);
    expect(replyErrors(await post(id, { intent: "replace", certificateId: String(cert.id) }, admin))[""]).toEqual(["certificates.notRevoked"]);
    // A certificate of another offering is not reachable from this one.
    const elsewhere = offering();
    expect((await post(elsewhere, { intent: "revoke", certificateId: String(cert.id), reason: "withdrawn" }, admin)).status).toBe(404);

    const revoked = await post(id, { intent: "revoke", certificateId: String(cert.id), reason: "issued-in-error", note: "nom mal orthographié" }, admin);
    expect(revoked.status).toBe(302);
    expect(db.select().from(certificates).where(eq(certificates.id, cert.id)).get()).toMatchObject({
      revocationCategory: "issued-in-error",
      revocationReason: "nom mal orthographié",
    });
    expect((await post(id, { intent: "revoke", certificateId: String(cert.id), reason: "withdrawn" }, admin)).status).toBe(409);
    expect(emailsTo(learner.email, "certificate-revoked")).toHaveLength(1);

    // Two admins replace at the same moment: one replacement, the other told it exists.
    const [a, b] = await Promise.all([
      post(id, { intent: "replace", certificateId: String(cert.id) }, admin),
      post(id, { intent: "replace", certificateId: String(cert.id) }, other),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    const all = certsOf(enrolment.id);
    expect(all).toHaveLength(2);
    expect(all.filter((c) => !c.revokedAt)).toHaveLength(1);
    const replacement = all.find((c) => !c.revokedAt)!;
    expect(replacement.code).not.toBe(cert.code);
    expect(replacement.replacesId).toBe(cert.id);
    expect(db.select().from(certificates).where(eq(certificates.id, cert.id)).get()!.replacedById).toBe(replacement.id);
    expect(emailsTo(learner.email, "certificate-replaced")).toHaveLength(1);
    expect(emailsTo(learner.email, "certificate-replaced")[0].text).toContain(replacement.code);
    expect(replyErrors(await post(id, { intent: "replace", certificateId: String(cert.id) }, admin))[""]).toEqual(["certificates.alreadyReplaced"]);

    // The row shows the revoked certificate's successor; the old PDF link leads to the verification page.
    const page = await run(adminCerts.loader, getRequest(`/admin/offerings/${id}/certificates`, { cookie: admin }), { id: String(id) });
    expect(page.data.rows.find((r: any) => r.enrolmentId === enrolment.id).certificate).toMatchObject({ code: replacement.code, revokedAt: null });
    const holder = (await cookieFor(learner.id)).cookie;
    const old = await run(pdfRoute.loader, getRequest(`/certificates/${cert.code}.pdf`, { cookie: holder }), { code: cert.code });
    expect(old.status).toBe(303);
    expect(old.headers.get("Location")).toBe(`/verify/${cert.code}`);

    // The verification page of the old code says "revoked" and links to the valid one.
    const verifyOld = await run(verify.loader, getRequest(`/verify/${cert.code}`), { code: cert.code }, "198.51.100.21");
    expect(verifyOld.status).toBe(200);
    expect(verifyOld.data.certificate).toMatchObject({ code: cert.code, revokedAt: expect.any(Number), replacementCode: replacement.code });

    for (const role of ["learner", "trainer"] as const) {
      const cookie = (await cookieFor(makeUser(role).id)).cookie;
      expect((await run(adminCerts.loader, getRequest(`/admin/offerings/${id}/certificates`, { cookie }), { id: String(id) })).status).toBe(403);
      expect((await post(id, { intent: "replace", certificateId: String(cert.id) }, cookie)).status).toBe(403);
    }
  });
});

describe("frozen at issue", () => {
  it("a certificate issued before a branding change still prints, signs and verifies with the old names", async () => {
    await readyBranding({ centre: { ar: "مركز الأمس", fr: "Centre d'hier" } });
    const id = offering();
    const { enrolment, learner } = completed(id, { nameArabic: "فاطمة الزهراء بن علي", nameLatin: "Fatima-Zahra Ben Ali" });
    const { certificate } = issueCertificate(enrolment.id, "ar-fr", null) as { certificate: typeof certificates.$inferSelect };
    const today = await readyBranding({ centre: { ar: "مركز اليوم", fr: "Centre d'aujourd'hui" } });
    setSetting("branding", { ...today, signatories: today.signatories.map((s) => ({ ...s, name: { ar: "موقع جديد", fr: "Nouveau Signataire" } })) });

    const cookie = (await cookieFor(learner.id)).cookie;
    const res = (await pdfRoute.loader({
      request: getRequest(`/certificates/${certificate.code}.pdf`, { cookie }),
      params: { code: certificate.code },
      context: { clientIp: "203.0.113.9" },
    })) as Response;
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="${certificate.code}.pdf"`);
    const { text, info } = pdfText(await body(res));
    expect(text).toContain("Centre d'hier");
    expect(text).toContain("Souad Alami");
    expect(text).not.toContain("aujourd'hui");
    expect(text).not.toContain("Nouveau Signataire");
    expect(text).toContain("فاطمة الزهراء بن علي");
    expect(text).toContain("Fatima-Zahra Ben Ali");
    // Training dates with the hours (the mini course has 2: the Arabic dual, the French plural).
    expect(text).toContain("Durée : 2 heures, du 5 janvier 2031 au 20 février 2031");
    expect(text).toContain("ساعتان");
    expect(text).toContain(certificate.code);
    expect(info).toMatch(/Tagged:\s+yes/);

    const { jwt } = await credentialOf(certificate.code, learner.id);
    expect((decodeJwt(jwt).issuer as { name: string }).name).toBe("Centre d'hier & Fondation Al Amal");
    expect((await checkCredentialFile(jwt)).status).toBe("valid");
    const page = await run(verify.loader, getRequest(`/verify/${certificate.code}`), { code: certificate.code }, "198.51.100.22");
    expect(page.data.certificate.issuer).toEqual({ ar: "مركز الأمس", fr: "Centre d'hier" });
  });

  it("hostile names and very long titles still fit; control characters are never printed", async () => {
    await readyBranding();
    const id = offering();
    const hostile = completed(id, { nameArabic: "علي\u202Eالمغربي", nameLatin: "Ali \u202Egnp.exe" });
    db.update(users).set({ nameLatin: "Ali \u202Egnp.exe" }).where(eq(users.id, hostile.learner.id)).run();
    const issued = issueCertificate(hostile.enrolment.id, "ar-fr", null) as { certificate: typeof certificates.$inferSelect };
    db.update(certificates)
      .set({ courseTitle: { ar: "عنوان طويل جدا ".repeat(14), fr: "Un titre de formation vraiment très long ".repeat(5) } })
      .where(eq(certificates.id, issued.certificate.id))
      .run();
    const long = await pdfRoute.loader({
      request: getRequest("/x", { cookie: (await cookieFor(hostile.learner.id)).cookie }),
      params: { code: issued.certificate.code },
      context: { clientIp: "203.0.113.9" },
    });
    const { text } = pdfText(await body(long));
    expect(text).not.toMatch(/\u202E/);
    expect(text).toContain("Ali gnp.exe");
    expect(text).toContain("vraiment");
  });
});

/** Horizontal bands of ink in the text block of page 1 at 200 dpi, and the text lines pdftotext finds there. */
function inkBands(pdf: Buffer) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lead-")), "c.pdf");
  fs.writeFileSync(file, pdf);
  const pgm = spawnSync("pdftoppm", ["-gray", "-r", "200", "-singlefile", file], { maxBuffer: 64 << 20 }).stdout as Buffer;
  // P5 header: "P5\n<width> <height>\n255\n", then one byte per pixel.
  let offset = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    const end = pgm.indexOf(0x0a, offset);
    fields.push(...pgm.subarray(offset, end).toString().trim().split(/\s+/));
    offset = end + 1;
  }
  const width = Number(fields[1]);
  const k = 200 / 72;
  const [x0, x1, y0, y1] = [Math.round(120 * k), Math.round((841.89 - 120) * k), Math.round(140 * k), Math.round(440 * k)];
  const bands: [number, number][] = [];
  let start = -1;
  for (let y = y0; y < y1; y++) {
    let ink = false;
    for (let x = x0; x < x1 && !ink; x++) ink = pgm[offset + y * width + x] < 160;
    if (ink && start < 0) start = y;
    if (!ink && start >= 0) {
      bands.push([start, y]);
      start = -1;
    }
  }
  if (start >= 0) bands.push([start, y1]);
  const layout = spawnSync("pdftotext", ["-bbox-layout", file, "-"], { encoding: "utf8" }).stdout;
  const lines = [...layout.matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)"/g)].map((m) => Number(m[1])).filter((y) => y >= 140 && y <= 440);
  return { bands: bands.length, lines: lines.length };
}

describe("the PDF's leading", () => {
  it("at 200 dpi no Arabic line touches the next: each text line is its own band of ink (long name, bilingual, French)", async () => {
    const { renderCertificatePdf } = await import("~/models/certificate/pdf.server");
    const branding = { centreLogo: null, partnerLogo: null, colour: "#0f766e", signatories: defaultBranding().signatories };
    const base = {
      code: "TMK-2026Q4-7F3K9H",
      hours: 40,
      periodLabel: "2026-11",
      issuedAt: new Date(Date.UTC(2026, 10, 23)),
      startsAt: new Date(Date.UTC(2026, 9, 5)),
      endsAt: new Date(Date.UTC(2026, 10, 20)),
      issuer: { ar: "مركز تمكين للابتكار الاجتماعي", fr: "Centre Tamkeen d'innovation sociale" },
      verifyUrl: "http://localhost:3000/verify/TMK-2026Q4-7F3K9H",
    };
    const samples = [
      {
        ...base,
        language: "ar" as const,
        nameArabic: "عبد الرّحمٰن بن محمّد الأمين الشّرقاوي الإدريسي الحسني الجيلالي",
        nameLatin: null,
        coIssuer: null,
        courseTitle: { ar: "كتابة المشاريع الجمعوية وطلب التمويل من الشركاء المؤسساتيين", fr: "" },
      },
      {
        ...base,
        language: "ar-fr" as const,
        nameArabic: "فاطمة الزهراء بن علي",
        nameLatin: "Fatima Zahra Ben Ali",
        coIssuer: { ar: "مؤسسة الأمل", fr: "Fondation Al Amal" },
        courseTitle: { ar: "التكوين في المعلوميات: Word وExcel و2FA", fr: "Formation en informatique : Word, Excel et 2FA" },
      },
      {
        ...base,
        language: "fr" as const,
        nameArabic: null,
        nameLatin: "Anne-Sophie Lefèvre-Benjelloun",
        coIssuer: null,
        courseTitle: { ar: "", fr: "Financement participatif : préparer et animer une campagne" },
      },
    ];
    for (const sample of samples) {
      const { bands, lines } = inkBands(await renderCertificatePdf(sample, branding));
      expect(lines).toBeGreaterThanOrEqual(5);
      // Touching lines merge into one band; marks above a line may add one of their own, never remove one.
      expect(bands).toBeGreaterThanOrEqual(lines);
    }
  });
});

describe("Open Badges 3.0", () => {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(achievementCredentialSchema);

  it("every credential (ar, fr, ar-fr) validates against the official schema and verifies with jose using only what the issuer publishes", async () => {
    await readyBranding();
    const id = offering();
    for (const language of ["ar", "fr", "ar-fr"] as const) {
      const { enrolment, learner } = completed(id);
      const { certificate } = issueCertificate(enrolment.id, language, null) as { certificate: typeof certificates.$inferSelect };
      const { jwt, headers } = await credentialOf(certificate.code, learner.id);
      expect(headers.get("Content-Type")).toBe("application/vc+jwt");
      expect(headers.get("Content-Disposition")).toBe(`attachment; filename="${certificate.code}.jwt"`);

      const header = decodeProtectedHeader(jwt);
      expect(header.alg).toBe("RS256");
      expect(Object.keys(header).sort()).toEqual(["alg", "jwk", "kid", "typ"]);
      const jwk = header.jwk as JWK;
      for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(jwk).not.toHaveProperty(secret);
      // What the issuer publishes: the kid URL dereferences to the key, which is in the JWKS too.
      const kid = String(header.kid);
      expect(kid).toMatch(/^http:\/\/localhost:3000\/ob\/keys\/[A-Za-z0-9_-]+$/);
      const published = (await (
        (await keyRoute.loader({
          request: getRequest(new URL(kid).pathname),
          params: { kid: kid.split("/").pop()! },
          context: { clientIp: "203.0.113.9" },
        })) as Response
      ).json()) as JWK;
      expect(await calculateJwkThumbprint(published)).toBe(await calculateJwkThumbprint(jwk));
      const jwks = (await ((await jwksRoute.loader()) as Response).json()) as { keys: JWK[] };
      expect(jwks.keys.map((k) => k.kid)).toContain(published.kid);
      const { payload } = await jwtVerify(jwt, await importJWK(published, "RS256"), { issuer: ISSUER, algorithms: ["RS256"] });

      // The payload is the credential itself (no vc wrapper), with the registered claims mirroring it.
      expect(payload).not.toHaveProperty("vc");
      expect(payload).not.toHaveProperty("sub");
      expect(payload.jti).toBe(payload.id);
      expect(payload.iss).toBe((payload.issuer as { id: string }).id);
      expect(payload.validFrom).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(payload.nbf).toBe(Date.parse(payload.validFrom as string) / 1000);
      const valid = validate(payload);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      const credential = payload as Record<string, any>;
      expect(credential.credentialSchema).toEqual([
        { id: "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json", type: "1EdTechJsonSchemaValidator2019" },
      ]);
      expect(credential.credentialStatus).toMatchObject({
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: String(certificate.id),
      });
      const achievement = credential.credentialSubject.achievement;
      expect(achievement.name).toBe(language === "ar" ? "دورة قصيرة" : language === "fr" ? "Cours court" : "دورة قصيرة — Cours court");
      expect(achievement.image).toEqual({ id: `http://localhost:3000/ob/badges/${certificate.code}.svg`, type: "Image", caption: achievement.name });
      expect(credential.credentialSubject.activityStartDate).toBe("2031-01-05T00:00:00Z");
    }
    // The badge image is an SVG in the frozen colour, with nothing that runs.
    const someCode = db.select().from(certificates).where(eq(certificates.offeringId, id)).get()!.code;
    const badge = (await badgeRoute.loader({ request: getRequest("/x"), params: { code: someCode }, context: { clientIp: "203.0.113.9" } })) as Response;
    const svg = await badge.text();
    expect(badge.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
    expect(svg).toContain('fill="#1d4ed8"');
    expect(svg).not.toMatch(/<script|href=/);
    // The issuer profile is served with CORS for wallets and verifiers.
    const profile = (await issuerRoute.loader()) as Response;
    expect(profile.headers.get("Access-Control-Allow-Origin")).toBe("*");
  });

  it("the signed status list shows the revoked bit and nothing else; a forged, altered or foreign file is told apart", async () => {
    await readyBranding();
    const id = offering();
    const admin = await adminCookie();
    const a = completed(id);
    const b = completed(id);
    const certA = (issueCertificate(a.enrolment.id, "fr", null) as { certificate: typeof certificates.$inferSelect }).certificate;
    const certB = (issueCertificate(b.enrolment.id, "fr", null) as { certificate: typeof certificates.$inferSelect }).certificate;
    await post(id, { intent: "revoke", certificateId: String(certA.id), reason: "withdrawn", note: "SECRET-NOTE-42" }, admin);

    const list = statusPosition(certA.id).list;
    const res = (await statusRoute.loader({
      request: getRequest(`/ob/status/${list}`),
      params: { list: String(list) },
      context: { clientIp: "203.0.113.9" },
    })) as Response;
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const statusJwt = await res.text();
    const { jwt } = await credentialOf(certB.code, b.learner.id);
    const jwk = decodeProtectedHeader(jwt).jwk as JWK;
    const { payload } = await jwtVerify(statusJwt, await importJWK(jwk, "RS256"), { issuer: ISSUER });
    expect(payload.type).toEqual(["VerifiableCredential", "BitstringStatusListCredential"]);
    const subject = payload.credentialSubject as { statusPurpose: string; encodedList: string };
    expect(subject.statusPurpose).toBe("revocation");
    expect(readStatusBit(subject.encodedList, statusPosition(certA.id).index)).toBe(1);
    expect(readStatusBit(subject.encodedList, statusPosition(certB.id).index)).toBe(0);
    expect(readStatusBit(subject.encodedList, STATUS_LIST_SIZE)).toBeNull();
    expect(readStatusBit(subject.encodedList, -1)).toBeNull();
    expect(readStatusBit("unot-base64!!", 0)).toBeNull();
    expect(JSON.stringify(payload)).not.toMatch(/SECRET-NOTE-42|withdrawn|Amina/);
    for (const bad of ["999999", "0", "abc", "__proto__", "1e3"]) {
      const r = (await statusRoute.loader({ request: getRequest("/x"), params: { list: bad }, context: { clientIp: "203.0.113.9" } })) as Response;
      expect(r.status).toBe(404);
      expect((await r.json()).error).toBe("لا توجد قائمة حالة بهذا الرقم.");
    }

    // A genuine file, an altered one, one signed by someone else's key, and garbage.
    expect(await checkCredentialFile(jwt)).toEqual({ status: "valid", code: certB.code });
    const [h, p, s] = jwt.split(".");
    const altered = JSON.parse(Buffer.from(p, "base64url").toString());
    altered.credentialSubject.achievement.name = "Master en finance";
    expect((await checkCredentialFile(`${h}.${Buffer.from(JSON.stringify(altered)).toString("base64url")}.${s}`)).status).toBe("signature");
    const forger = await generateKeyPair("RS256", { extractable: true });
    const forged = await new SignJWT(altered)
      .setProtectedHeader({ alg: "RS256", typ: "JWT", jwk: await exportJWK(forger.publicKey) })
      .setIssuer(ISSUER)
      .sign(forger.privateKey);
    expect((await checkCredentialFile(forged)).status).toBe("unknown-key");
    expect((await checkCredentialFile("not.a.jwt")).status).toBe("malformed");
    expect((await checkCredentialFile(jwt.replace(/^[^.]+/, Buffer.from('{"alg":"none"}').toString("base64url")))).status).toBe("malformed");

    // The public form answers each in words, never a 500.
    const form = (jwtValue: string, ip: string) => run(verifyIndex.action, postRequest("/verify", { jwt: jwtValue }), {}, ip);
    expect((await form(forged, "198.51.100.31")).status).toBe(422);
    expect(replyErrors(await form(forged, "198.51.100.31"))[""]).toEqual(["verify.jwt.unknown-key"]);
    expect(replyErrors(await form("x".repeat(30_000), "198.51.100.31")).jwt).toEqual(["errors.tooLong"]);
    const genuine = await form(jwt, "198.51.100.31");
    expect(genuine.status).toBe(200);
    expect(genuine.data.outcome).toEqual({ status: "valid", code: certB.code });
  });
});

describe("public verification and the funders' batch check", () => {
  it("a typo is answered as a typo, another issuer's code as foreign; one address is throttled", async () => {
    const code = makeCertificateCode("2026-11");
    const typo = code.slice(0, -1) + (code.at(-1) === "0" ? "1" : "0");
    const res = await run(verify.loader, getRequest(`/verify/${typo}`), { code: typo }, "198.51.100.88");
    expect(res.status).toBe(404);
    expect(res.data).toMatchObject({ found: false, problem: "typo", title: "في هذا الرمز خطأ في الكتابة" });
    expect((await run(verify.loader, getRequest("/verify/ABC-2026Q4-7F3K9H"), { code: "ABC-2026Q4-7F3K9H" }, "198.51.100.88")).data.problem).toBe("foreign");
    expect((await run(verify.loader, getRequest(`/verify/${code}`), { code }, "198.51.100.88")).data.problem).toBe("notFound");
    let last = 0;
    for (let i = 0; i < 40; i++) last = (await run(verify.loader, getRequest("/verify/x"), { code: "x" }, "198.51.100.99")).status;
    expect(last).toBe(429);
  });

  it("an admin checks a list of codes at once; others are refused", async () => {
    await readyBranding();
    const id = offering();
    const { enrolment } = completed(id);
    const cert = (issueCertificate(enrolment.id, "fr", null) as { certificate: typeof certificates.$inferSelect }).certificate;
    const typo = cert.code.slice(0, -1) + (cert.code.at(-1) === "0" ? "1" : "0");
    const admin = await adminCookie();
    const codes = [cert.code.toLowerCase(), typo, "ABC-2026Q4-7F3K9H", "hello", makeCertificateCode("2031-01")].join("\n");
    const res = await run(batch.action, postRequest("/verify/batch", { codes }, { cookie: admin }));
    expect(res.status).toBe(200);
    expect(res.data.rows.map((r: any) => r.status)).toEqual(["valid", "typo", "foreign", "malformed", "not-found"]);
    expect(res.data.rows[0]).toMatchObject({ input: cert.code, nameLatin: "Amina Ben Ali" });
    const tooMany = await run(batch.action, postRequest("/verify/batch", { codes: Array(201).fill(cert.code).join("\n") }, { cookie: admin }));
    expect(tooMany.status).toBe(400);
    expect(replyErrors(tooMany).codes).toEqual(["verify.batch.tooMany"]);
    const learner = (await cookieFor(makeUser("learner").id)).cookie;
    expect((await run(batch.loader, getRequest("/verify/batch", { cookie: learner }))).status).toBe(403);
    expect((await run(batch.action, postRequest("/verify/batch", { codes }, { cookie: learner }))).status).toBe(403);
    expect((await run(batch.loader, getRequest("/verify/batch"))).status).toBe(302);
  });
});

describe("hostile input to the certificate actions", () => {
  it("generated malformed bodies get a 4xx with a reason (the batch check: one row per code), never a 5xx, and change nothing", async () => {
    await readyBranding();
    const id = offering();
    const { enrolment } = completed(id);
    const cert = (issueCertificate(enrolment.id, "fr", null) as { certificate: typeof certificates.$inferSelect }).certificate;
    const admin = await adminCookie();
    const snapshot = () =>
      JSON.stringify([
        db.select().from(certificates).all(),
        db.select().from(certificateJobs).all(),
        db
          .select({ n: sql<number>`count(*)` })
          .from(outbox)
          .get(),
      ]);
    const before = snapshot();
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom("__proto__", "constructor", "toString", "\u202e", "\u0000", "1e999", "-1", "NaN", String(cert.id), "ar-fr", "issued-in-error"),
      fc.string({ unit: "binary", maxLength: 20 }),
    );
    const field = fc.tuple(
      fc.constantFrom("intent", "certificateId", "reason", "note", "language", "scope", "enrolmentId", "__proto__", "constructor", "codes", "jwt"),
      text,
    );
    const bodies = fc.sample(fc.array(field, { maxLength: 8 }), { numRuns: 120, seed: 12 });
    const statuses: number[] = [];
    for (const fields of bodies) {
      // Only bodies that could not revoke or replace anything: a well-formed revoke of the real id is not hostile.
      if (fields.some(([k, v]) => k === "intent" && ["revoke", "replace", "issue"].includes(v)) && fields.some(([k]) => k === "certificateId" || k === "scope"))
        continue;
      const form = new URLSearchParams(fields);
      for (const [route, url, cookie] of [
        [adminCerts.action, `/admin/offerings/${id}/certificates`, admin],
        [batch.action, "/verify/batch", admin],
        [verifyIndex.action, "/verify", undefined],
      ] as const) {
        const res = await run(
          route,
          new Request(`http://localhost:3000${url}`, {
            method: "POST",
            body: form,
            headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
          }),
          { id: String(id) },
          `203.0.113.${statuses.length % 250}`,
        );
        statuses.push(res.status);
        expect(res.status, JSON.stringify(fields)).toBeLessThan(500);
      }
    }
    // Wrong content types and oversized bodies are refused before parsing.
    for (const headers of [{ "Content-Type": "application/json" }, { "Content-Type": "text/plain" }]) {
      const res = await run(
        adminCerts.action,
        new Request(`http://localhost:3000/admin/offerings/${id}/certificates`, {
          method: "POST",
          body: '{"intent":"revoke"}',
          headers: { ...headers, Cookie: admin },
        }),
        { id: String(id) },
      );
      expect(res.status).toBe(415);
    }
    const huge = await run(batch.action, postRequest("/verify/batch", { codes: "TMK-2026Q4-7F3K9H\n".repeat(5000) }, { cookie: admin }));
    expect(huge.status).toBe(413);
    expect(statuses.length).toBeGreaterThan(200);
    expect(statuses.every((s) => s >= 200 && s < 500)).toBe(true);
    expect(snapshot()).toBe(before);
  });
});

describe("the ZIP", () => {
  it("names each PDF after its holder and code and carries a CSV manifest (BOM, formulas neutralised)", async () => {
    await readyBranding();
    const id = offering();
    const a = completed(id, { nameArabic: "سلمى العلوي", nameLatin: "Salma/../Alaoui" });
    const b = completed(id, { nameArabic: '=HYPERLINK("x")', nameLatin: null });
    const certA = (issueCertificate(a.enrolment.id, "ar-fr", null) as { certificate: typeof certificates.$inferSelect }).certificate;
    const certB = (issueCertificate(b.enrolment.id, "ar", null) as { certificate: typeof certificates.$inferSelect }).certificate;
    const res = (await zipRoute.loader({
      request: getRequest(`/admin/offerings/${id}/certificates.zip`, { cookie: await adminCookie() }),
      params: { id: String(id) },
      context: { clientIp: "203.0.113.9" },
    })) as Response;
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="certificates mini 2031-\d\d\.zip"$/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zip-"));
    fs.writeFileSync(path.join(dir, "all.zip"), await body(res));
    const py =
      "import zipfile,sys,json;z=zipfile.ZipFile(sys.argv[1]);print(json.dumps({'names':z.namelist(),'manifest':z.read('manifest.csv').decode('utf-8')}))";
    const out = JSON.parse(spawnSync("python3", ["-c", py, path.join(dir, "all.zip")], { encoding: "utf8" }).stdout);
    expect(out.names).toEqual(["manifest.csv", `Salma..Alaoui - ${certA.code}.pdf`, `=HYPERLINK(x) - ${certB.code}.pdf`]);
    expect(out.manifest.startsWith("\uFEFF")).toBe(true);
    expect(out.manifest).toContain(`"'=HYPERLINK(""x"")"`);
    expect(out.manifest).toContain(`"${certA.code}"`);
    expect(out.manifest.split("\r\n").filter(Boolean)).toHaveLength(3);
    const learner = (await cookieFor(a.learner.id)).cookie;
    expect((await run(zipRoute.loader, getRequest("/x", { cookie: learner }), { id: String(id) })).status).toBe(403);
  });
});

describe("plurals", () => {
  it('counts read correctly in Arabic, French and English (no "1 délivrés")', () => {
    const t = (l: string) => i18nFor(l).getFixedT(l, "common");
    expect(t("fr")("certificates.jobIssued", { count: 1 })).toBe("1 certificat délivré");
    expect(t("fr")("certificates.jobIssued", { count: 0 })).toBe("0 certificat délivré");
    expect(t("fr")("certificates.jobIssued", { count: 5 })).toBe("5 certificats délivrés");
    expect(t("fr")("certificates.jobSkipped", { count: 1 })).toBe("1 apprenant·e ignoré·e");
    expect(t("en")("certificates.jobIssued", { count: 1 })).toBe("1 certificate issued");
    expect(t("en")("certificates.jobSkipped", { count: 3 })).toBe("3 learners skipped");
    expect(t("ar")("certificates.jobIssued", { count: 0 })).toBe("لم تُسلَّم أي شهادة");
    expect(t("ar")("certificates.jobIssued", { count: 1 })).toBe("سُلِّمت شهادة واحدة");
    expect(t("ar")("certificates.jobIssued", { count: 2 })).toBe("سُلِّمت شهادتان");
    expect(t("ar")("certificates.jobIssued", { count: 3 })).toBe("سُلِّمت 3 شهادات");
    expect(t("ar")("certificates.jobIssued", { count: 11 })).toBe("سُلِّمت 11 شهادة");
    expect(t("ar")("certificates.jobSkipped", { count: 2 })).toBe("تُجووِز متعلمان");
  });
});
