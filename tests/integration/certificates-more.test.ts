import "./auto-setup";
import path from "node:path";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { certificates } from "../../db/schema";
import { afterCourseCompleted } from "~/models/course-completion.server";
import { buildAllLessons, getCourse } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import { markLessonComplete, recordQuizAttempt } from "~/models/progress.server";
import { getBranding } from "~/models/settings.server";
import { reviewSubmission, saveSubmission } from "~/models/submission.server";
import * as branding from "~/routes/admin.branding";
import * as zipRoute from "~/routes/admin.offerings.$id.certificates[.zip]";
import { db } from "~/utils/db.server";
import { cookieFor, getRequest, makeUser, run } from "../helpers";

beforeAll(async () => {
  expect((await buildAllLessons()).failures).toEqual([]);
});

function offering() {
  const r = saveOffering({ courseId: "auto", periodLabel: "2032-Q1", enrolOpensAt: new Date(Date.now() - 1e8), enrolClosesAt: new Date(Date.now() + 1e8), startsAt: new Date(Date.now() - 1e8), endsAt: new Date(Date.now() + 1e8), capacity: 10, languages: ["fr"], status: "running", trainerIds: [] });
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

describe("automatic issuing, ZIP and branding", () => {
  it("issues the certificate the moment a course with autoIssue is completed, and zips the session's certificates", async () => {
    const id = offering();
    const learner = makeUser("learner", { nameLatin: "Yassine Auto" });
    const { enrolment } = enrol(id, learner.id);
    for (const lesson of getCourse("auto")!.lessons) {
      for (const quizId of lesson.quizIds) recordQuizAttempt({ enrolmentId: enrolment.id, lessonId: lesson.id, quizId, answers: {}, score: 100, passMark: 60 });
      for (const exerciseId of lesson.exerciseIds) {
        const s = saveSubmission({ enrolmentId: enrolment.id, lessonId: lesson.id, exerciseId, answer: "ok", file: null })!;
        reviewSubmission(s.id, learner.id, "accepted", null, s.version);
      }
      expect(db.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id)).get()).toBeUndefined();
      // The action that records the last requirement acts on what the command returns.
      if (markLessonComplete(enrolment.id, lesson.id).courseCompleted) afterCourseCompleted(enrolment.id);
    }
    const cert = db.select().from(certificates).where(eq(certificates.enrolmentId, enrolment.id)).get()!;
    expect(cert).toMatchObject({ language: "fr", nameLatin: "Yassine Auto", nameArabic: null });

    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const res = (await zipRoute.loader({ request: getRequest(`/admin/offerings/${id}/certificates.zip`, { cookie: admin }), params: { id: String(id) }, context: { clientIp: "x" } })) as Response;
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zip-"));
    fs.writeFileSync(path.join(dir, "all.zip"), Buffer.from(await res.arrayBuffer()));
    const listing = spawnSync("python3", ["-c", "import zipfile,sys;print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", path.join(dir, "all.zip")], { encoding: "utf8" });
    expect(listing.stdout.trim().split("\n")).toEqual([`${cert.code}.pdf`]);
    const learnerCookie = (await cookieFor(learner.id)).cookie;
    expect((await run(zipRoute.loader, getRequest("/x", { cookie: learnerCookie }), { id: String(id) })).status).toBe(403);
  });

  it("admins edit the branding, with images checked by content", async () => {
    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const fields: Record<string, string> = { centreAr: "مركز النور", centreFr: "Centre Nour", partnerAr: "مؤسسة", partnerFr: "Fondation", sig0NameAr: "أ", sig0NameFr: "A", sig0TitleAr: "ب", sig0TitleFr: "B", sig1NameAr: "ج", sig1NameFr: "C", sig1TitleAr: "د", sig1TitleFr: "D", colour: "#123456" };
    const post = (file?: { name: string; bytes: Uint8Array }) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      if (file) body.append("centreLogo", new File([file.bytes as Uint8Array<ArrayBuffer>], file.name));
      return run(branding.action, new Request("http://localhost:3000/admin/branding", { method: "POST", body, headers: { Cookie: admin } }));
    };
    expect((await post({ name: "logo.png", bytes: new TextEncoder().encode("MZ not an image") })).status).toBe(415);
    // A real 1×1 PNG: the content is read by its structure, not its first bytes only.
    const png = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64"));
    expect((await post({ name: "logo.png", bytes: png })).status).toBe(302);
    const saved = getBranding();
    expect(saved).toMatchObject({ centre: { ar: "مركز النور", fr: "Centre Nour" }, colour: "#123456" });
    expect(saved.centreLogo).toMatch(/^[0-9a-f]{24}\.png$/);
    fields.colour = "red";
    expect((await post()).status).toBe(400);
    const learner = (await cookieFor(makeUser("learner").id)).cookie;
    expect((await run(branding.loader, getRequest("/admin/branding", { cookie: learner }))).status).toBe(403);
  });
});
