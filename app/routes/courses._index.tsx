import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { COURSE_CATEGORIES, LOCALES } from "../../db/enums";
import { FilterSelect } from "~/components/form";
import { OfferingFacts } from "~/components/offering-facts";
import { listCourses, localized } from "~/models/course.server";
import { catalogueOfferings } from "~/models/offering.server";
import { LOCALE_NAMES } from "~/utils/i18n";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { summarizeOffering } from "~/models/offering-view.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "description", content: data?.description }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  const url = new URL(request.url);
  const category = COURSE_CATEGORIES.find((c) => c === url.searchParams.get("category")) ?? "";
  const language = LOCALES.find((l) => l === url.searchParams.get("language")) ?? "";
  const offerings = catalogueOfferings();
  const courses = listCourses()
    .filter(({ course }) => !category || course.category === category)
    .map(({ course, lessonCount, minutes }) => {
      const candidates = (offerings.get(course.id) ?? []).filter((o) => !language || o.offering.languages.includes(language));
      // The offering enrolling now, else the one running, else the next announced.
      const chosen = candidates.find((o) => summarizeOffering(o.offering, o.enrolled, o.waitlisted).enrolmentOpen) ?? candidates[0];
      return {
        id: course.id,
        category: course.category,
        title: localized(course.title, locale),
        summary: localized(course.summary, locale),
        hours: course.hours,
        lessonCount,
        minutes,
        coIssued: Boolean(course.certificate.coIssuer),
        offering: chosen ? summarizeOffering(chosen.offering, chosen.enrolled, chosen.waitlisted) : null,
      };
    })
    .filter((c) => !language || c.offering);
  return { title: t("courses.title"), description: t("courses.intro"), filters: { category, language }, courses };
}

export default function CourseList() {
  const { courses, filters } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="courses-title">
      <h1 id="courses-title">{t("courses.title")}</h1>
      <p className="lead">{t("courses.intro")}</p>
      <Form method="get" className="filters" aria-label={t("courses.filter")}>
        <FilterSelect
          name="category"
          label={t("courses.categoryLabel")}
          value={filters.category}
          options={COURSE_CATEGORIES.map((c) => ({ value: c, label: t(`courses.category.${c}`) }))}
        />
        <FilterSelect
          name="language"
          label={t("offerings.languages")}
          value={filters.language}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l], lang: l }))}
        />
        <button type="submit" className="button secondary">
          {t("admin.filter")}
        </button>
      </Form>
      {courses.length === 0 ? <p className="empty">{t("courses.none")}</p> : null}
      <ul className="card-grid">
        {courses.map((c) => (
          <li key={c.id} className="card course-card">
            <p className="tag">{t(`courses.category.${c.category}`)}</p>
            <h2>
              <Link to={`/courses/${c.id}`}>{c.title}</Link>
            </h2>
            <p>{c.summary}</p>
            <p className="meta">
              {t("courses.lessonCount", { count: c.lessonCount })} · {t("courses.hours", { count: c.hours })}
              {c.coIssued ? ` · ${t("courses.coIssued")}` : ""}
            </p>
            {c.offering ? <OfferingFacts offering={c.offering} /> : <p className="meta">{t("courses.noOffering")}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
