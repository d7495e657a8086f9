import type { RouteHandle } from "~/root";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { Ltr } from "~/components/ltr";
import { formatDay } from "~/components/offering-facts";
import { localized } from "~/models/course.server";
import { listOfferings } from "~/models/offering.server";
import { waitingReviewCounts } from "~/models/submission.server";
import { can, requirePermission } from "~/utils/permissions.server";
import { getLocale, getTranslator } from "~/utils/i18n.server";

/** Staff pages keep the framework in the browser (learner pages are plain documents). */
export const handle: RouteHandle = { hydrate: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { action: "use:trainer-area" });
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  // Staff who run the platform follow every session; a trainer the sessions they teach.
  const seesAll = can(user, { action: "manage:platform" });
  const rows = listOfferings({ trainerId: seesAll ? undefined : user.id, includeClosed: false });
  const toReview = waitingReviewCounts(rows.map((r) => r.offering.id));
  return {
    title: t("trainer.title"),
    name: user.displayName,
    isAdmin: seesAll,
    offerings: rows.map((r) => ({
      id: r.offering.id,
      course: localized(r.course.title, locale),
      period: r.offering.periodLabel,
      status: r.offering.status,
      startsAt: r.offering.startsAt.getTime(),
      endsAt: r.offering.endsAt.getTime(),
      enrolled: r.enrolled,
      waitlisted: r.waitlisted,
      toReview: toReview.get(r.offering.id) ?? 0,
    })),
  };
}

export default function TrainerDashboard() {
  const { name, offerings, isAdmin } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <section className="page" aria-labelledby="trainer-title">
      <h1 id="trainer-title">{t("trainer.title")}</h1>
      <p>{t("trainer.greeting", { name })}</p>
      <h2>{t(isAdmin ? "trainer.allOfferings" : "trainer.myOfferings")}</h2>
      {offerings.length === 0 ? <p className="empty">{t("trainer.empty")}</p> : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("offerings.course")}</th>
              <th scope="col">{t("offerings.period")}</th>
              <th scope="col">{t("offerings.dates")}</th>
              <th scope="col">{t("offerings.learners")}</th>
              <th scope="col">{t("trainer.toReview")}</th>
            </tr>
          </thead>
          <tbody>
            {offerings.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/trainer/offerings/${o.id}`}>{o.course}</Link>
                </td>
                <td>
                  <Ltr>{o.period}</Ltr>
                </td>
                <td>
                  {formatDay(o.startsAt, i18n.language)} – {formatDay(o.endsAt, i18n.language)}
                </td>
                <td>{t("offerings.enrolledCount", { count: o.enrolled, waitlisted: o.waitlisted })}</td>
                <td>{o.toReview ? <Link to={`/trainer/offerings/${o.id}/reviews`}>{t("trainer.reviewCount", { count: o.toReview })}</Link> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
