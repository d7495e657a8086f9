import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { platformCounts } from "~/models/stats.server";
import { requirePermission } from "~/utils/permissions.server";
import { formatNumber } from "~/utils/i18n";
import { getTranslator } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const t = await getTranslator(request);
  return { title: t("admin.title"), counts: platformCounts() };
}

export default function AdminHome() {
  const { counts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const stat = (value: number, key: string) => (
    <li>
      <strong>{n(value)}</strong> {t(key, { count: value })}
    </li>
  );
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.title")}</h1>
      <ul className="stat-grid">
        {stat(counts.learners, "admin.stats.learners")}
        {stat(counts.trainers, "admin.stats.trainers")}
        {stat(counts.associations, "admin.stats.associations")}
        {stat(counts.regions, "admin.stats.regions")}
        {stat(counts.openOfferings, "admin.stats.openOfferings")}
        {stat(counts.enrolledNow, "admin.stats.enrolledNow")}
        {stat(counts.waitlistedNow, "admin.stats.waitlistedNow")}
      </ul>
      <p className="hint">{t("admin.stats.note", { count: counts.disabled, disabled: n(counts.disabled) })}</p>
      <p className="actions">
        <Link to="/admin/users/new" className="button">
          {t("admin.users.invite")}
        </Link>
        <Link to="/admin/associations/new" className="button secondary">
          {t("admin.associations.create")}
        </Link>
      </p>
    </section>
  );
}
