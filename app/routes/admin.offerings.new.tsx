import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { OfferingForm, endOfDay, readOfferingForm, startOfDay } from "~/components/offering-form";
import { getCourse, listCourses, localized } from "~/models/course.server";
import { listTrainers, saveOffering } from "~/models/offering.server";
import { requirePermission } from "~/utils/permissions.server";
import { invalid } from "~/utils/http.server";
import { getLocale, getTranslator } from "~/utils/i18n.server";

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
  const formData = await readFormData(request);
  const form = readOfferingForm(formData);
  if (!form.ok) return invalid(form.errors, form.values as unknown as Record<string, string>);
  const values = form.data;
  if (!getCourse(values.courseId)) return invalid({ courseId: "errors.invalidChoice" }, values as unknown as Record<string, string>);
  const trainerIds = new Set(listTrainers().map((tr) => tr.id));
  if (values.trainerIds.some((id) => !trainerIds.has(id))) return invalid({ trainerIds: "errors.invalidChoice" }, values as unknown as Record<string, string>);
  const saved = saveOffering({
    ...values,
    enrolOpensAt: startOfDay(values.enrolOpensAt),
    enrolClosesAt: endOfDay(values.enrolClosesAt),
    startsAt: startOfDay(values.startsAt),
    endsAt: endOfDay(values.endsAt),
  });
  if (!saved.ok) return invalid({ [saved.field]: saved.error }, form.data as unknown as Record<string, string>);
  return redirect(`/admin/offerings/${saved.id}?saved=1`);
}

export default function NewOffering() {
  const { courses, trainers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="new-offering-title" className="narrow">
      <h1 id="new-offering-title">{t("offerings.create")}</h1>
      <OfferingForm values={(actionData?.values as never) ?? { languages: ["ar", "fr"] }} errors={actionData?.errors} courses={courses} trainers={trainers} submitLabel={t("offerings.create")} />
    </section>
  );
}
