import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PeopleView, type PeoplePageData } from "~/components/indicators-view";
import {
  associationNamesFor,
  courseTitlesFor,
  filtersToSearch,
  indicatorPeople,
  parseIndicatorFilters,
  parsePeopleSelection,
} from "~/models/indicators.server";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/** A page of names stays a page a phone can open; the complete list is in the exports. */
const SHOWN = 500;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "read:indicators" });
  const t = await getTranslator(request);
  const params = new URL(request.url).searchParams;
  const parsed = parseIndicatorFilters(params);
  const selection = parsePeopleSelection(params);
  if (!parsed.ok || !selection.ok) throw data({ reason: "badRequest" }, { status: 400 });
  const everyone = indicatorPeople(parsed.filters, selection.metric, selection.selection);
  const people = everyone.slice(0, SHOWN);
  const courseIds = people.flatMap((p) => p.items.map((i) => i.courseId));
  if (selection.selection?.breakdown === "course") courseIds.push(selection.selection.key);
  const page: PeoplePageData = {
    metric: selection.metric,
    selection: selection.selection,
    period: parsed.filters.period.label,
    search: filtersToSearch(parsed.filters),
    people,
    total: everyone.length,
    courseTitles: courseTitlesFor(courseIds),
    associationNames: selection.selection?.breakdown === "association" ? associationNamesFor([Number(selection.selection.key) || 0]) : {},
  };
  return { title: `${t(`indicators.metrics.${selection.metric}`)} — ${t("indicators.title")}`, page };
}

export default function IndicatorPeople() {
  const { page } = useLoaderData<typeof loader>();
  return <PeopleView data={page as PeoplePageData} />;
}
