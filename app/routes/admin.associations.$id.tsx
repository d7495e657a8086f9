import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { AssociationForm, associationName, associationSchema } from "~/components/association-form";
import { associationNameTaken, getAssociation, updateAssociation } from "~/models/association.server";
import { requirePermission } from "~/utils/permissions.server";
import { assertFound, idParam } from "~/utils/http.server";
import { getTranslator } from "~/utils/i18n.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const association = getAssociation(idParam(params.id));
  assertFound(association);
  const t = await getTranslator(request);
  return {
    title: t("admin.associations.edit"),
    id: association.id,
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
  const association = getAssociation(idParam(params.id));
  assertFound(association);
  const schema = associationSchema.extend({
    name: associationName.refine((name) => typeof name !== "string" || !associationNameTaken(name, association.id), "errors.associationExists"),
  });
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const result = updateAssociation(association.id, submission.value);
  if (result === "missing") assertFound(null);
  if (result === "duplicate") return rejectSubmission(submission, { fieldErrors: { name: ["errors.associationExists"] } });
  return redirect("/admin/associations?saved=1");
}

export default function EditAssociation() {
  const { id, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="edit-association-title" className="narrow">
      <h1 id="edit-association-title">{t("admin.associations.edit")}</h1>
      <p>
        {/* The coordinator page is a plain document: a full load, not a client-side navigation. */}
        <Link to={`/coordinator?association=${id}`} reloadDocument>
          {t("coordinator.adminLink")}
        </Link>
      </p>
      <AssociationForm defaults={values} lastResult={actionData?.result} submitLabel={t("admin.save")} />
    </section>
  );
}
