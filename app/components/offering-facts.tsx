import { useTranslation } from "react-i18next";
import { Ltr } from "./ltr";
import { LOCALE_NAMES, formatDate } from "~/utils/i18n";
import type { OfferingSummary } from "~/models/offering-view";

export function formatDay(ms: number, locale: string) {
  return formatDate(ms, locale, { dateStyle: "medium", timeZone: "UTC" });
}

/** Dates, seats and languages of one offering. */
export function OfferingFacts({ offering }: { offering: OfferingSummary }) {
  const { t, i18n } = useTranslation();
  const { seatsLeft } = offering;
  return (
    <dl className="facts">
      <div>
        <dt>{t("offerings.period")}</dt>
        <dd>
          <Ltr>{offering.periodLabel}</Ltr>
        </dd>
      </div>
      <div>
        <dt>{t("offerings.dates")}</dt>
        <dd>
          {formatDay(offering.startsAt, i18n.language)} – {formatDay(offering.endsAt, i18n.language)}
        </dd>
      </div>
      <div>
        <dt>{t("offerings.enrolment")}</dt>
        <dd>
          {offering.enrolmentOpen
            ? t("offerings.enrolmentOpenUntil", { date: formatDay(offering.enrolClosesAt, i18n.language) })
            : offering.enrolmentNotYetOpen
              ? t("offerings.enrolmentOpensOn", { date: formatDay(offering.enrolOpensAt, i18n.language) })
              : t("offerings.enrolmentClosed")}
        </dd>
      </div>
      <div>
        <dt>{t("offerings.seats")}</dt>
        <dd className="seats">{seatsLeft > 0 ? t("offerings.seatsLeft", { count: seatsLeft }) : t("offerings.full", { count: offering.waitlisted })}</dd>
      </div>
      <div>
        <dt>{t("offerings.languages")}</dt>
        <dd>{offering.languages.map((l) => LOCALE_NAMES[l as keyof typeof LOCALE_NAMES] ?? l).join(" · ")}</dd>
      </div>
    </dl>
  );
}
