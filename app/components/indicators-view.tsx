import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { REGION_CODES } from "../../db/enums";
import { BarChart } from "~/components/charts/bar-chart";
import { RegionTileMap, regionMapInput } from "~/components/charts/region-tile-map";
import { TrendChart } from "~/components/charts/trend-chart";
import { Ltr, ltrText } from "~/components/ltr";
import {
  LIKERT_QUESTIONS,
  NOT_GIVEN,
  PAGE_ASSOCIATIONS,
  type Breakdown,
  type BreakdownRow,
  type FilterError,
  type Indicators,
  type PeopleMetric,
  type PersonRow,
} from "~/models/indicators";
import { formatDate, formatNumber, localeDir } from "~/utils/i18n";

export type FilterOptions = {
  periods: string[];
  courses: { id: string; title: { ar: string; fr: string; en?: string } }[];
  offerings: { id: number; courseId: string; periodLabel: string }[];
  associations: { id: number; name: string }[];
};
export type FilterValues = Record<"period" | "from" | "to" | "course" | "offering" | "region" | "association", string>;

export type IndicatorsPageData =
  | {
      ok: true;
      indicators: Indicators;
      /** How many associations the page lists of how many have figures; all = the admin asked for every one. */
      associations: { shown: number; total: number; all: boolean };
      search: string;
      values: FilterValues;
      options: FilterOptions;
    }
  | { ok: false; errors: { field: string; error: FilterError }[]; values: FilterValues; options: FilterOptions };

export const AGE_KEYS: Record<string, string> = { "<18": "under18", "18-24": "18to24", "25-34": "25to34", "35+": "35plus" };

/** Formatting and labels shared by the indicators page, its name lists and the printable report. */
export function useIndicatorFormat() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const n = (v: number) => formatNumber(v, lang);
  const pct = (v: number | null) => (v === null ? "—" : formatNumber(v, lang, { style: "percent", maximumFractionDigits: 0 }));
  const score = (v: number | null) => (v === null ? "—" : formatNumber(v / 100, lang, { style: "percent", maximumFractionDigits: 0 }));
  const points = (v: number | null) =>
    v === null ? "—" : t("indicators.points", { value: formatNumber(v, lang, { maximumFractionDigits: 1, signDisplay: "exceptZero" }) });
  const mean = (v: number | null) => (v === null ? "—" : t("indicators.outOfFive", { value: formatNumber(v, lang, { maximumFractionDigits: 1 }) }));
  const courseTitle = (title: { ar: string; fr: string; en?: string } | undefined, fallback: string) =>
    title ? ((lang === "en" ? title.en : lang === "fr" ? title.fr : title.ar) ?? title.fr ?? title.ar) : fallback;
  const groupLabel = (indicators: Pick<Indicators, "associationNames" | "courseTitles">, breakdown: Breakdown, key: string): string => {
    if (key === NOT_GIVEN) return breakdown === "association" ? t("indicators.noAssociation") : t("indicators.notGiven");
    switch (breakdown) {
      case "region":
        return t(`regions.${key}`);
      case "association":
        return indicators.associationNames[key]?.name ?? key;
      case "course":
        return courseTitle(indicators.courseTitles[key], key);
      case "quarter":
        return key;
      case "sex":
        return t(`indicators.sex.${key}`);
      case "age":
        return t(`indicators.age.${AGE_KEYS[key] ?? "under18"}`);
    }
  };
  return { t, lang, dir: localeDir(lang), n, pct, score, points, mean, courseTitle, groupLabel };
}

export function peopleHref(search: string, metric: PeopleMetric, selection?: { breakdown: Breakdown; key: string }) {
  const p = new URLSearchParams(search);
  p.set("metric", metric);
  if (selection) {
    p.set("by", selection.breakdown);
    p.set("key", selection.key);
  }
  return `/admin/indicators/people?${p}`;
}

function NumberLink({ href, children, testId }: { href: string; children: ReactNode; testId?: string }) {
  return (
    <a href={href} data-testid={testId}>
      {children}
    </a>
  );
}

const BREAKDOWN_SECTIONS: Breakdown[] = ["region", "association", "course", "sex", "age", "quarter"];

export function IndicatorsView({ data }: { data: IndicatorsPageData }) {
  const f = useIndicatorFormat();
  const { t } = f;
  return (
    <section aria-labelledby="indicators-title" className="indicators">
      <h1 id="indicators-title">{t("indicators.title")}</h1>
      <p className="hint">{t("indicators.intro")}</p>
      <FilterForm values={data.values} options={data.options} errors={data.ok ? [] : data.errors} />
      {data.ok ? <Results indicators={data.indicators} search={data.search} associations={data.associations} /> : null}
    </section>
  );
}

function FilterForm({ values, options, errors }: { values: FilterValues; options: FilterOptions; errors: { field: string; error: FilterError }[] }) {
  const { t, courseTitle } = useIndicatorFormat();
  const errorOf = (field: string) => errors.find((e) => e.field === field);
  const describedBy = (field: string) => (errorOf(field) ? `filter-${field}-error` : undefined);
  const years = [...new Set(options.periods.map((p) => p.slice(0, 4)))];
  const custom = values.period === "custom" || Boolean(values.from || values.to);
  const field = (name: keyof FilterValues, label: string, control: ReactNode) => (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      {control}
      {errorOf(name) ? (
        <p id={`filter-${name}-error`} className="field-error">
          {t(`indicators.errors.${errorOf(name)!.error}`)}
        </p>
      ) : null}
    </div>
  );
  const select = (name: keyof FilterValues, label: string, choices: { value: string; label: string }[], all = true) =>
    field(
      name,
      label,
      <select
        id={`filter-${name}`}
        name={name}
        defaultValue={values[name]}
        aria-invalid={errorOf(name) ? true : undefined}
        aria-describedby={describedBy(name)}
      >
        {all ? <option value="">{t("indicators.filters.all")}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>,
    );
  const date = (name: "from" | "to", label: string) =>
    field(
      name,
      label,
      <input
        id={`filter-${name}`}
        name={name}
        type="date"
        defaultValue={values[name]}
        aria-invalid={errorOf(name) ? true : undefined}
        aria-describedby={describedBy(name)}
      />,
    );
  return (
    <>
      {errors.length ? (
        <div role="alert" className="notice error" id="indicator-errors">
          <h2>{t("indicators.errors.title")}</h2>
          <ul>
            {errors.map((e) => (
              <li key={`${e.field}-${e.error}`}>
                <a href={`#filter-${e.field}`}>{t(`indicators.errors.${e.error}`)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {/* Folded on a phone so the numbers come first; open while something in it needs correcting. */}
      <details className="filter-box" open={errors.length > 0 || undefined}>
        <summary>{t("indicators.filters.legend")}</summary>
        <form method="get" action="/admin/indicators" className="filters indicator-filters" aria-label={t("indicators.filters.legend")}>
          {select(
            "period",
            t("indicators.filters.period"),
            [
              // An <option> cannot hold markup: the period is isolated with LRI…PDI so Arabic pages never show Q4-2026.
              ...options.periods.map((p) => ({ value: p, label: ltrText(p) })),
              ...years.map((y) => ({ value: y, label: t("indicators.filters.year", { year: y }) })),
              { value: "custom", label: t("indicators.filters.custom") },
            ],
            false,
          )}
          {date("from", t("indicators.filters.from"))}
          {date("to", t("indicators.filters.to"))}
          {select(
            "course",
            t("indicators.filters.course"),
            options.courses.map((c) => ({ value: c.id, label: courseTitle(c.title, c.id) })),
          )}
          {select(
            "offering",
            t("indicators.filters.offering"),
            options.offerings.map((o) => ({
              value: String(o.id),
              label: `${courseTitle(options.courses.find((c) => c.id === o.courseId)?.title, o.courseId)} ${ltrText(o.periodLabel)}`,
            })),
          )}
          {select(
            "region",
            t("indicators.filters.region"),
            REGION_CODES.map((code) => ({ value: code, label: t(`regions.${code}`) })),
          )}
          {select(
            "association",
            t("indicators.filters.association"),
            options.associations.map((a) => ({ value: String(a.id), label: a.name })),
          )}
          <button type="submit" className="button">
            {t("indicators.filters.show")}
          </button>
          <a href="/admin/indicators" className="button secondary">
            {t("indicators.filters.reset")}
          </a>
        </form>
        {custom ? null : <p className="hint">{t("indicators.filters.customHint")}</p>}
      </details>
    </>
  );
}

type AssociationsShown = { shown: number; total: number; all: boolean };

function Results({ indicators, search, associations }: { indicators: Indicators; search: string; associations: AssociationsShown }) {
  const f = useIndicatorFormat();
  const { t, n, pct, score, points, mean } = f;
  const c = indicators.totals;
  const tile = (metric: PeopleMetric | null, value: string, label: string, detail?: ReactNode, id: string | null = metric) => (
    <li data-testid={`tile-${id}`}>
      {metric ? (
        <NumberLink href={peopleHref(search, metric)}>
          <strong>{value}</strong>
        </NumberLink>
      ) : (
        <strong>{value}</strong>
      )}{" "}
      <span>{label}</span>
      {detail ? <small className="tile-detail">{detail}</small> : null}
    </li>
  );
  return (
    <>
      <p className="period-line">
        {t("indicators.periodIs")} <Ltr>{indicators.filters.period.label}</Ltr>
      </p>
      {indicators.empty ? (
        <p className="notice" role="status">
          {t("indicators.noData")}
        </p>
      ) : null}
      <ul className="stat-grid indicator-tiles">
        {tile("reached", n(c.associationsReached), t("indicators.tiles.associationsReached"))}
        {tile("trained", n(c.associationsTrained), t("indicators.tiles.associationsTrained"))}
        {tile("enrolled", n(c.enrolled), t("indicators.tiles.enrolled"))}
        {tile("completed", n(c.completed), t("indicators.tiles.completed"))}
        {tile("certified", n(c.certified), t("indicators.tiles.certified"))}
        {tile(
          "cohortCompleted",
          pct(c.completionRate),
          t("indicators.tiles.completionRate"),
          t("indicators.tiles.completionOf", { done: n(c.cohortCompleted), total: n(c.enrolled) }),
        )}
        {tile("issued", n(c.certificatesIssued), t("indicators.tiles.issued"))}
        {tile("revoked", n(c.certificatesRevoked), t("indicators.tiles.revoked"))}
        {tile(
          "gain",
          points(indicators.gain.meanGain),
          t("indicators.tiles.gain"),
          <>
            {t("indicators.tiles.gainDetail", {
              pre: score(indicators.gain.meanPre),
              post: score(indicators.gain.meanPost),
              improved: pct(indicators.gain.shareImproved),
            })}{" "}
            ({t("indicators.tiles.respondents", { count: indicators.gain.n })})
          </>,
        )}
        {tile(
          null,
          mean(indicators.satisfaction.mean),
          t("indicators.tiles.satisfaction"),
          <>
            {t("indicators.tiles.satisfactionDetail", { high: pct(indicators.satisfaction.shareHigh) })} (
            {t("indicators.tiles.respondents", { count: indicators.satisfaction.n })})
          </>,
          "satisfaction",
        )}
      </ul>
      <TrendSection indicators={indicators} search={search} />
      {BREAKDOWN_SECTIONS.filter((b) => b !== "quarter").map((b) => (
        <BreakdownSection key={b} breakdown={b} indicators={indicators} search={search} associations={b === "association" ? associations : undefined} />
      ))}
      <GainSection indicators={indicators} search={search} />
      <SatisfactionSection indicators={indicators} />
    </>
  );
}

function TrendSection({ indicators, search }: { indicators: Indicators; search: string }) {
  const { t, n, dir } = useIndicatorFormat();
  const rows = indicators.breakdowns.quarter;
  return (
    <section aria-labelledby="section-quarter" className="indicator-section">
      <h2 id="section-quarter">{t("indicators.sections.trend")}</h2>
      <div className="chart-and-table">
        <TrendChart
          id="chart-quarter"
          title={t("indicators.charts.trend")}
          dir={dir}
          series={[t("indicators.charts.enrolled"), t("indicators.charts.completed")]}
          points={rows.map((r) => ({
            key: r.key,
            label: r.key,
            values: [r.counts.enrolled, r.counts.completed],
            displays: [n(r.counts.enrolled), n(r.counts.completed)],
          }))}
        />
        <BreakdownTable breakdown="quarter" rows={rows} indicators={indicators} search={search} />
      </div>
    </section>
  );
}

function BreakdownSection({
  breakdown,
  indicators,
  search,
  associations,
}: {
  breakdown: Breakdown;
  indicators: Indicators;
  search: string;
  associations?: AssociationsShown;
}) {
  const f = useIndicatorFormat();
  const { t, n, dir } = f;
  const rows = indicators.breakdowns[breakdown];
  const heading = t(`indicators.sections.${breakdown}`);
  let chart: ReactNode;
  if (breakdown === "region") {
    const { values, names } = regionMapInput(
      rows,
      (r) => r.counts.enrolled,
      (code) => t(`regions.${code}`),
    );
    chart = (
      <RegionTileMap
        id="chart-region"
        title={t("indicators.charts.map")}
        values={values}
        names={names}
        display={n}
        legendTitle={t("indicators.charts.legend")}
        noneLabel={t("indicators.charts.none")}
        dir={dir}
      />
    );
  } else {
    chart = rows.length ? (
      <BarChart
        id={`chart-${breakdown}`}
        title={t("indicators.charts.bars", { breakdown: heading })}
        dir={dir}
        bars={rows.map((r) => ({ key: r.key, label: f.groupLabel(indicators, breakdown, r.key), value: r.counts.enrolled, display: n(r.counts.enrolled) }))}
      />
    ) : null;
  }
  return (
    <section aria-labelledby={`section-${breakdown}`} className="indicator-section">
      <h2 id={`section-${breakdown}`}>{heading}</h2>
      <div className="chart-and-table">
        {chart}
        <BreakdownTable breakdown={breakdown} rows={rows} indicators={indicators} search={search} />
      </div>
      {associations && associations.total > PAGE_ASSOCIATIONS ? <AssociationsNote associations={associations} search={search} /> : null}
    </section>
  );
}

/** Says how many associations the table lists, and links to the whole list (the exports always carry it). */
function AssociationsNote({ associations, search }: { associations: AssociationsShown; search: string }) {
  const { t } = useTranslation();
  return (
    <p className="hint" data-testid="associations-note">
      {associations.all ? (
        <>
          {t("indicators.associationsAll", { total: associations.total })}{" "}
          <a href={`?${search}#section-association`}>{t("indicators.associationsShowTop", { shown: PAGE_ASSOCIATIONS })}</a>
        </>
      ) : (
        <>
          {t("indicators.associationsTop", { count: associations.total, shown: associations.shown })}{" "}
          <a href={`?${search}&all=associations#section-association`}>{t("indicators.associationsShowAll", { total: associations.total })}</a>
        </>
      )}
    </p>
  );
}

function BreakdownTable({ breakdown, rows, indicators, search }: { breakdown: Breakdown; rows: BreakdownRow[]; indicators: Indicators; search: string }) {
  const f = useIndicatorFormat();
  const { t, n, pct, points, mean } = f;
  const link = (metric: PeopleMetric, key: string, value: string) => <NumberLink href={peopleHref(search, metric, { breakdown, key })}>{value}</NumberLink>;
  return (
    // Wide tables scroll inside their own box on a phone; the page itself never scrolls sideways.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`section-${breakdown}`}>
      <table data-testid={`table-${breakdown}`}>
        <thead>
          <tr>
            <th scope="col">{t(`indicators.sections.${breakdown}`)}</th>
            <th scope="col">{t("indicators.columns.enrolled")}</th>
            <th scope="col">{t("indicators.columns.completed")}</th>
            <th scope="col">{t("indicators.columns.rate")}</th>
            <th scope="col">{t("indicators.columns.certified")}</th>
            {breakdown === "region" ? <th scope="col">{t("indicators.columns.reached")}</th> : null}
            <th scope="col">{t("indicators.columns.gain")}</th>
            <th scope="col">{t("indicators.columns.satisfaction")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row">{breakdown === "quarter" ? <Ltr>{r.key}</Ltr> : f.groupLabel(indicators, breakdown, r.key)}</th>
              <td>{link("enrolled", r.key, n(r.counts.enrolled))}</td>
              <td>{link("completed", r.key, n(r.counts.completed))}</td>
              <td>{r.counts.enrolled ? link("cohortCompleted", r.key, pct(r.counts.completionRate)) : "—"}</td>
              <td>{link("certified", r.key, n(r.counts.certified))}</td>
              {breakdown === "region" ? <td>{link("reached", r.key, n(r.counts.associationsReached))}</td> : null}
              <td>{r.gain.n ? link("gain", r.key, points(r.gain.meanGain)) : "—"}</td>
              <td>{mean(r.satisfaction.mean)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GainSection({ indicators, search }: { indicators: Indicators; search: string }) {
  const { t, n, pct, score, points } = useIndicatorFormat();
  const g = indicators.gain;
  return (
    <section aria-labelledby="section-gain" className="indicator-section">
      <h2 id="section-gain">{t("indicators.sections.gain")}</h2>
      <p className="hint">{t("indicators.gainNote")}</p>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="section-gain">
        <table data-testid="table-gain">
          <thead>
            <tr>
              <th scope="col">{t("indicators.columns.n")}</th>
              <th scope="col">{t("indicators.columns.pre")}</th>
              <th scope="col">{t("indicators.columns.post")}</th>
              <th scope="col">{t("indicators.columns.gain")}</th>
              <th scope="col">{t("indicators.columns.improved")}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>
                <NumberLink href={peopleHref(search, "gain")}>{n(g.n)}</NumberLink>
              </td>
              <td>{score(g.meanPre)}</td>
              <td>{score(g.meanPost)}</td>
              <td>{points(g.meanGain)}</td>
              <td>{pct(g.shareImproved)}</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SatisfactionSection({ indicators }: { indicators: Indicators }) {
  const { t, pct, mean } = useIndicatorFormat();
  const s = indicators.satisfaction;
  return (
    <section aria-labelledby="section-satisfaction" className="indicator-section">
      <h2 id="section-satisfaction">{t("indicators.sections.satisfaction")}</h2>
      <p className="hint">
        {t("indicators.satisfactionNote")} {t("indicators.tiles.respondents", { count: s.n })}
      </p>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="section-satisfaction">
        <table data-testid="table-satisfaction">
          <thead>
            <tr>
              <th scope="col">{t("indicators.columns.question")}</th>
              <th scope="col">{t("indicators.columns.mean")}</th>
              <th scope="col">{t("indicators.columns.shareHigh")}</th>
            </tr>
          </thead>
          <tbody>
            {LIKERT_QUESTIONS.map((q, i) => (
              <tr key={q} data-key={q}>
                <th scope="row">{t(`indicators.questions.${q}`)}</th>
                <td>{mean(s.questions[i].mean)}</td>
                <td>{pct(s.questions[i].shareHigh)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export type PeoplePageData = {
  metric: PeopleMetric;
  selection: { breakdown: Breakdown; key: string } | null;
  period: string;
  search: string;
  people: PersonRow[];
  /** Everyone behind the number; only the first rows are in `people`. */
  total: number;
  courseTitles: Record<string, { ar: string; fr: string; en?: string }>;
  associationNames: Indicators["associationNames"];
};

/** The names behind one number: one row per person, however many offerings put them there. */
export function PeopleView({ data }: { data: PeoplePageData }) {
  const f = useIndicatorFormat();
  const { t, lang } = f;
  const day = (ms: number | null) => (ms === null ? "—" : formatDate(ms, lang, { dateStyle: "medium", timeZone: "UTC" }));
  return (
    <section aria-labelledby="people-title" className="indicators">
      <p>
        <a href={`/admin/indicators?${data.search}`}>{t("indicators.people.back")}</a>
      </p>
      <h1 id="people-title">{t(`indicators.metrics.${data.metric}`)}</h1>
      <p className="period-line">
        {t("indicators.periodIs")} <Ltr>{data.period}</Ltr>
        {data.selection ? (
          <>
            {" · "}
            {t(`indicators.sections.${data.selection.breakdown}`)}{" "}
            {data.selection.breakdown === "quarter" ? (
              <Ltr>{data.selection.key}</Ltr>
            ) : (
              f.groupLabel({ associationNames: data.associationNames, courseTitles: data.courseTitles }, data.selection.breakdown, data.selection.key)
            )}
          </>
        ) : null}
      </p>
      <p data-testid="people-count">
        <strong>{t("indicators.people.count", { count: data.total })}</strong>
      </p>
      {data.total > data.people.length ? <p className="hint">{t("indicators.people.truncated", { shown: data.people.length })}</p> : null}
      {data.people.length === 0 ? (
        <p className="notice">{t("indicators.people.none")}</p>
      ) : (
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="people-title">
          <table data-testid="people-table">
            <thead>
              <tr>
                <th scope="col">{t("indicators.people.name")}</th>
                <th scope="col">{t("indicators.people.association")}</th>
                <th scope="col">{t("indicators.people.region")}</th>
                <th scope="col">{t("indicators.people.courses")}</th>
              </tr>
            </thead>
            <tbody>
              {data.people.map((p) => (
                <tr key={p.userId}>
                  <th scope="row">{p.name}</th>
                  <td>{p.association ?? t("indicators.noAssociation")}</td>
                  <td>{p.region ? t(`regions.${p.region}`) : t("indicators.notGiven")}</td>
                  <td>
                    <ul className="plain-list">
                      {p.items.map((item, i) => (
                        <li key={i}>
                          {f.courseTitle(data.courseTitles[item.courseId], item.courseId)} <Ltr>{item.periodLabel}</Ltr> · {day(item.date)} ·{" "}
                          {t(`indicators.statuses.${item.status}`)}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
