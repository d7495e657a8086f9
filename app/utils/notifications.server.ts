import { localized } from "~/models/course.server";
import { getOffering } from "~/models/offering.server";
import { getUserById } from "~/models/user.server";
import type { Locale } from "../../db/schema";
import { issuePasswordToken } from "~/models/password-token.server";
import { sendNotice, sendPasswordLinkEmail } from "./email.server";

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


/** Tells the people released from a waiting list, when their offering closed, that no seat will come. */
export async function notifyWaitlistReleased(released: { userId: number; offeringId: number }[]) {
  for (const r of released) {
    const learner = getUserById(r.userId);
    const offering = getOffering(r.offeringId);
    if (!learner || learner.disabled || !offering) continue;
    await sendNotice(
      learner,
      "waitlist-released",
      { subject: "email.released.subject", body: ["email.released.body"], action: "email.released.action" },
      { course: localized(offering.course.title, learner.locale), period: offering.offering.periodLabel },
      "/courses",
    );
  }
}

/** Sends each account created by a bulk enrolment its invitation link (7 days), naming who invited them. */
export async function inviteEnrolledAccounts(accounts: { id: number; email: string; displayName: string; locale: Locale }[], invitedBy: string) {
  for (const account of accounts) {
    await sendPasswordLinkEmail(account, "invite", issuePasswordToken(account.id, "invite"), invitedBy);
  }
}
