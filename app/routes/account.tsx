import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, FormMessage, LocaleSelect, RegionSelect, SelectField, useFocusFirstError } from "~/components/form";
import { getAssociation, listAssociations } from "~/models/association.server";
import { updateUser, updateUserEmail } from "~/models/user.server";
import { getAuth } from "~/utils/auth.server";
import { requireUser } from "~/utils/permissions.server";
import {
  arabicScriptName,
  associationChoice,
  emailField,
  latinScriptName,
  localeField,
  newPassword,
  parseForm,
  personName,
  regionField,
} from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { getTranslator, localeCookie } from "~/utils/i18n.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { invalidateUserSessions } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const profileSchema = z.object({
  displayName: personName(100),
  nameArabic: arabicScriptName,
  nameLatin: latinScriptName,
  email: emailField,
  associationId: associationChoice,
  regionCode: regionField,
  locale: localeField,
});

const passwordSchema = z
  .object({ currentPassword: z.string().min(1, "errors.required"), password: newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "errors.passwordMismatch" });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const t = await getTranslator(request);
  return {
    title: t("account.title"),
    user: {
      displayName: user.displayName,
      nameArabic: user.nameArabic ?? "",
      nameLatin: user.nameLatin ?? "",
      email: user.email,
      associationId: user.associationId ? String(user.associationId) : "none",
      regionCode: user.regionCode ?? "",
      locale: user.locale,
      role: user.role,
    },
    associations: listAssociations({ activeOnly: true }).map((a) => ({ id: a.id, name: a.name })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "password") {
    const form = parseForm(passwordSchema, formData);
    if (!form.ok) return invalid(form.errors, { intent: "password" });
    if (!(await verifyPassword(user.passwordHash, form.data.currentPassword))) {
      return invalid({ currentPassword: "errors.wrongPassword" }, { intent: "password" });
    }
    updateUser(user.id, { passwordHash: await hashPassword(form.data.password) });
    const auth = await getAuth(request);
    // A changed password ends every other session: a stolen session must not outlive the change.
    invalidateUserSessions(user.id, auth.session?.id);
    return { ok: true as const, saved: "password" as const, errors: undefined, values: undefined };
  }

  if (intent === "profile") {
    const form = parseForm(profileSchema, formData);
    if (!form.ok) return invalid(form.errors, { ...form.values, intent: "profile" });
    const { email, associationId, ...rest } = form.data;
    if (associationId !== null && associationId !== user.associationId && !getAssociation(associationId)) {
      return invalid({ associationId: "errors.invalidChoice" }, { ...Object.fromEntries(formData) as Record<string, string>, intent: "profile" });
    }
    if (updateUserEmail(user.id, email) === "taken") {
      return invalid({ email: "errors.emailTakenOther" }, { ...(Object.fromEntries(formData) as Record<string, string>), intent: "profile" });
    }
    updateUser(user.id, { ...rest, associationId });
    return data(
      { ok: true as const, saved: "profile" as const, errors: undefined, values: undefined },
      { headers: { "Set-Cookie": await localeCookie.serialize(rest.locale) } },
    );
  }
  return invalid({ form: "errors.invalid" });
}

export default function AccountPage() {
  const { user, associations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const errors = actionData?.errors;
  const values = actionData?.values;
  const profileErrors = values?.intent === "profile" ? errors : undefined;
  const passwordErrors = values?.intent === "password" ? errors : undefined;
  const profile = values?.intent === "profile" ? { ...user, ...values } : user;
  useFocusFirstError(errors);
  return (
    <section className="page narrow" aria-labelledby="account-title">
      <h1 id="account-title">{t("account.title")}</h1>
      {params.get("welcome") ? <FormMessage tone="success">{t("account.welcome")}</FormMessage> : null}
      {params.get("passwordSet") ? <FormMessage tone="success">{t("account.passwordSet")}</FormMessage> : null}
      {actionData?.ok ? <FormMessage tone="success">{t(actionData.saved === "password" ? "account.passwordChanged" : "account.saved")}</FormMessage> : null}

      <h2>{t("account.profile")}</h2>
      <Form method="post" noValidate className="stack" aria-label={t("account.profile")}>
        <input type="hidden" name="intent" value="profile" />
        <Field name="displayName" label={t("fields.displayName")} required maxLength={100} defaultValue={profile.displayName} error={profileErrors?.displayName} />
        <p className="hint">{t("account.certificateNames")}</p>
        <Field name="nameArabic" label={t("fields.nameArabic")} dir="rtl" lang="ar" maxLength={100} defaultValue={profile.nameArabic} error={profileErrors?.nameArabic} />
        <Field name="nameLatin" label={t("fields.nameLatin")} dir="ltr" lang="fr" maxLength={100} defaultValue={profile.nameLatin} error={profileErrors?.nameLatin} />
        <Field name="email" type="email" label={t("fields.email")} dir="ltr" required defaultValue={profile.email} error={profileErrors?.email} />
        <SelectField name="associationId" label={t("fields.association")} defaultValue={profile.associationId} error={profileErrors?.associationId}>
          <option value="none">{t("fields.associationNone")}</option>
          {associations.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </SelectField>
        <RegionSelect defaultValue={profile.regionCode} error={profileErrors?.regionCode} />
        <LocaleSelect defaultValue={profile.locale} error={profileErrors?.locale} />
        <button type="submit" className="button">
          {t("account.save")}
        </button>
      </Form>

      <h2>{t("account.changePassword")}</h2>
      <Form method="post" noValidate className="stack" aria-label={t("account.changePassword")}>
        <input type="hidden" name="intent" value="password" />
        <Field name="currentPassword" type="password" label={t("fields.currentPassword")} autoComplete="current-password" required error={passwordErrors?.currentPassword} />
        <Field name="password" type="password" label={t("fields.newPassword")} hint={t("fields.passwordHint")} autoComplete="new-password" required error={passwordErrors?.password} />
        <Field name="confirm" type="password" label={t("fields.confirmPassword")} autoComplete="new-password" required error={passwordErrors?.confirm} />
        <button type="submit" className="button">
          {t("account.changePassword")}
        </button>
      </Form>
    </section>
  );
}
