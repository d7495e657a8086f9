import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ROLES } from "../../db/enums";
import { Field, LocaleSelect, SelectField, useFocusFirstError } from "~/components/form";
import { getAssociation, listAssociations } from "~/models/association.server";
import { issuePasswordToken } from "~/models/password-token.server";
import { createUser, getUserByEmail } from "~/models/user.server";
import { requirePermission } from "~/utils/permissions.server";
import { sendPasswordLinkEmail } from "~/utils/email.server";
import { associationChoice, emailField, localeField, parseForm, personName, roleField } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z.object({
  displayName: personName(100),
  email: emailField,
  role: roleField,
  associationId: associationChoice,
  locale: localeField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  return { title: t("admin.users.invite"), associations: listAssociations({ activeOnly: true }).map((a) => ({ id: a.id, name: a.name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { action: "manage:platform" });
  const form = parseForm(schema, await readFormData(request));
  if (!form.ok) return invalid(form.errors, form.values);
  const { associationId, ...rest } = form.data;
  const values = { ...rest, associationId: String(associationId ?? "none") };
  if (getUserByEmail(rest.email)) return invalid({ email: "errors.emailTakenOther" }, values);
  if (associationId !== null && !getAssociation(associationId)) return invalid({ associationId: "errors.invalidChoice" }, values);
  const user = createUser({ ...rest, associationId, passwordHash: null });
  if (!user) return invalid({ email: "errors.emailTakenOther" }, values);
  const token = issuePasswordToken(user.id, "invite");
  await sendPasswordLinkEmail(user, "invite", token, admin.displayName);
  return redirect(`/admin/users?invited=${encodeURIComponent(user.email)}`);
}

export default function InviteUser() {
  const { associations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  useFocusFirstError(errors);
  return (
    <section aria-labelledby="invite-title" className="narrow">
      <h1 id="invite-title">{t("admin.users.invite")}</h1>
      <p>{t("admin.users.inviteIntro")}</p>
      <Form method="post" noValidate className="stack">
        <Field name="displayName" label={t("fields.displayName")} required maxLength={100} defaultValue={values.displayName} error={errors?.displayName} />
        <Field name="email" type="email" label={t("fields.email")} required dir="ltr" defaultValue={values.email} error={errors?.email} />
        <SelectField name="role" label={t("fields.role")} defaultValue={values.role ?? "learner"} error={errors?.role}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField name="associationId" label={t("fields.association")} defaultValue={values.associationId ?? "none"} error={errors?.associationId}>
          <option value="none">{t("fields.associationNone")}</option>
          {associations.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </SelectField>
        <LocaleSelect defaultValue={values.locale ?? i18n.language} error={errors?.locale} />
        <p className="actions">
          <button type="submit" className="button">
            {t("admin.users.sendInvite")}
          </button>
          <Link to="/admin/users">{t("admin.cancel")}</Link>
        </p>
      </Form>
    </section>
  );
}
