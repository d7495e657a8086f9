import type { RouteHandle } from "~/root";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { Ltr, ltrText } from "~/components/ltr";
import { formatDay } from "~/components/offering-facts";
import { localized } from "~/models/course.server";
import { rosterOf } from "~/models/roster.server";
import { waitingReviewCounts } from "~/models/submission.server";
import { requireOfferingStaff } from "~/utils/permissions.server";
import { formatDate } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";

/** Staff pages keep the framework in the browser (learner pages are plain documents). */
export const handle: RouteHandle = { hydrate: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.course} ${ltrText(data.period)}` : undefined }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { offering } = await requireOfferingStaff(request, params.id);
  const locale = await getLocale(request);
  return {
    id: offering.offering.id,
    course: localized(offering.course.title, locale),
    period: offering.offering.periodLabel,
    startsAt: offering.offering.startsAt.getTime(),
    endsAt: offering.offering.endsAt.getTime(),
    toReview: waitingReviewCounts([offering.offering.id]).get(offering.offering.id) ?? 0,
    roster: rosterOf(offering.offering.id).map((r) => ({
      ...r,
      requestedAt: r.requestedAt.getTime(),
      lastActivityAt: r.lastActivityAt?.getTime() ?? null,
      completedAt: r.completedAt?.getTime() ?? null,
    })),
  };
}

export default function TrainerOffering() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <section className="page" aria-labelledby="offering-title">
      <p>
        <Link to="/trainer">{t("trainer.title")}</Link>
      </p>
      <h1 id="offering-title">
        {d.course} <Ltr className="period">{d.period}</Ltr>
      </h1>
      <p className="meta">
        {formatDay(d.startsAt, i18n.language)} – {formatDay(d.endsAt, i18n.language)}
      </p>
      <p className="actions">
        <Link to={`/trainer/offerings/${d.id}/reviews`} className="button">
          {t("trainer.reviewQueue")} ({d.toReview})
        </Link>
        <a href={`/trainer/offerings/${d.id}/export.csv`} className="button secondary" download>
          {t("trainer.exportCsv")}
        </a>
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("fields.displayName")}</th>
              <th scope="col">{t("fields.association")}</th>
              <th scope="col">{t("trainer.progress")}</th>
              <th scope="col">{t("trainer.quizScores")}</th>
              <th scope="col">{t("trainer.exercises")}</th>
              <th scope="col">{t("trainer.lastActivity")}</th>
            </tr>
          </thead>
          <tbody>
            {d.roster.map((r) => (
              <tr key={r.enrolmentId}>
                <td>
                  <bdi>{r.name}</bdi>
                  {r.status === "waitlisted" ? <span className="meta"> · {t("offerings.waitlisted")}</span> : null}
                  {r.complete ? <span className="meta"> · ✓ {t("trainer.completed")}</span> : null}
                </td>
                <td>{r.association ? <bdi>{r.association}</bdi> : "—"}</td>
                <td className="progress-cell">
                  <div
                    className="progress small"
                    role="progressbar"
                    aria-valuenow={r.percent}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-label={t("trainer.progress")}
                  >
                    <span style={{ inlineSize: `${r.percent}%` }} />
                  </div>
                  {r.percent}% · {r.lessonsDone}/{r.lessonsTotal}
                </td>
                <td className="quizzes">
                  {r.quizzesPassed}/{r.quizzesTotal}
                  {r.averageScore !== null ? ` · ${t("trainer.average", { score: r.averageScore })}` : ""}
                  {r.quizzesFailed ? ` · ${t("trainer.quizzesFailed", { count: r.quizzesFailed })}` : ""}
                </td>
                <td className="exercises">
                  {t("trainer.exerciseSummary", { accepted: r.exercisesAccepted, total: r.exercisesTotal, waiting: r.exercisesWaiting })}
                  {r.exercisesToRedo ? ` · ${t("trainer.exercisesToRedo", { count: r.exercisesToRedo })}` : ""}
                </td>
                <td>{r.lastActivityAt ? formatDate(r.lastActivityAt, i18n.language, { dateStyle: "short", timeStyle: "short" }) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
