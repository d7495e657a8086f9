import { localized } from "~/models/course.server";
import { getOffering } from "~/models/offering.server";
import { getUserById } from "~/models/user.server";
import type { Locale, LocalizedText } from "../../db/schema";
import { sendNotice } from "./email.server";

/** Emails everyone who just got a seat from the waitlist. */
export async function notifyPromoted(promoted: { userId: number; offeringId: number }[]) {
  for (const p of promoted) {
    const learner = getUserById(p.userId);
    const offering = getOffering(p.offeringId);
    if (!learner || !offering) continue;
    await sendNotice(
      learner,
      "waitlist-promoted",
      { subject: "email.promoted.subject", body: ["email.promoted.body"], action: "email.promoted.action" },
      { course: localized(offering.course.title, learner.locale), period: offering.offering.periodLabel },
      `/courses/${offering.course.id}`,
    );
  }
}


/** Tells a learner what a trainer decided on their exercise, with a link back to it. */
export async function notifyReviewed(input: {
  learner: { email: string; displayName: string; locale: Locale };
  decision: "accepted" | "changes_requested";
  course: { id: string; title: LocalizedText; fallbackLocale: Locale };
  lesson: { slug: string; title: Partial<Record<Locale, string>> };
  exerciseId: string;
}) {
  const { learner, decision, course, lesson } = input;
  await sendNotice(
    learner,
    `review-${decision}`,
    { subject: `email.review.${decision}.subject`, body: [`email.review.${decision}.body`], action: "email.review.action" },
    { course: localized(course.title, learner.locale), lesson: localized(lesson.title, learner.locale, course.fallbackLocale) },
    `/courses/${course.id}/${lesson.slug}#exercise-${encodeURIComponent(input.exerciseId)}`,
  );
}
