import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AssociationForm, associationName, associationSchema } from "~/components/association-form";
import { associationNameTaken, createAssociation } from "~/models/association.server";
import { requirePermission } from "~/utils/permissions.server";
import { getTranslator } from "~/utils/i18n.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  return { title: t("admin.associations.create") };
}

// The name check runs with the others, so every problem comes back at once.
const serverSchema = associationSchema.extend({
  name: associationName.refine((name) => typeof name !== "string" || !associationNameTaken(name), "errors.associationExists"),
});

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const { submission } = await parseSubmission(request, serverSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  // Another admin may have taken the name since the check: the unique index has the last word.
  if (!createAssociation(submission.value)) return rejectSubmission(submission, { fieldErrors: { name: ["errors.associationExists"] } });
  return redirect("/admin/associations?saved=1");
}

export default function NewAssociation() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="new-association-title" className="narrow">
      <h1 id="new-association-title">{t("admin.associations.create")}</h1>
      <AssociationForm lastResult={actionData?.result} submitLabel={t("admin.associations.create")} />
    </section>
  );
}
