import type { Transporter } from "nodemailer";
import type { Locale } from "../../db/schema";
import { markEmailSent, recordEmail } from "~/models/outbox.server";
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

export type EmailContent = { subject: string; greeting: string; paragraphs: string[]; action?: { label: string; url: string }; footer: string };

/** Plain text and a simple HTML body, right-to-left for Arabic. */
export function renderEmail(locale: Locale, content: EmailContent) {
  const dir = localeDir(locale);
  const text = [content.greeting, "", ...content.paragraphs.flatMap((p) => [p, ""]), ...(content.action ? [`${content.action.label}: ${content.action.url}`, ""] : []), content.footer].join("\n");
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

/** Records the email in the outbox, then sends it over SMTP when configured, else prints it. */
export async function sendEmail(input: { to: string; locale: Locale; kind: string; content: EmailContent }) {
  const { text, html } = renderEmail(input.locale, input.content);
  const id = recordEmail({ to: input.to, subject: input.content.subject, text, html, locale: input.locale, kind: input.kind });
  if (!env.SMTP_URL) {
    if (env.LOG_EMAILS) console.log(`\n[outbox #${id}] To: ${input.to}\nSubject: ${input.content.subject}\n\n${text}\n`);
    return id;
  }
  try {
    const transport = await getTransporter();
    await transport.sendMail({ from: env.SMTP_FROM, to: input.to, subject: input.content.subject, text, html });
    markEmailSent(id);
  } catch (error) {
    markEmailSent(id, error instanceof Error ? error.message : String(error));
    console.error(`Email #${id} to ${input.to} failed:`, error);
  }
  return id;
}

export async function sendPasswordLinkEmail(user: { email: string; displayName: string; locale: Locale }, purpose: "reset" | "invite", token: string, invitedBy?: string) {
  const t = await translatorFor(user.locale);
  const url = `${env.PUBLIC_URL}/reset-password?token=${token}`;
  const org = env.ORG_NAME;
  const content: EmailContent =
    purpose === "reset"
      ? {
          subject: t("email.reset.subject", { org }),
          greeting: t("email.greeting", { name: user.displayName }),
          paragraphs: [t("email.reset.body"), t("email.reset.expiry")],
          action: { label: t("email.reset.action"), url },
          footer: t("email.reset.ignore"),
        }
      : {
          subject: t("email.invite.subject", { org }),
          greeting: t("email.greeting", { name: user.displayName }),
          paragraphs: [t("email.invite.body", { org, inviter: invitedBy ?? org }), t("email.invite.expiry")],
          action: { label: t("email.invite.action"), url },
          footer: t("email.footer", { org }),
        };
  return sendEmail({ to: user.email, locale: user.locale, kind: purpose, content });
}

type Recipient = { email: string; displayName: string; locale: Locale };

/** A short notification with one link, in the recipient's language. */
export async function sendNotice(to: Recipient, kind: string, keys: { subject: string; body: string[]; action?: string }, values: Record<string, string>, path?: string) {
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
