import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, useFocusFirstError } from "~/components/form";
import { consumePasswordToken, findUsablePasswordToken } from "~/models/password-token.server";
import { getUserById, updateUser } from "~/models/user.server";
import { startSessionAndRedirect } from "~/utils/auth.server";
import { newPassword, parseForm } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { getTranslator } from "~/utils/i18n.server";
import { hashPassword } from "~/utils/password.server";
import { invalidateUserSessions } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z
  .object({ token: z.string(), password: newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "errors.passwordMismatch" });

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getTranslator(request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const record = findUsablePasswordToken(token);
  const user = record ? getUserById(record.userId) : null;
  if (!record || !user || user.disabled) {
    return data({ title: t("reset.invalidTitle"), valid: false as const, token: "", purpose: null }, { status: 400 });
  }
  return { title: t(record.purpose === "invite" ? "reset.inviteTitle" : "reset.title"), valid: true as const, token, purpose: record.purpose };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const form = parseForm(schema, formData);
  if (!form.ok) return invalid(form.errors);
  const record = findUsablePasswordToken(form.data.token);
  const user = record ? getUserById(record.userId) : null;
  if (!record || !user || user.disabled || !consumePasswordToken(form.data.token)) {
    return invalid({ form: "reset.invalidBody" });
  }
  updateUser(user.id, { passwordHash: await hashPassword(form.data.password) });
  // Whoever knew the old password is logged out everywhere.
  invalidateUserSessions(user.id);
  return startSessionAndRedirect(user.id, "/account?passwordSet=1");
}

export default function ResetPasswordPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  useFocusFirstError(actionData?.errors);
  if (!loaderData.valid || actionData?.errors?.form) {
    return (
      <section className="page narrow" aria-labelledby="reset-title">
        <h1 id="reset-title">{t("reset.invalidTitle")}</h1>
        <p>{t("reset.invalidBody")}</p>
        <p>
          <Link to="/forgot-password" className="button">
            {t("reset.askAgain")}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="page narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">{t(loaderData.purpose === "invite" ? "reset.inviteTitle" : "reset.title")}</h1>
      <Form method="post" noValidate className="stack">
        <input type="hidden" name="token" value={loaderData.token} />
        <Field name="password" type="password" label={t("fields.newPassword")} hint={t("fields.passwordHint")} autoComplete="new-password" required minLength={10} error={actionData?.errors?.password} />
        <Field name="confirm" type="password" label={t("fields.confirmPassword")} autoComplete="new-password" required error={actionData?.errors?.confirm} />
        <button type="submit" className="button">
          {t("reset.submit")}
        </button>
      </Form>
    </section>
  );
}
