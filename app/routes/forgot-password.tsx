import type { RouteHandle } from "~/root";
import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformField, FormMessage, formErrorText, useSchemaForm } from "~/components/form";
import { requestPasswordReset } from "~/models/user.server";
import { emailField } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { notifyPasswordReset } from "~/models/notifications.server";
import { hit } from "~/utils/rate-limit.server";
import { parseSubmission, rejectSubmission, rejectThrottled } from "~/utils/submission.server";

/** A visitor's copy depends only on the URL and the language: kept by the server (server/document-cache.js). */
export const handle: RouteHandle = { sameForEveryVisitor: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z.object({ email: emailField });

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getTranslator(request);
  return { title: t("forgot.title") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const { email } = submission.value;
  const ip = context?.clientIp ?? "unknown";
  // The address's limit may be told: it says nothing about any account.
  const ipWait = await hit("forgotIp", ip);
  if (ipWait) return rejectThrottled(request, submission, ipWait, "forgot.throttled");
  // The email's limit is counted whether or not it has an account, and never shown: past it the answer is the same
  // "on its way", only no email goes out. So neither the answer nor the throttle tells which emails have accounts.
  const emailWait = await hit("forgotEmail", email);
  if (!emailWait) {
    const reset = requestPasswordReset(email);
    if (reset) await notifyPasswordReset(reset.user, reset.token);
  }
  return { result: submission.reply({ resetForm: true }), sent: true as const };
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(schema, actionData?.result, "forgot");
  const formError = form.errors?.[0];
  const sent = actionData && "sent" in actionData && actionData.sent;
  return (
    <section className="page narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      {sent ? (
        <FormMessage tone="success">{t("forgot.sent")}</FormMessage>
      ) : (
        <>
          <p className="lead">{t("forgot.intro")}</p>
          {formError ? <FormMessage>{formErrorText(t, formError)}</FormMessage> : null}
          <Form method="post" className="stack" {...getFormProps(form)}>
            <ConformField meta={fields.email} type="email" label={t("fields.email")} autoComplete="email" dir="ltr" />
            <button type="submit" className="button">
              {t("forgot.submit")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
