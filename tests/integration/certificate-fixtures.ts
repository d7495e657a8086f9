import { getCourse } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import { markLessonComplete, recordQuizAttempt } from "~/models/progress.server";
import { setSetting, type Branding } from "~/models/settings.server";
import { reviewSubmission, saveSubmission } from "~/models/submission.server";
import { saveBrandingImage } from "~/models/certificate/files.server";
import { makeUser } from "../helpers";

const DAY = 86_400_000;
// A real 1×1 PNG, so pdfkit embeds it as a signature.
export const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));

/** Branding an admin has completed: real names and a signature for both signatories. */
export async function readyBranding(names: { centre?: { ar: string; fr: string } } = {}): Promise<Branding> {
  const signature = await saveBrandingImage(PNG);
  const branding: Branding = {
    centre: names.centre ?? { ar: "مركز النور للتكوين", fr: "Centre Nour de formation" },
    partner: { ar: "مؤسسة الأمل", fr: "Fondation Al Amal" },
    centreLogo: null,
    partnerLogo: null,
    colour: "#1d4ed8",
    signatories: [
      { name: { ar: "سعاد العلمي", fr: "Souad Alami" }, title: { ar: "المديرة", fr: "Directrice" }, signature },
      { name: { ar: "كريم بناني", fr: "Karim Bennani" }, title: { ar: "الرئيس", fr: "Président" }, signature },
    ],
  };
  setSetting("branding", branding);
  return branding;
}

let n = 0;
export function offering(courseId = "mini", trainerIds: number[] = []) {
  n += 1;
  const r = saveOffering({
    courseId,
    periodLabel: `2031-${String(n).padStart(2, "0")}`,
    enrolOpensAt: new Date(Date.now() - DAY),
    enrolClosesAt: new Date(Date.now() + DAY),
    startsAt: new Date(Date.UTC(2031, 0, 5)),
    endsAt: new Date(Date.UTC(2031, 1, 20)),
    capacity: 500,
    languages: ["ar", "fr"],
    status: "running",
    trainerIds,
  });
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

/** A learner who has done everything the course asks (or only the first lesson when `partial`). */
export function completed(
  offeringId: number,
  names: { nameArabic?: string | null; nameLatin?: string | null } = { nameArabic: "أمينة بن علي", nameLatin: "Amina Ben Ali" },
  { courseId = "mini", partial = false } = {},
) {
  const learner = makeUser("learner", names);
  const { enrolment } = enrol(offeringId, learner.id);
  const lessons = getCourse(courseId)!.lessons;
  for (const lesson of partial ? lessons.slice(0, 1) : lessons) {
    markLessonComplete(enrolment.id, lesson.id);
    for (const quizId of lesson.quizIds) recordQuizAttempt({ enrolmentId: enrolment.id, lessonId: lesson.id, quizId, answers: {}, score: 100, passMark: 60 });
    for (const exerciseId of lesson.exerciseIds) {
      const s = saveSubmission({ enrolmentId: enrolment.id, lessonId: lesson.id, exerciseId, answer: "ok", file: null })!;
      reviewSubmission(s.id, learner.id, "accepted", null, s.version);
    }
  }
  return { learner, enrolment };
}
