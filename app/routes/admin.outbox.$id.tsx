import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { Ltr } from "~/components/ltr";
import { REDACTED, getOutboxEmail } from "~/models/outbox.server";
import { requirePermission } from "~/utils/permissions.server";
import { assertFound, idParam } from "~/utils/http.server";
import { localeDir } from "~/utils/i18n";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.email.subject }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const email = getOutboxEmail(idParam(params.id));
  assertFound(email);
  // The stored body never holds a reset or invitation link (redacted when sent, and again on the way out).
  return {
    email: { id: email.id, to: email.to, subject: email.subject, text: email.text, locale: email.locale, error: email.error },
    redacted: email.text.includes(REDACTED),
  };
}

/** The plain-text body with its ordinary links made clickable; a redacted link stays plain text. */
function LinkifiedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) && !part.includes("[redacted]") ? (
          <a key={i} href={part} dir="ltr">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default function OutboxEmail() {
  const { email, redacted } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="email-subject">
      <p>
        <Link to="/admin/outbox">{t("admin.outbox.back")}</Link>
      </p>
      <h1 id="email-subject">
        <bdi>{email.subject}</bdi>
      </h1>
      <p>
        {t("admin.outbox.to")}: <Ltr>{email.to}</Ltr>
      </p>
      {redacted ? <p className="notice">{t("admin.outbox.redacted")}</p> : null}
      {email.error ? <p className="notice error">{email.error}</p> : null}
      <div className="email-body" lang={email.locale} dir={localeDir(email.locale)}>
        <LinkifiedText text={email.text} />
      </div>
    </section>
  );
}
