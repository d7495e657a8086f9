import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { LOCALES, ROLES } from "../../db/enums";
import { ConformField, ConformSelect, useSchemaFormWithDefaults } from "~/components/form";
import { isSelectableAssociation, listSelectableAssociations } from "~/models/association.server";
import { getUserByEmail, inviteUser } from "~/models/user.server";
import { associationChoice, emailField, localeField, personName, roleField } from "~/utils/forms";
import { LOCALE_NAMES } from "~/utils/i18n";
import { getTranslator } from "~/utils/i18n.server";
import { notifyInvitation } from "~/models/notifications.server";
import { requirePermission } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

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
  return { title: t("admin.users.invite"), associations: listSelectableAssociations().map((a) => ({ id: a.id, name: a.name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { action: "manage:platform" });
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const { associationId, ...rest } = submission.value;
  if (associationId !== null && !isSelectableAssociation(associationId)) {
    return rejectSubmission(submission, { fieldErrors: { associationId: ["errors.invalidChoice"] } });
  }
  if (rest.role === "coordinator" && associationId === null) {
    return rejectSubmission(submission, { fieldErrors: { role: ["coordinator.errors.needsAssociation"] } });
  }
  if (getUserByEmail(rest.email)) return rejectSubmission(submission, { fieldErrors: { email: ["errors.emailTakenOther"] } });
  const invited = inviteUser({ ...rest, associationId });
  if (!invited) return rejectSubmission(submission, { fieldErrors: { email: ["errors.emailTakenOther"] } });
  await notifyInvitation(invited.user, invited.token, admin.displayName);
  return redirect(`/admin/users?invited=${encodeURIComponent(invited.user.email)}`);
}

export default function InviteUser() {
  const { associations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [form, fields] = useSchemaFormWithDefaults(schema, actionData?.result, "invite", { role: "learner", associationId: "none", locale: i18n.language });
  const labels = {
    displayName: t("fields.displayName"),
    email: t("fields.email"),
    role: t("fields.role"),
    associationId: t("fields.association"),
    locale: t("fields.locale"),
  };
  return (
    <section aria-labelledby="invite-title" className="narrow">
      <h1 id="invite-title">{t("admin.users.invite")}</h1>
      <p>{t("admin.users.inviteIntro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ConformField meta={fields.displayName} label={labels.displayName} />
        <ConformField meta={fields.email} type="email" label={labels.email} dir="ltr" />
        <ConformSelect meta={fields.role} label={labels.role}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </ConformSelect>
        <ConformSelect meta={fields.associationId} label={labels.associationId}>
          <option value="none">{t("fields.associationNone")}</option>
          {associations.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </ConformSelect>
        <ConformSelect meta={fields.locale} label={labels.locale}>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </ConformSelect>
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
