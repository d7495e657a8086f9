import type { Transporter } from "nodemailer";
import type { Locale } from "../../db/schema";
import { REDACTED, markEmailSent, recordEmail, redactTokens } from "~/models/outbox.server";
import { env } from "./env.server";
import { translatorFor } from "./i18n.server";
import { localeDir } from "./i18n";

let transporter: Promise<Transporter> | undefined;
function getTransporter() {
  transporter ??= import("nodemailer").then((m) => m.default.createTransport(env.SMTP_URL));
  return transporter;
}

function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * `secret` marks a link that carries a credential (password reset, invitation): it is live only in the message handed
 * to SMTP (or, in development, printed on the console); the outbox keeps and shows it redacted.
 */
export type EmailContent = {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string; secret?: boolean };
  footer: string;
};

/** The link as the outbox stores it: the token's value replaced, or the whole query and fragment when there is no token parameter. */
export function redactUrl(url: string) {
  if (/[?&]token=/.test(url)) return redactTokens(url);
  return url.replace(/[?#].*$/, "") + `?${REDACTED}`;
}

/** The same email with its secret link redacted: what is stored in the outbox. */
export function redactEmail(content: EmailContent): EmailContent {
  if (!content.action?.secret) return content;
  return { ...content, action: { ...content.action, url: redactUrl(content.action.url) } };
}

/** Plain text and a simple HTML body, right-to-left for Arabic. */
export function renderEmail(locale: Locale, content: EmailContent) {
  const dir = localeDir(locale);
  const text = [
    content.greeting,
    "",
    ...content.paragraphs.flatMap((p) => [p, ""]),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ""] : []),
    content.footer,
  ].join("\n");
  const align = dir === "rtl" ? "right" : "left";
  const html = `<!doctype html><html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family:'Noto Sans Arabic','Noto Sans',Tahoma,Arial,sans-serif;line-height:1.6;color:#1f2933;direction:${dir};text-align:${align}">
<div dir="${dir}" style="max-width:560px;margin:0 auto;padding:16px">
<p>${escapeHtml(content.greeting)}</p>
${content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${content.action ? `<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:#0f766e;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p><p style="font-size:13px;color:#52606d">${escapeHtml(content.action.url)}</p>` : ""}
<p style="font-size:13px;color:#52606d">${escapeHtml(content.footer)}</p>
</div></body></html>`;
  return { text, html };
}

/**
 * Records the email in the outbox (secret links redacted), then sends the live email over SMTP when configured; without
 * SMTP, development prints the live email on the console and production prints only the redacted copy, so that server
 * logs never hold a working reset or invitation link. Routes do not call this: they call a named function of
 * `notifications.server.ts`.
 */
export async function sendEmail(input: { to: string; locale: Locale; kind: string; content: EmailContent }, options: { background?: boolean } = {}) {
  const { text, html } = renderEmail(input.locale, input.content);
  const stored = input.content.action?.secret ? renderEmail(input.locale, redactEmail(input.content)) : { text, html };
  // Whatever a caller forgot to mark secret, a token never reaches the table.
  const id = recordEmail({
    to: input.to,
    subject: input.content.subject,
    text: redactTokens(stored.text),
    html: redactTokens(stored.html),
    locale: input.locale,
    kind: input.kind,
  });
  if (!env.SMTP_URL) {
    if (env.LOG_EMAILS)
      console.log(`\n[outbox #${id}] To: ${input.to}\nSubject: ${input.content.subject}\n\n${env.isProduction ? redactTokens(stored.text) : text}\n`);
    return id;
  }
  const delivery = deliver(id, { to: input.to, subject: input.content.subject, text, html });
  // In the background, the answer's timing does not depend on the SMTP server (the reset form must not tell which emails have accounts).
  if (options.background) void delivery;
  else await delivery;
  return id;
}

async function deliver(id: number, message: { to: string; subject: string; text: string; html: string }) {
  try {
    const transport = await getTransporter();
    await transport.sendMail({ from: env.SMTP_FROM, ...message });
    markEmailSent(id);
  } catch (error) {
    markEmailSent(id, error instanceof Error ? error.message : String(error));
    console.error(`Email #${id} to ${message.to} failed:`, error);
  }
}

/** @deprecated Call `notifyPasswordReset` / `notifyInvitation` / `notifyBulkInvitation` from `notifications.server.ts`. */
export async function sendPasswordLinkEmail(
  user: { email: string; displayName: string; locale: Locale },
  purpose: "reset" | "invite",
  token: string,
  invitedBy?: string,
) {
  const t = await translatorFor(user.locale);
  const url = `${env.PUBLIC_URL}/reset-password?token=${token}`;
  const org = env.ORG_NAME;
  const content: EmailContent =
    purpose === "reset"
      ? {
          subject: t("email.reset.subject", { org }),
          greeting: t("email.greeting", { name: user.displayName }),
          paragraphs: [t("email.reset.body"), t("email.reset.expiry")],
          action: { label: t("email.reset.action"), url, secret: true },
          footer: t("email.reset.ignore"),
        }
      : {
          subject: t("email.invite.subject", { org }),
          greeting: t("email.greeting", { name: user.displayName }),
          paragraphs: [t("email.invite.body", { org, inviter: invitedBy ?? org }), t("email.invite.expiry")],
          action: { label: t("email.invite.action"), url, secret: true },
          footer: t("email.footer", { org }),
        };
  return sendEmail({ to: user.email, locale: user.locale, kind: purpose, content });
}

type Recipient = { email: string; displayName: string; locale: Locale };

/**
 * A short notification with one (non-secret) link, in the recipient's language: the building block of
 * `notifications.server.ts`. Routes and models call a named function there (`notifyReviewed`, `notifyCertificateIssued`, …).
 */
export async function sendNotice(
  to: Recipient,
  kind: string,
  keys: { subject: string; body: string[]; action?: string },
  values: Record<string, string>,
  path?: string,
) {
  const t = await translatorFor(to.locale);
  const vars = { ...values, org: env.ORG_NAME };
  return sendEmail({
    to: to.email,
    locale: to.locale,
    kind,
    content: {
      subject: t(keys.subject, vars),
      greeting: t("email.greeting", { name: to.displayName }),
      paragraphs: keys.body.map((k) => t(k, vars)),
      action: path && keys.action ? { label: t(keys.action, vars), url: `${env.PUBLIC_URL}${path}` } : undefined,
      footer: t("email.footer", vars),
    },
  });
}

/**
 * Delivers one already-recorded outbox row (see deliverPending in the outbox model): over SMTP when configured, else
 * printed when LOG_EMAILS is on. Returns the error message, or null when it went out.
 */
export async function transportEmail(email: { id: number; to: string; subject: string; text: string; html: string }): Promise<string | null> {
  if (!env.SMTP_URL) {
    if (env.LOG_EMAILS) console.log(`\n[outbox #${email.id}] To: ${email.to}\nSubject: ${email.subject}\n\n${email.text}\n`);
    return null;
  }
  try {
    const transport = await getTransporter();
    await transport.sendMail({ from: env.SMTP_FROM, to: email.to, subject: email.subject, text: email.text, html: email.html });
    return null;
  } catch (error) {
    console.error(`Email #${email.id} to ${email.to} failed:`, error);
    return error instanceof Error ? error.message : String(error);
  }
}
