import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listCourses, localized } from "~/models/course.server";
import { getLocale, getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "description", content: data?.description }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  return {
    title: t("courses.title"),
    description: t("courses.intro"),
    courses: listCourses().map(({ course, lessonCount, minutes }) => ({
      id: course.id,
      category: course.category,
      title: localized(course.title, locale),
      summary: localized(course.summary, locale),
      hours: course.hours,
      lessonCount,
      minutes,
      coIssued: Boolean(course.certificate.coIssuer),
    })),
  };
}

export default function CourseList() {
  const { courses } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="courses-title">
      <h1 id="courses-title">{t("courses.title")}</h1>
      <p className="lead">{t("courses.intro")}</p>
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
          </li>
        ))}
      </ul>
    </section>
  );
}
