import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/form";
import { formatDay } from "~/components/offering-facts";
import { localized } from "~/models/course.server";
import { Ltr } from "~/components/ltr";
import { listOfferings, seatsLeft } from "~/models/offering.server";
import { requirePermission } from "~/utils/permissions.server";
import { formatNumber } from "~/utils/i18n";
import { getLocale, getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  return {
    title: t("offerings.adminTitle"),
    offerings: listOfferings().map((r) => ({
      id: r.offering.id,
      course: localized(r.course.title, locale),
      period: r.offering.periodLabel,
      status: r.offering.status,
      startsAt: r.offering.startsAt.getTime(),
      endsAt: r.offering.endsAt.getTime(),
      capacity: r.offering.capacity,
      enrolled: r.enrolled,
      waitlisted: r.waitlisted,
      seatsLeft: seatsLeft(r.offering.capacity, r.enrolled),
    })),
  };
}

export default function AdminOfferings() {
  const { offerings } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <section aria-labelledby="offerings-title">
      <h1 id="offerings-title">{t("offerings.adminTitle")}</h1>
      {params.get("saved") ? <FormMessage tone="success">{t("offerings.saved")}</FormMessage> : null}
      <p>
        <Link to="/admin/offerings/new" className="button">
          {t("offerings.create")}
        </Link>
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("offerings.course")}</th>
              <th scope="col">{t("offerings.period")}</th>
              <th scope="col">{t("offerings.dates")}</th>
              <th scope="col">{t("fields.status")}</th>
              <th scope="col">{t("offerings.enrolledColumn")}</th>
              <th scope="col">{t("offerings.waitlistedColumn")}</th>
              <th scope="col">{t("offerings.seatsLeftColumn")}</th>
            </tr>
          </thead>
          <tbody>
            {offerings.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/admin/offerings/${o.id}`}>
                    <bdi>{o.course}</bdi>
                  </Link>
                </td>
                <td>
                  <Ltr>{o.period}</Ltr>
                </td>
                <td>
                  {formatDay(o.startsAt, i18n.language)} – {formatDay(o.endsAt, i18n.language)}
                </td>
                <td>{t(`offerings.statuses.${o.status}`)}</td>
                <td>{t("offerings.ofCapacity", { enrolled: n(o.enrolled), capacity: n(o.capacity) })}</td>
                <td>{n(o.waitlisted)}</td>
                <td>{n(o.seatsLeft)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
