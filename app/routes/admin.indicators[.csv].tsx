import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { courseTitleIn, exportFileName, indicatorsForExport } from "~/models/indicator-export.server";
import { longTable, peopleTable } from "~/models/indicator-report.server";
import { PEOPLE_METRICS, type PeopleMetric } from "~/models/indicators.server";
import { csvResponse } from "~/utils/csv.server";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { tableToCsv } from "~/utils/spreadsheet.server";

/**
 * The indicators as CSV. Without `list`: every breakdown in one long table (a column names the breakdown, the first
 * line is the total). With `list=<metric>` (enrolled, completed, certified…): the name list behind that number.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "read:indicators" });
  const url = new URL(request.url);
  const list = url.searchParams.get("list");
  const metric = list === null ? null : PEOPLE_METRICS.find((m) => m === list);
  if (metric === undefined) throw data({ reason: "badRequest" }, { status: 400 });
  const found = indicatorsForExport(url.searchParams);
  if (!found.ok) throw data({ reason: "badRequest", errors: found.errors }, { status: 400 });
  const ind = found.indicators;
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  const table = metric
    ? peopleTable(ind.filters, metric as PeopleMetric, t("reports.sheets.enrolledPeople"), t, courseTitleIn(ind, locale))
    : longTable(ind, t, locale);
  return csvResponse(tableToCsv(table), exportFileName(ind, metric ? `-${metric}` : "", "csv"));
}
