import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/charts/bar-chart";
import { RegionTileMap, regionMapInput } from "~/components/charts/region-tile-map";
import { TrendChart } from "~/components/charts/trend-chart";
import { Ltr, ltrText } from "~/components/ltr";
import { localeDir } from "~/utils/i18n";
import type { RouteHandle } from "~/root";
import { indicatorsForExport } from "~/models/indicator-export.server";
import { groupLabel, reportSummary } from "~/models/indicator-report.server";
import { BREAKDOWNS, filtersToSearch } from "~/models/indicators.server";
import { getBranding } from "~/models/settings.server";
import { formatDate, formatNumber } from "~/utils/i18n";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/** Staff page: hydrated for the Print button only; the browser's own print command gives the same A4 pages. */
export const handle: RouteHandle = { hydrate: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "read:indicators" });
  const url = new URL(request.url);
  const found = indicatorsForExport(url.searchParams);
  if (!found.ok) throw data({ reason: "badRequest", errors: found.errors }, { status: 400 });
  const ind = found.indicators;
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  const branding = getBranding();
  const breakdowns = BREAKDOWNS.map((b) => ({
    key: b,
    rows: ind.breakdowns[b].map((r) => ({
      key: r.key,
      label: groupLabel(ind, b, r.key, t, locale),
      enrolled: r.counts.enrolled,
      completed: r.counts.completed,
      completionRate: r.counts.completionRate,
      certified: r.counts.certified,
    })),
  }));
  return {
    // The document title cannot hold <bdi>: LRI … PDI keep the period in order in an Arabic title.
    title: t("reports.report.title", { period: ltrText(ind.filters.period.label) }),
    centreName: locale === "ar" ? branding.centre.ar : branding.centre.fr,
    hasLogo: Boolean(branding.centreLogo),
    colour: branding.colour,
    period: ind.filters.period.label,
    generatedAt: Date.now(),
    query: filtersToSearch(ind.filters),
    indicators: { totals: ind.totals, gain: ind.gain, satisfaction: ind.satisfaction, empty: ind.empty },
    breakdowns,
    summary: reportSummary(ind, t, locale),
  };
}

/** Shown once the page is live: a button that does nothing without JavaScript would be a broken promise. */
function PrintButton() {
  const { t } = useTranslation();
  // false on the server and during hydration, true once React runs in the browser.
  const live = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  if (!live) return null;
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      {t("reports.export.print")}
    </button>
  );
}

type ReportBreakdown = ReturnType<typeof useLoaderData<typeof loader>>["breakdowns"][number];

/** The indicators page's own SVG charts (drawn on the server, printed as vectors), beside each breakdown's table. */
function BreakdownChart({ b }: { b: ReportBreakdown }) {
  const { t, i18n } = useTranslation();
  const dir = localeDir(i18n.language);
  const n = (v: number) => formatNumber(v, i18n.language);
  const title = t(`reports.breakdowns.${b.key}`);
  if (b.key === "quarter")
    return (
      <TrendChart
        id="report-chart-quarter"
        title={t("reports.report.trend")}
        dir={dir}
        series={[t("reports.metrics.enrolled"), t("reports.metrics.completed")]}
        points={b.rows.map((r) => ({ key: r.key, label: r.label, values: [r.enrolled, r.completed], displays: [n(r.enrolled), n(r.completed)] }))}
      />
    );
  if (b.key === "region") {
    const { values, names } = regionMapInput(
      b.rows,
      (r) => r.enrolled,
      (code) => t(`regions.${code}`),
    );
    return (
      <RegionTileMap
        id="report-chart-region"
        title={t("reports.report.map")}
        values={values}
        names={names}
        display={n}
        legendTitle={t("reports.metrics.enrolled")}
        noneLabel="0"
        dir={dir}
      />
    );
  }
  if (b.key === "association") return null;
  return (
    <BarChart
      id={`report-chart-${b.key}`}
      title={title}
      dir={dir}
      bars={b.rows.map((r) => ({ key: r.key, label: r.label, value: r.enrolled, display: n(r.enrolled) }))}
    />
  );
}

export default function IndicatorsReport() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const pct = (v: number | null) => (v === null ? "—" : formatNumber(v, i18n.language, { style: "percent", maximumFractionDigits: 0 }));
  const c = d.indicators.totals;
  const tiles: [string, string][] = [
    [n(c.associationsTrained), t("reports.metrics.associationsTrained")],
    [n(c.enrolled), t("reports.metrics.enrolled")],
    [n(c.completed), t("reports.metrics.completed")],
    [pct(c.completionRate), t("reports.metrics.completionRate")],
    [n(c.certified), t("reports.metrics.certified")],
  ];
  if (d.indicators.satisfaction.n) tiles.push([pct(d.indicators.satisfaction.shareHigh), t("reports.metrics.shareSatisfied")]);
  return (
    <article className="report" aria-labelledby="report-title">
      <p className="no-print report-actions">
        <Link to={`/admin/indicators?${d.query}`}>{t("reports.report.back")}</Link> <PrintButton />{" "}
        <a href={`/admin/indicators.xlsx?${d.query}`} className="button secondary" download>
          {t("reports.export.xlsx")}
        </a>{" "}
        <a href={`/admin/indicators.csv?${d.query}`} className="button secondary" download>
          {t("reports.export.csv")}
        </a>
      </p>
      <p className="no-print hint">{t("reports.report.printHint")}</p>
      <header className="report-header">
        {d.hasLogo ? <img src="/admin/branding/logo" alt="" className="report-logo" /> : null}
        <div>
          <p className="report-centre">
            <bdi>{d.centreName}</bdi>
          </p>
          <h1 id="report-title">
            {t("reports.report.heading")} <Ltr>{d.period}</Ltr>
          </h1>
          <p className="meta">{t("reports.report.generated", { date: formatDate(d.generatedAt, i18n.language) })}</p>
        </div>
      </header>

      <section aria-labelledby="report-summary" className="report-block">
        <h2 id="report-summary">{t("reports.report.summaryTitle")}</h2>
        {d.summary.map((sentence) => (
          <p key={sentence}>{sentence}</p>
        ))}
      </section>

      <section aria-labelledby="report-headline" className="report-block">
        <h2 id="report-headline">{t("reports.report.headline")}</h2>
        <ul className="stat-grid">
          {tiles.map(([value, label]) => (
            <li key={label}>
              <strong>
                <Ltr>{value}</Ltr>
              </strong>{" "}
              {label}
            </li>
          ))}
        </ul>
      </section>

      {d.breakdowns.map((b) => (
        <section key={b.key} aria-labelledby={`report-${b.key}`} className="report-block">
          <h2 id={`report-${b.key}`}>{t(`reports.breakdowns.${b.key}`)}</h2>
          <BreakdownChart b={b} />
          <div className="table-wrap">
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">{t(`reports.breakdowns.${b.key}`)}</th>
                  <th scope="col">{t("reports.metrics.enrolled")}</th>
                  <th scope="col">{t("reports.metrics.completed")}</th>
                  <th scope="col">{t("reports.metrics.completionRate")}</th>
                  <th scope="col">{t("reports.metrics.certified")}</th>
                </tr>
              </thead>
              <tbody>
                {b.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{b.key === "quarter" || b.key === "age" ? <Ltr>{r.label}</Ltr> : <bdi>{r.label}</bdi>}</th>
                    <td>{n(r.enrolled)}</td>
                    <td>{n(r.completed)}</td>
                    <td>
                      <Ltr>{pct(r.completionRate)}</Ltr>
                    </td>
                    <td>{n(r.certified)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </article>
  );
}
