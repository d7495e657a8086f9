import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCourse, localized } from "~/models/course.server";
import { assertFound } from "~/utils/http.server";
import { getLocale } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.course.title }, { name: "description", content: data?.course.summary }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = getCourse(params.course ?? "");
  assertFound(found);
  const locale = await getLocale(request);
  const { course, lessons } = found;
  return {
    course: {
      id: course.id,
      category: course.category,
      title: localized(course.title, locale),
      summary: localized(course.summary, locale),
      hours: course.hours,
      passMark: course.passMark,
      rhythm: course.rhythm,
      coIssuer: course.certificate.coIssuer ?? null,
      requireQuizzes: course.completion.requireQuizzes,
      requireExercises: course.completion.requireExercises,
    },
    lessons: lessons.map((l) => ({
      slug: l.slug,
      title: localized(l.title, locale, course.fallbackLocale),
      summary: localized(l.summary, locale, course.fallbackLocale),
      duration: l.durationMinutes,
      inYourLanguage: l.locales.includes(locale),
    })),
  };
}

export default function CoursePage() {
  const { course, lessons } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <article className="page" aria-labelledby="course-title">
      <p className="tag">{t(`courses.category.${course.category}`)}</p>
      <h1 id="course-title">{course.title}</h1>
      <p className="lead">{course.summary}</p>
      <p className="meta">
        {t("courses.lessonCount", { count: lessons.length })} · {t("courses.hours", { count: course.hours })} · {t(`courses.rhythm.${course.rhythm}`)}
      </p>
      <h2>{t("courses.syllabus")}</h2>
      <ol className="syllabus">
        {lessons.map((l) => (
          <li key={l.slug}>
            <Link to={`/courses/${course.id}/${l.slug}`}>{l.title}</Link>
            <span className="meta"> · {t("courses.minutes", { count: l.duration })}</span>
            {!l.inYourLanguage ? <span className="meta"> · {t("courses.notInYourLanguage")}</span> : null}
            <p className="hint">{l.summary}</p>
          </li>
        ))}
      </ol>
      <h2>{t("courses.certificateTitle")}</h2>
      <ul>
        <li>{t("courses.certificate.lessons")}</li>
        {course.requireQuizzes ? <li>{t("courses.certificate.quizzes", { passMark: course.passMark })}</li> : null}
        {course.requireExercises ? <li>{t("courses.certificate.exercises")}</li> : null}
        <li>{course.coIssuer ? t("courses.certificate.coIssued") : t("courses.certificate.issued")}</li>
      </ul>
    </article>
  );
}
