import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AssociationForm, associationSchema } from "~/components/association-form";
import { createAssociation } from "~/models/association.server";
import { requirePermission } from "~/utils/permissions.server";
import { parseForm } from "~/utils/forms";
import { invalid } from "~/utils/http.server";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  return { title: t("admin.associations.create") };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const formData = await readFormData(request);
  const form = parseForm(associationSchema, formData);
  if (!form.ok) return invalid(form.errors, form.values);
  if (!createAssociation(form.data)) return invalid({ name: "errors.associationExists" }, Object.fromEntries(formData) as Record<string, string>);
  return redirect("/admin/associations?saved=1");
}

export default function NewAssociation() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="new-association-title" className="narrow">
      <h1 id="new-association-title">{t("admin.associations.create")}</h1>
      <AssociationForm values={actionData?.values ?? {}} errors={actionData?.errors} submitLabel={t("admin.associations.create")} />
    </section>
  );
}
