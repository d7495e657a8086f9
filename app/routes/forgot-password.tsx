import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, FormMessage, useFocusFirstError } from "~/components/form";
import { issuePasswordToken } from "~/models/password-token.server";
import { getUserByEmail } from "~/models/user.server";
import { sendPasswordLinkEmail } from "~/utils/email.server";
import { emailField, parseForm } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z.object({ email: emailField });

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getTranslator(request);
  return { title: t("forgot.title") };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = parseForm(schema, await readFormData(request));
  if (!form.ok) return invalid(form.errors, form.values);
  const user = getUserByEmail(form.data.email);
  // The answer is the same whether or not the email has an account, so the form cannot be used to list accounts.
  if (user && !user.disabled) {
    const token = issuePasswordToken(user.id, "reset");
    await sendPasswordLinkEmail(user, "reset", token);
  }
  return { ok: true as const, errors: undefined, values: undefined };
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  useFocusFirstError(actionData?.errors);
  return (
    <section className="page narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      {actionData?.ok ? (
        <FormMessage tone="success">{t("forgot.sent")}</FormMessage>
      ) : (
        <>
          <p className="lead">{t("forgot.intro")}</p>
          <Form method="post" noValidate className="stack">
            <Field name="email" type="email" label={t("fields.email")} autoComplete="email" required dir="ltr" defaultValue={actionData?.values?.email} error={actionData?.errors?.email} />
            <button type="submit" className="button">
              {t("forgot.submit")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
