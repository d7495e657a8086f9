import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IndicatorsView, type IndicatorsPageData } from "~/components/indicators-view";
import {
  computeIndicators,
  filterFormValues,
  filtersToSearch,
  indicatorFilterOptions,
  indicatorsForPage,
  parseIndicatorFilters,
} from "~/models/indicators.server";
import type { RouteHandle } from "~/root";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/**
 * A report, not an application: filters are a GET form, every number a link, charts are server-drawn SVG. It is sent as
 * a document without the framework (the admin layout hydrates its other pages), so a year's figures are not sent twice.
 */
export const handle: RouteHandle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "read:indicators" });
  const t = await getTranslator(request);
  const params = new URL(request.url).searchParams;
  const values = filterFormValues(params);
  const options = indicatorFilterOptions();
  const parsed = parseIndicatorFilters(params);
  if (!parsed.ok) {
    const page: IndicatorsPageData = { ok: false, errors: parsed.errors, values, options };
    return data({ title: t("indicators.title"), page }, { status: 400 });
  }
  const shown = indicatorsForPage(computeIndicators(parsed.filters), params.get("all") === "associations");
  const page: IndicatorsPageData = { ok: true, ...shown, search: filtersToSearch(parsed.filters), values, options };
  return data({ title: t("indicators.title"), page });
}

/** The same figures as files for funders, and the printable report (see docs/reports.md). */
function Exports({ search }: { search: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="exports-title" className="indicator-section">
      <h2 id="exports-title">{t("reports.export.title")}</h2>
      <p className="report-actions">
        <a href={`/admin/indicators/report?${search}`} className="button">
          {t("reports.export.report")}
        </a>
        <a href={`/admin/indicators.xlsx?${search}`} className="button secondary" download>
          {t("reports.export.xlsx")}
        </a>
        <a href={`/admin/indicators.csv?${search}`} className="button secondary" download>
          {t("reports.export.csv")}
        </a>
        <a href={`/admin/indicators.csv?${search}&list=enrolled`} className="button secondary" download>
          {t("reports.export.csvPeople")}
        </a>
      </p>
    </section>
  );
}

export default function AdminIndicators() {
  const { page } = useLoaderData<typeof loader>();
  const view = page as IndicatorsPageData;
  return (
    <>
      <IndicatorsView data={view} />
      {view.ok ? <Exports search={view.search} /> : null}
    </>
  );
}
