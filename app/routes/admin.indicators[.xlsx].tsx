import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { courseTitleIn, exportFileName, indicatorsForExport } from "~/models/indicator-export.server";
import { workbookTables } from "~/models/indicator-report.server";
import { env } from "~/utils/env.server";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { xlsxResponse } from "~/utils/spreadsheet.server";

/** The indicators as an Excel workbook: Summary, one sheet per breakdown, the name lists; right-to-left in Arabic. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "read:indicators" });
  const found = indicatorsForExport(new URL(request.url).searchParams);
  if (!found.ok) throw data({ reason: "badRequest", errors: found.errors }, { status: 400 });
  const ind = found.indicators;
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  return xlsxResponse(workbookTables(ind, t, locale, courseTitleIn(ind, locale)), exportFileName(ind, "", "xlsx"), {
    rightToLeft: locale === "ar",
    creator: env.ORG_NAME,
  });
}
