import type { Certificate, Locale } from "../../../db/schema";
import type { OutgoingEmail } from "~/models/outbox.server";
import { renderEmail } from "~/utils/email.server";
import { env } from "~/utils/env.server";
import { i18nFor } from "~/utils/i18n.server";

type Holder = { email: string; displayName: string; locale: Locale };

/**
 * The holder's email about a certificate, rendered synchronously so that it can be written in the same transaction
 * as the certificate (the outbox pattern); deliverPending() sends it after commit.
 */
export function certificateEmail(
  kind: "issued" | "revoked" | "replaced",
  to: Holder,
  cert: Pick<Certificate, "code" | "courseTitle">,
  oldCode?: string,
): OutgoingEmail {
  const t = i18nFor(to.locale).getFixedT(to.locale, "common");
  const vars = { org: env.ORG_NAME, course: to.locale === "ar" ? cert.courseTitle.ar : cert.courseTitle.fr, code: cert.code, oldCode: oldCode ?? "" };
  const prefix = kind === "issued" ? "email.certificate" : kind === "revoked" ? "email.certificateRevoked" : "email.certificateReplaced";
  const subject = t(`${prefix}.subject`, vars);
  const content = {
    subject,
    greeting: t("email.greeting", { name: to.displayName }),
    paragraphs: [t(`${prefix}.body`, vars)],
    action:
      kind === "revoked"
        ? { label: t("email.certificateRevoked.action", vars), url: `${env.PUBLIC_URL}/verify/${cert.code}` }
        : { label: t("email.certificate.action", vars), url: `${env.PUBLIC_URL}/learn` },
    footer: t("email.footer", vars),
  };
  const { text, html } = renderEmail(to.locale, content);
  return { to: to.email, subject, text, html, locale: to.locale, kind: `certificate-${kind}` };
}
