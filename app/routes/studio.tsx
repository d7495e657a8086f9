import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RouteHandle } from "~/root";
import studioCss from "~/styles/studio.css?url";
import { requirePermission } from "~/utils/permissions.server";

/** The studio is a staff area: hydrated, with its own stylesheet (learner pages never load it). */
export const handle: RouteHandle = { hydrate: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: studioCss }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "use:studio" });
  return null;
}

export default function StudioLayout() {
  const { t } = useTranslation();
  return (
    <div className="page studio">
      <nav aria-label={t("studio.nav")} className="sub-nav">
        <ul>
          <li>
            <NavLink to="/studio" end>
              {t("studio.courses")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/studio/problems">{t("studio.problems.title")}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
