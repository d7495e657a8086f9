import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { IndicatorsView, type IndicatorsPageData } from "~/components/indicators-view";
import { computeIndicators, filterFormValues, filtersToSearch, indicatorFilterOptions, parseIndicatorFilters } from "~/models/indicators.server";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

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
  const page: IndicatorsPageData = { ok: true, indicators: computeIndicators(parsed.filters), search: filtersToSearch(parsed.filters), values, options };
  return data({ title: t("indicators.title"), page });
}

export default function AdminIndicators() {
  const { page } = useLoaderData<typeof loader>();
  return <IndicatorsView data={page as IndicatorsPageData} />;
}
