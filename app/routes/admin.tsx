import type { RouteHandle } from "~/root";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { NavLink } from "~/components/link";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/utils/permissions.server";

/** Staff pages keep the framework in the browser (learner pages are plain documents). */
export const handle: RouteHandle = { hydrate: true };

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  return null;
}

export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <div className="page admin">
      <nav aria-label={t("admin.nav")} className="sub-nav">
        <ul>
          <li>
            <NavLink to="/admin" end>
              {t("admin.overview")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/offerings">{t("offerings.adminTitle")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/indicators">{t("indicators.nav")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/users">{t("admin.users.title")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/associations">{t("admin.associations.title")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/partners">{t("reports.partners.title")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/branding">{t("branding.title")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/outbox">{t("admin.outbox.title")}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
