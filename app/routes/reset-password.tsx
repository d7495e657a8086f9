import { getFormProps } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ConformField, useSchemaForm } from "~/components/form";
import { findUsablePasswordToken, setPasswordWithToken } from "~/models/password-token.server";
import { getUserById } from "~/models/user.server";
import { startSessionAndRedirect } from "~/utils/auth.server";
import { newPassword, passwordInput } from "~/utils/forms";
import { getTranslator } from "~/utils/i18n.server";
import { hashPassword } from "~/utils/password.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z
  .object({
    token: z.string({ required_error: "reset.invalidBody", invalid_type_error: "reset.invalidBody" }).max(100, "reset.invalidBody"),
    password: newPassword,
    confirmPassword: passwordInput,
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "errors.passwordMismatch" });

function usableFor(token: string) {
  const record = findUsablePasswordToken(token);
  const user = record ? getUserById(record.userId) : null;
  return record && user && !user.disabled ? record : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getTranslator(request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const record = usableFor(token);
  if (!record) {
    return data({ title: t("reset.invalidTitle"), valid: false as const, token: "", purpose: null }, { status: 400 });
  }
  return { title: t(record.purpose === "invite" ? "reset.inviteTitle" : "reset.title"), valid: true as const, token, purpose: record.purpose };
}

export async function action({ request }: ActionFunctionArgs) {
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const { token, password } = submission.value;
  // Checked before the slow hash, and again when the token is spent (a second click, a race).
  if (!usableFor(token)) return rejectSubmission(submission, { formErrors: ["reset.invalidBody"] });
  const user = setPasswordWithToken(token, await hashPassword(password));
  if (!user) return rejectSubmission(submission, { formErrors: ["reset.invalidBody"] });
  return startSessionAndRedirect(user.id, "/account?passwordSet=1");
}

export default function ResetPasswordPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(schema, actionData?.result, "reset");
  const linkDead = form.errors?.includes("reset.invalidBody") || fields.token.errors?.length;
  if (!loaderData.valid || linkDead) {
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
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="token" value={loaderData.token} />
        <ConformField meta={fields.password} type="password" label={t("fields.newPassword")} hint={t("fields.passwordHint")} autoComplete="new-password" />
        <ConformField meta={fields.confirmPassword} type="password" label={t("fields.confirmPassword")} autoComplete="new-password" />
        <button type="submit" className="button">
          {t("reset.submit")}
        </button>
      </Form>
    </section>
  );
}
