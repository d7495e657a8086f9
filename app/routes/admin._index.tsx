import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
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
  const n = (v: number | undefined) => formatNumber(v ?? 0, i18n.language);
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.title")}</h1>
      <ul className="stat-grid">
        <li>
          <strong>{n(counts.users.learner)}</strong> {t("admin.stats.learners", { count: counts.users.learner ?? 0 })}
        </li>
        <li>
          <strong>{n(counts.users.trainer)}</strong> {t("admin.stats.trainers", { count: counts.users.trainer ?? 0 })}
        </li>
        <li>
          <strong>{n(counts.associations)}</strong> {t("admin.stats.associations", { count: counts.associations })}
        </li>
        <li>
          <strong>{n(counts.regions)}</strong> {t("admin.stats.regions", { count: counts.regions })}
        </li>
      </ul>
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
