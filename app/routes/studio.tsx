import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { NavLink } from "~/components/link";
import { useTranslation } from "react-i18next";
import type { RouteHandle } from "~/root";
import studioCss from "~/styles/studio.css?url";
import { can, requirePermission } from "~/utils/permissions.server";

/** The studio is a staff area: hydrated, with its own stylesheet (learner pages never load it). */
export const handle: RouteHandle = { hydrate: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: studioCss }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { action: "use:studio" });
  // Importing a course is an admin's decision (see studio.import.tsx): the link is shown to them only.
  return { canImport: can(user, { action: "manage:platform" }) };
}

export default function StudioLayout() {
  const { t } = useTranslation();
  const { canImport } = useLoaderData<typeof loader>();
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
          {canImport ? (
            <li>
              <NavLink to="/studio/import">{t("studioFiles.import.title")}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
