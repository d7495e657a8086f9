import { localized } from "~/models/course.server";
import { getOffering } from "~/models/offering.server";
import { getUserById } from "~/models/user.server";
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

