import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { getCourse, localized } from "~/models/course.server";
import { studioCourses } from "~/models/studio/authors.server";
import { problemCounts } from "~/models/course/problems.server";
import { formatNumber } from "~/utils/i18n";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { can, requirePermission } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { action: "use:studio" });
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  const seesAll = can(user, { action: "assign:course-authors" });
  const courses = studioCourses(user, seesAll);
  const problems = problemCounts(courses.map((c) => c.id));
  return {
    title: t("studio.title"),
    seesAll,
    courses: courses.map((c) => ({
      id: c.id,
      title: localized(c.title, locale),
      lessons: getCourse(c.id)?.lessons.length ?? 0,
      problems: problems.get(c.id) ?? 0,
    })),
  };
}

export default function StudioIndex() {
  const { courses, seesAll } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="studio-title">
      <h1 id="studio-title">{t("studio.title")}</h1>
      <p>{t(seesAll ? "studio.introAdmin" : "studio.introTrainer")}</p>
      {courses.length === 0 ? <p className="empty">{t("studio.noCourses")}</p> : null}
      {courses.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("studio.course")}</th>
                <th scope="col">{t("studio.lessonCount")}</th>
                <th scope="col">{t("studio.problemCount")}</th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/studio/courses/${c.id}`}>{c.title}</Link>
                  </td>
                  <td>{formatNumber(c.lessons, i18n.language)}</td>
                  <td>
                    {c.problems ? (
                      <Link to={`/studio/problems?course=${c.id}`} className="problem-count">
                        {t("studio.problemsCount", { count: c.problems, formatted: formatNumber(c.problems, i18n.language) })}
                      </Link>
                    ) : (
                      t("studio.noProblems")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
