import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OfferingForm, newOfferingSchema, offeringInput } from "~/components/offering-form";
import { listCourses, localized } from "~/models/course.server";
import { listTrainers, saveOffering } from "~/models/offering.server";
import { requirePermission } from "~/utils/permissions.server";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  return {
    title: t("offerings.create"),
    courses: listCourses().map(({ course }) => ({ id: course.id, title: localized(course.title, locale) })),
    trainers: listTrainers(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const { submission } = await parseSubmission(request, newOfferingSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  // Course, period, trainers: checked in the same transaction as the write, and all reported together.
  const saved = saveOffering(offeringInput(submission.value, submission.value.status));
  if (!saved.ok) return rejectSubmission(submission, { fieldErrors: Object.fromEntries(saved.issues.map((i) => [i.field, [i.error]])) });
  return redirect(`/admin/offerings/${saved.id}?saved=1`);
}

export default function NewOffering() {
  const { courses, trainers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="new-offering-title" className="narrow">
      <h1 id="new-offering-title">{t("offerings.create")}</h1>
      <OfferingForm
        id="offering"
        schema={newOfferingSchema}
        lastResult={actionData?.result}
        defaults={{ languages: ["ar", "fr"], status: "draft" }}
        courses={courses}
        trainers={trainers}
        submitLabel={t("offerings.create")}
      />
    </section>
  );
}
