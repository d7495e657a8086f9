import type { Locale, LocalizedText } from "../../db/schema";
import { localized } from "~/models/course.server";
import { getOffering } from "~/models/offering.server";
import { issuePasswordToken } from "~/models/password-token.server";
import { getUserById } from "~/models/user.server";
import { sendEmail, sendNotice, type EmailContent } from "~/utils/email.server";
import { env } from "~/utils/env.server";
import { ltrText as ltr } from "~/utils/i18n";
import { translatorFor } from "~/utils/i18n.server";

/**
 * Every email the platform sends, one named function per occasion. Routes, models and jobs call these, never
 * `sendEmail` itself: the wording, the recipient's language and whether a link is a secret (redacted in the outbox)
 * are decided here, once.
 */

export type Recipient = { email: string; displayName: string; locale: Locale };

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

function passwordLink(token: string) {
  return `${env.PUBLIC_URL}/reset-password?token=${token}`;
}

/** The "choose a new password" link, valid one hour; stored redacted. Kind "reset". */
export async function notifyPasswordReset(user: Recipient, token: string) {
  const t = await translatorFor(user.locale);
  const org = env.ORG_NAME;
  const content: EmailContent = {
    subject: t("email.reset.subject", { org }),
    greeting: t("email.greeting", { name: user.displayName }),
    paragraphs: [t("email.reset.body"), t("email.reset.expiry")],
    action: { label: t("email.reset.action"), url: passwordLink(token), secret: true },
    footer: t("email.reset.ignore"),
  };
  return sendEmail({ to: user.email, locale: user.locale, kind: "reset", content }, { background: true });
}

/** The invitation of an account created by staff, with its "choose my password" link (seven days); stored redacted. Kind "invite". */
export async function notifyInvitation(user: Recipient, token: string, invitedBy: string) {
  const t = await translatorFor(user.locale);
  const org = env.ORG_NAME;
  const content: EmailContent = {
    subject: t("email.invite.subject", { org }),
    greeting: t("email.greeting", { name: user.displayName }),
    paragraphs: [t("email.invite.body", { org, inviter: invitedBy }), t("email.invite.expiry")],
    action: { label: t("email.invite.action"), url: passwordLink(token), secret: true },
    footer: t("email.footer", { org }),
  };
  return sendEmail({ to: user.email, locale: user.locale, kind: "invite", content });
}

/**
 * Invitations for accounts just created in bulk (e.g. the "invite" option of bulk enrolment): issues each one's
 * invitation token and sends it. Returns how many were sent.
 */
export async function notifyBulkInvitation(users: (Recipient & { id: number })[], invitedBy: string) {
  for (const user of users) await notifyInvitation(user, issuePasswordToken(user.id, "invite"), invitedBy);
  return users.length;
}

/**
 * Sent to the OLD address after the account's email changed, so that the owner learns of a change they did not make.
 * `user` carries the old address. Kind "email-changed".
 */
export async function notifyEmailChanged(user: Recipient, newEmail: string) {
  const t = await translatorFor(user.locale);
  const vars = { org: env.ORG_NAME, oldEmail: ltr(user.email), newEmail: ltr(newEmail) };
  return sendEmail({
    to: user.email,
    locale: user.locale,
    kind: "email-changed",
    content: {
      subject: t("email.emailChanged.subject", vars),
      greeting: t("email.greeting", { name: user.displayName }),
      paragraphs: [t("email.emailChanged.body", vars), t("email.emailChanged.notYou", vars)],
      footer: t("email.footer", vars),
    },
  });
}

/** A certificate was issued: `course` is the title in the holder's language, `code` the certificate's code. Kind "certificate-issued". */
export async function notifyCertificateIssued(holder: Recipient, certificate: { course: string; code: string }) {
  return sendNotice(
    holder,
    "certificate-issued",
    { subject: "email.certificate.subject", body: ["email.certificate.body"], action: "email.certificate.action" },
    { course: certificate.course, code: certificate.code },
    "/learn",
  );
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

/**
 * The question asked 90 days after a course was completed, with the single-use link that answers it without logging
 * in. The token travels in the query (`?token=`), so the outbox stores the link redacted: only the email holds it.
 * Kind "follow-up".
 */
export async function notifyFollowUp(learner: Recipient, input: { courseTitle: LocalizedText; token: string }) {
  const t = await translatorFor(learner.locale);
  const vars = { org: env.ORG_NAME, course: localized(input.courseTitle, learner.locale) };
  return sendEmail({
    to: learner.email,
    locale: learner.locale,
    kind: "follow-up",
    content: {
      subject: t("outcomes.followUp.email.subject", vars),
      greeting: t("email.greeting", { name: learner.displayName }),
      paragraphs: [t("outcomes.followUp.email.body", vars), t("outcomes.followUp.email.expiry", vars)],
      action: { label: t("outcomes.followUp.email.action", vars), url: `${env.PUBLIC_URL}/follow-up?token=${input.token}`, secret: true },
      footer: t("email.footer", vars),
    },
  });
}
