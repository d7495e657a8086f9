import "./auto-setup";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { certificates, outbox } from "../../db/schema";
import { autoIssue } from "~/models/certificate.server";
import { buildAllLessons, getCourse } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { markLessonComplete, recordQuizAttempt } from "~/models/progress.server";
import { defaultBranding, getBranding, setSetting } from "~/models/settings.server";
import { reviewSubmission, saveSubmission } from "~/models/submission.server";
import * as branding from "~/routes/admin.branding";
import * as preview_ from "~/routes/admin.branding.preview[.pdf]";
import * as certsPage from "~/routes/admin.offerings.$id.certificates";
import { db } from "~/utils/db.server";
import { cookieFor, getRequest, makeUser, run } from "../helpers";
import { PNG, offering as courseOffering, readyBranding } from "./certificate-fixtures";

beforeAll(async () => {
  expect((await buildAllLessons()).failures).toEqual([]);
});

const offering = () => courseOffering("auto");

describe("automatic issuing and branding", () => {
  it("a course with autoIssue issues its certificate when the learner's action calls autoIssue(); nothing is issued from a read", async () => {
    await readyBranding();
    const id = offering();
    const learner = makeUser("learner", { nameLatin: "Yassine Auto" });
    const { enrolment } = enrol(id, learner.id);
    for (const lesson of getCourse("auto")!.lessons) {
      for (const quizId of lesson.quizIds) recordQuizAttempt({ enrolmentId: enrolment.id, lessonId: lesson.id, quizId, answers: {}, score: 100, passMark: 60 });
      for (const exerciseId of lesson.exerciseIds) {
        const s = saveSubmission({ enrolmentId: enrolment.id, lessonId: lesson.id, exerciseId, answer: "ok", file: null })!;
        reviewSubmission(s.id, learner.id, "accepted", null, s.version);
      }
      markLessonComplete(enrolment.id, lesson.id);
    }
    // The admin's page is a read: it shows the learner eligible and issues nothing.
    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const page = await run(certsPage.loader, getRequest(`/admin/offerings/${id}/certificates`, { cookie: admin }), { id: String(id) });
    expect(page.data.rows[0]).toMatchObject({ eligible: true, certificate: null });
    expect(db.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id)).get()).toBeUndefined();
    expect(autoIssue(enrolment.id)?.status).toBe("issued");
    expect(autoIssue(enrolment.id)?.status).toBe("exists");
    const cert = db.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id)).get()!;
    expect(cert).toMatchObject({ language: "fr", nameLatin: "Yassine Auto", nameArabic: null });
    expect(
      db
        .select()
        .from(outbox)
        .where(and(eq(outbox.to, learner.email), eq(outbox.kind, "certificate-issued")))
        .all(),
    ).toHaveLength(1);
  });

  it("the branding page lists what blocks issuing and previews a certificate; nothing is written by reading it", async () => {
    setSetting("branding", defaultBranding());
    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const page = await run(branding.loader, getRequest("/admin/branding", { cookie: admin }));
    expect(page.data.problems).toEqual(["centre-name", "partner-name", "signatory-name", "signature"]);
    const preview = (await preview_.loader({
      request: getRequest("/admin/branding/preview.pdf", { cookie: admin }),
      params: {},
      context: { clientIp: "x" },
    })) as Response;
    expect(preview.headers.get("Content-Type")).toBe("application/pdf");
    expect(preview.headers.get("Content-Disposition")).toBe('inline; filename="preview.pdf"');
    expect(
      Buffer.from(await preview.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    await readyBranding();
    expect((await run(branding.loader, getRequest("/admin/branding", { cookie: admin }))).data.problems).toEqual([]);
    const learner = (await cookieFor(makeUser("learner").id)).cookie;
    expect((await run(preview_.loader, getRequest("/admin/branding/preview.pdf", { cookie: learner }))).status).toBe(403);
  });

  it("admins edit the branding, with images checked by content", async () => {
    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const fields: Record<string, string> = {
      centreAr: "مركز النور",
      centreFr: "Centre Nour",
      partnerAr: "مؤسسة",
      partnerFr: "Fondation",
      sig0NameAr: "أ",
      sig0NameFr: "A",
      sig0TitleAr: "ب",
      sig0TitleFr: "B",
      sig1NameAr: "ج",
      sig1NameFr: "C",
      sig1TitleAr: "د",
      sig1TitleFr: "D",
      colour: "#123456",
    };
    const post = (file?: { name: string; bytes: Uint8Array }) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      if (file) body.append("centreLogo", new File([file.bytes as Uint8Array<ArrayBuffer>], file.name));
      return run(branding.action, new Request("http://localhost:3000/admin/branding", { method: "POST", body, headers: { Cookie: admin } }));
    };
    expect((await post({ name: "logo.png", bytes: new TextEncoder().encode("MZ not an image") })).status).toBe(415);
    // A PNG signature followed by HTML is not an image either.
    expect(
      (await post({ name: "logo.png", bytes: new Uint8Array([...PNG.subarray(0, 8), ...new TextEncoder().encode("<html><script>alert(1)</script>")]) })).status,
    ).toBe(415);
    expect((await post({ name: "logo.png", bytes: PNG })).status).toBe(302);
    const saved = getBranding();
    expect(saved).toMatchObject({ centre: { ar: "مركز النور", fr: "Centre Nour" }, colour: "#123456" });
    expect(saved.centreLogo).toMatch(/^[0-9a-f]{24}\.png$/);
    fields.colour = "red";
    expect((await post()).status).toBe(400);
    const learner = (await cookieFor(makeUser("learner").id)).cookie;
    expect((await run(branding.loader, getRequest("/admin/branding", { cookie: learner }))).status).toBe(403);
  });
});
