import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AssociationForm, associationSchema } from "~/components/association-form";
import { getAssociation, updateAssociation } from "~/models/association.server";
import { requirePermission } from "~/utils/permissions.server";
import { parseForm } from "~/utils/forms";
import { assertFound, idParam, invalid } from "~/utils/http.server";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const association = getAssociation(idParam(params.id));
  assertFound(association);
  const t = await getTranslator(request);
  return {
    title: t("admin.associations.edit"),
    values: {
      name: association.name,
      regionCode: association.regionCode,
      city: association.city,
      foundingYear: association.foundingYear ? String(association.foundingYear) : "",
      focusAreas: association.focusAreas.join(", "),
      contactEmail: association.contactEmail ?? "",
      status: association.status,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const id = idParam(params.id);
  const formData = await readFormData(request);
  const form = parseForm(associationSchema, formData);
  if (!form.ok) return invalid(form.errors, form.values);
  const result = updateAssociation(id, form.data);
  if (result === "missing") assertFound(null);
  if (result === "duplicate") return invalid({ name: "errors.associationExists" }, Object.fromEntries(formData) as Record<string, string>);
  return redirect("/admin/associations?saved=1");
}

export default function EditAssociation() {
  const { values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="edit-association-title" className="narrow">
      <h1 id="edit-association-title">{t("admin.associations.edit")}</h1>
      <AssociationForm values={actionData?.values ?? values} errors={actionData?.errors} submitLabel={t("admin.save")} />
    </section>
  );
}
