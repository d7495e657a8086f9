import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LessonBody } from "~/components/lesson";
import { LessonRuntimeContext, type LessonRuntime } from "~/components/lesson/context";
import { getCourse, getLessonContent, lessonLocaleFor, localized } from "~/models/course.server";
import { getUser } from "~/utils/auth.server";
import { assertFound } from "~/utils/http.server";
import { LOCALE_NAMES, localeDir } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} — ${data.course.title}` : undefined }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = getCourse(params.course ?? "");
  assertFound(found);
  const index = found.lessons.findIndex((l) => l.slug === params.lesson);
  const lesson = found.lessons[index];
  assertFound(lesson);
  const [locale, user] = await Promise.all([getLocale(request), getUser(request)]);
  const { course } = found;
  const lessonLocale = lessonLocaleFor(lesson, course, locale);
  const content = await getLessonContent(course, lesson, lessonLocale, { courseLessonFolders: found.lessons.map((l) => l.folder) });
  const canSeeErrors = user?.role === "trainer" || user?.role === "admin";
  const neighbour = (i: number) => {
    const l = found.lessons[i];
    return l ? { slug: l.slug, title: localized(l.title, locale, course.fallbackLocale) } : null;
  };
  const runtime: LessonRuntime = { formAction: null, quizFeedback: {}, exercises: {}, lockedReason: "lesson.previewOnly" };
  return data(
    {
      title: content.frontmatter?.title ?? localized(lesson.title, locale, course.fallbackLocale),
      course: { id: course.id, title: localized(course.title, locale) },
      lesson: { slug: lesson.slug, position: index + 1, total: found.lessons.length },
      lessonLocale,
      fallbackFrom: lessonLocale !== locale ? locale : null,
      frontmatter: content.frontmatter,
      code: content.code,
      error: canSeeErrors ? content.error : null,
      runtime,
      previous: neighbour(index - 1),
      next: neighbour(index + 1),
    },
    { status: content.code ? 200 : 503 },
  );
}

export default function LessonPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <article className="page lesson" aria-labelledby="lesson-title">
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to={`/courses/${d.course.id}`}>{d.course.title}</Link> · {t("lesson.position", { position: d.lesson.position, total: d.lesson.total })}
      </nav>
      {d.error ? (
        <div className="notice error" role="alert">
          <p>
            <strong>{t("lesson.compileError")}</strong>
          </p>
          <pre dir="ltr" className="compile-error">
            {d.error}
          </pre>
        </div>
      ) : null}
      {d.fallbackFrom ? (
        <p className="notice fallback-note" role="note">
          {t("lesson.fallbackNote", { language: LOCALE_NAMES[d.lessonLocale] })}
        </p>
      ) : null}
      <div className="lesson-body" lang={d.lessonLocale} dir={localeDir(d.lessonLocale)}>
        <header className="lesson-header">
          <h1 id="lesson-title">{d.title}</h1>
          {d.frontmatter ? (
            <>
              <p className="lead">{d.frontmatter.summary}</p>
              <details className="objectives" open>
                <summary>
                  {t("lesson.objectives")} · {t("courses.minutes", { count: d.frontmatter.duration })}
                </summary>
                <ul>
                  {d.frontmatter.objectives.map((o) => (
                    <li key={o}>{o}</li>
                  ))}
                </ul>
              </details>
            </>
          ) : null}
        </header>
        {d.code ? (
          <LessonRuntimeContext.Provider value={d.runtime}>
            <LessonBody code={d.code} />
          </LessonRuntimeContext.Provider>
        ) : (
          <p className="notice error">{t("lesson.unavailable")}</p>
        )}
      </div>
      <nav aria-label={t("lesson.pager")} className="pager">
        {d.previous ? (
          <Link to={`/courses/${d.course.id}/${d.previous.slug}`} rel="prev" className="pager-prev">
            <span className="flip" aria-hidden="true">→</span> {d.previous.title}
          </Link>
        ) : (
          <span />
        )}
        {d.next ? (
          <Link to={`/courses/${d.course.id}/${d.next.slug}`} rel="next" className="pager-next">
            {d.next.title} <span className="flip" aria-hidden="true">←</span>
          </Link>
        ) : null}
      </nav>
    </article>
  );
}
