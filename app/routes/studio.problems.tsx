import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { Ltr } from "~/components/ltr";
import { localized } from "~/models/course.server";
import { studioCourses } from "~/models/studio/authors.server";
import { listLessonProblems } from "~/models/course/problems.server";
import { LOCALE_NAMES } from "~/utils/i18n";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { can, requirePermission } from "~/utils/permissions.server";
import { CheckerMessage } from "~/components/studio/checker-message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

/** Every lesson version failing to compile, in the courses this person authors (admins: all), optionally one course. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { action: "use:studio" });
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  const seesAll = can(user, { action: "assign:course-authors" });
  const mine = studioCourses(user, seesAll).map((c) => c.id);
  const wanted = new URL(request.url).searchParams.get("course");
  // A course filter outside one's own courses shows nothing rather than saying whether it exists.
  const scope = wanted ? mine.filter((id) => id === wanted) : mine;
  return {
    title: t("studio.problems.title"),
    // From lesson_problems, which the build and the catalogue sync record: compile errors, and also frontmatter errors
    // and new lessons with no valid version yet (the stored compilation's error column knew only the first).
    problems: listLessonProblems(scope).map((p) => ({
      key: `${p.courseId}-${p.lessonSlug}-${p.locale}`,
      courseId: p.courseId,
      course: localized(p.courseTitle, locale),
      slug: p.lessonSlug,
      // A new lesson that never compiled is not in the catalogue yet: its folder's file names it.
      lesson: p.lessonTitle ? localized(p.lessonTitle, locale) : p.file,
      locale: p.locale,
      errors: p.diagnostics.filter((d) => d.severity === "error").map(({ line, column, message, says }) => ({ line, column, message, says })),
    })),
  };
}

export default function StudioProblems() {
  const { problems } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="problems-title">
      <h1 id="problems-title">{t("studio.problems.title")}</h1>
      <p>{t("studio.problems.intro")}</p>
      {problems.length === 0 ? <p className="notice success">{t("studio.problems.none")}</p> : null}
      <ul className="problem-list">
        {problems.map((p) => (
          <li key={p.key}>
            <h2>
              <Link to={`/studio/courses/${p.courseId}/lessons/${p.slug}?locale=${p.locale}`}>
                {p.course} · {p.lesson} · {LOCALE_NAMES[p.locale]}
              </Link>
            </h2>
            <ul className="diagnostics">
              {p.errors.map((e, i) => (
                <li key={i} className="error">
                  <Ltr>
                    {e.line}:{e.column}
                  </Ltr>{" "}
                  <CheckerMessage diagnostic={e} />
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
