import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Ltr, ltrText } from "~/components/ltr";
import { localized } from "~/models/course.server";
import { parseIndicatorFilters, quarterOf } from "~/models/indicators.server";
import { PARTNER_BREAKDOWNS, type PartnerRow } from "~/models/partner-view";
import { partnerView } from "~/models/partner-view.server";
import { getPartner, partnerOfferingIds, partnerOfferingList, partnerOfUser } from "~/models/partner.server";
import type { Shown } from "~/models/small-counts";
import { formatNumber } from "~/utils/i18n";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { assertCan, can, requireUser } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

/** The periods offered in the filter: this year and the two before, and their quarters. */
function periodChoices(now: Date) {
  const year = now.getUTCFullYear();
  const out: string[] = [];
  for (let y = year; y >= year - 2; y--) out.push(String(y), ...[4, 3, 2, 1].map((q) => `${y}-Q${q}`));
  return out;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  // A partner sees their own organisation; an admin may look through any partner's eyes (?partner=id) to check it.
  const asked = url.searchParams.get("partner");
  const own = partnerOfUser(user.id);
  const partnerId = can(user, { action: "manage:platform" }) ? (asked && /^\d{1,9}$/.test(asked) ? Number(asked) : null) : own;
  if (partnerId === null) {
    if (can(user, { action: "manage:platform" })) throw data({ reason: "notFound" }, { status: 404 });
    throw data({ reason: "forbidden" }, { status: 403 });
  }
  // Another partner's id in the address gets the same answer as one that does not exist.
  if (asked !== null && String(partnerId) !== asked) throw data({ reason: "notFound" }, { status: 404 });
  assertCan(user, { action: "read:partner-indicators", partnerId }, 404);
  const partner = getPartner(partnerId);
  if (!partner) throw data({ reason: "notFound" }, { status: 404 });

  // Only the period and one of their own offerings can be chosen; every other filter is the admin's (name lists, associations).
  const query = new URLSearchParams();
  for (const key of ["period", "from", "to", "offering"]) {
    const value = url.searchParams.get(key);
    if (value !== null) query.set(key, value);
  }
  const now = new Date();
  if (!query.has("period") && !query.has("from") && !query.has("to")) query.set("period", quarterOf(now.getTime()));
  const parsed = parseIndicatorFilters(query, now);
  const linked = partnerOfferingIds(partner.id);
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  const offerings = partnerOfferingList(partner.id).map((o) => ({ id: String(o.id), course: localized(o.courseTitle, locale), period: o.periodLabel }));
  const base = {
    title: t("reports.partner.title", { name: partner.name }),
    name: partner.name,
    adminPreview: own !== partner.id,
    partnerId: partner.id,
    periods: periodChoices(now),
    offerings,
    chosen: { period: query.get("period") ?? "", offering: query.get("offering") ?? "" },
  };
  if (!parsed.ok) {
    // An offering that is not theirs (or not at all) is not found; a bad period is a form error on the page.
    if (parsed.errors.some((e) => e.field === "offering")) throw data({ reason: "notFound" }, { status: 404 });
    return data({ ...base, errors: parsed.errors.map((e) => `reports.filterErrors.${e.error}`), view: null, period: null }, { status: 400 });
  }
  if (parsed.filters.offeringId !== null && !linked.includes(parsed.filters.offeringId)) throw data({ reason: "notFound" }, { status: 404 });
  const view = partnerView(partner.id, parsed.filters);
  const courseTitles = Object.fromEntries(Object.entries(view.courseTitles).map(([id, title]) => [id, localized(title, locale)]));
  return { ...base, errors: [] as string[], view: { ...view, courseTitles }, period: parsed.filters.period.label };
}

function ShownValue({ v, percent }: { v: Shown | null; percent?: boolean }) {
  const { t, i18n } = useTranslation();
  if (v === null) return <>—</>;
  if (v.hidden) return <span className="suppressed">{t("reports.partner.fewerThan5")}</span>;
  return <Ltr>{formatNumber(v.value, i18n.language, percent ? { style: "percent", maximumFractionDigits: 0 } : { maximumFractionDigits: 1 })}</Ltr>;
}

export default function PartnerPage() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const label = (breakdown: string, key: string) => {
    if (key === "") return t("reports.notGiven");
    if (breakdown === "region") return t(`regions.${key}`);
    if (breakdown === "course") return d.view?.courseTitles[key] ?? key;
    if (breakdown === "sex") return t(`reports.sex.${key}`);
    return key;
  };
  const row = (breakdown: string, r: PartnerRow) => (
    <tr key={r.key}>
      <th scope="row">{breakdown === "quarter" || breakdown === "age" ? <Ltr>{label(breakdown, r.key)}</Ltr> : <bdi>{label(breakdown, r.key)}</bdi>}</th>
      <td>
        <ShownValue v={r.enrolled} />
      </td>
      <td>
        <ShownValue v={r.completed} />
      </td>
      <td>
        <ShownValue v={r.completionRate} percent />
      </td>
      <td>
        <ShownValue v={r.certified} />
      </td>
    </tr>
  );
  return (
    <section className="page" aria-labelledby="partner-title">
      <h1 id="partner-title">{t("reports.partner.heading")}</h1>
      <p>
        <bdi>{d.name}</bdi>
        {d.adminPreview ? <> · {t("reports.partner.adminPreview")}</> : null}
      </p>
      <p className="hint">{t("reports.partner.privacy")}</p>
      <Form method="get" className="filters" aria-label={t("reports.partner.filter")}>
        {d.adminPreview ? <input type="hidden" name="partner" value={d.partnerId} /> : null}
        <div className="field">
          <label htmlFor="partner-period">{t("reports.period")}</label>
          <select id="partner-period" name="period" defaultValue={d.chosen.period}>
            {d.periods.map((p) => (
              <option key={p} value={p}>
                {ltrText(p)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="partner-offering">{t("reports.partner.offering")}</label>
          <select id="partner-offering" name="offering" defaultValue={d.chosen.offering}>
            <option value="">{t("reports.partner.allOfferings")}</option>
            {d.offerings.map((o) => (
              <option key={o.id} value={o.id}>
                {`${o.course} ${ltrText(o.period)}`}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button secondary">
          {t("admin.filter")}
        </button>
      </Form>
      {d.errors.length ? (
        <div role="alert" className="notice error">
          <ul>
            {d.errors.map((e) => (
              <li key={e}>{t(e)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {d.offerings.length === 0 ? <p className="empty">{t("reports.partner.noOfferings")}</p> : null}
      {d.view ? (
        <>
          <h2>
            {t("reports.period")} <Ltr>{d.period}</Ltr>
          </h2>
          {d.view.empty ? <p className="empty">{t("reports.partner.empty")}</p> : null}
          <ul className="stat-grid">
            <li>
              <strong>
                <ShownValue v={d.view.totals.enrolled} />
              </strong>{" "}
              {t("reports.metrics.enrolled")}
            </li>
            <li>
              <strong>
                <ShownValue v={d.view.totals.completed} />
              </strong>{" "}
              {t("reports.metrics.completed")}
            </li>
            <li>
              <strong>
                <ShownValue v={d.view.totals.completionRate} percent />
              </strong>{" "}
              {t("reports.metrics.completionRate")}
            </li>
            <li>
              <strong>
                <ShownValue v={d.view.totals.certified} />
              </strong>{" "}
              {t("reports.metrics.certified")}
            </li>
            <li>
              <strong>
                <ShownValue v={d.view.totals.associationsTrained} />
              </strong>{" "}
              {t("reports.metrics.associationsTrained")}
            </li>
          </ul>
          {PARTNER_BREAKDOWNS.map((b) => (
            <div key={b}>
              <h2 id={`partner-${b}`}>{t(`reports.breakdowns.${b}`)}</h2>
              <div className="table-wrap">
                <table aria-labelledby={`partner-${b}`}>
                  <thead>
                    <tr>
                      <th scope="col">{t(`reports.breakdowns.${b}`)}</th>
                      <th scope="col">{t("reports.metrics.enrolled")}</th>
                      <th scope="col">{t("reports.metrics.completed")}</th>
                      <th scope="col">{t("reports.metrics.completionRate")}</th>
                      <th scope="col">{t("reports.metrics.certified")}</th>
                    </tr>
                  </thead>
                  <tbody>{d.view!.breakdowns[b].map((r) => row(b, r))}</tbody>
                </table>
              </div>
            </div>
          ))}
          <h2>{t("reports.outcomes")}</h2>
          <dl className="facts">
            <dt>{t("reports.metrics.gainN")}</dt>
            <dd>
              <ShownValue v={d.view.gain.n} />
            </dd>
            <dt>{t("reports.metrics.meanPre")}</dt>
            <dd>
              <ShownValue v={d.view.gain.meanPre} />
            </dd>
            <dt>{t("reports.metrics.meanPost")}</dt>
            <dd>
              <ShownValue v={d.view.gain.meanPost} />
            </dd>
            <dt>{t("reports.metrics.shareImproved")}</dt>
            <dd>
              <ShownValue v={d.view.gain.shareImproved} percent />
            </dd>
            <dt>{t("reports.metrics.surveyN")}</dt>
            <dd>
              <ShownValue v={d.view.satisfaction.n} />
            </dd>
            <dt>{t("reports.metrics.satisfaction")}</dt>
            <dd>
              <ShownValue v={d.view.satisfaction.mean} />
            </dd>
          </dl>
        </>
      ) : null}
    </section>
  );
}
