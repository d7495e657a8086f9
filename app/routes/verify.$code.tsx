import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDay } from "~/components/offering-facts";
import { getCertificateByCode } from "~/models/certificate.server";
import { parseCertificateCode } from "~/models/certificate/code";
import { getTranslator } from "~/utils/i18n.server";
import { hit } from "~/utils/rate-limit.server";


export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = () => ({ "X-Robots-Tag": "noindex, nofollow", "Cache-Control": "no-store" });

/** Public: shows only what the certificate itself shows, and whether it is valid. A wrong code learns nothing. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const t = await getTranslator(request);
  const wait = await hit("verifyIp", context?.clientIp ?? "unknown");
  if (wait) throw data({ reason: "tooMany" }, { status: 429, headers: { "Retry-After": String(wait), "X-Robots-Tag": "noindex" } });
  const code = parseCertificateCode(params.code ?? "");
  const cert = code ? getCertificateByCode(code) : null;
  if (!cert) return data({ title: t("verify.notFoundTitle"), found: false as const, certificate: null }, { status: 404, headers: { "X-Robots-Tag": "noindex" } });
  return {
    title: t("verify.title"),
    found: true as const,
    certificate: {
      code: cert.code,
      nameArabic: cert.nameArabic,
      nameLatin: cert.nameLatin,
      course: cert.courseTitle,
      hours: cert.hours,
      period: cert.periodLabel,
      issuedAt: cert.issuedAt.getTime(),
      issuer: cert.issuer,
      coIssuer: cert.coIssuer,
      revokedAt: cert.revokedAt?.getTime() ?? null,
    },
  };
}

export default function VerifyPage() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  if (!d.found) {
    return (
      <section className="page narrow" aria-labelledby="verify-title">
        <h1 id="verify-title">{t("verify.notFoundTitle")}</h1>
        <p>{t("verify.notFoundBody")}</p>
        <p>
          <Link to="/verify">{t("verify.tryAnother")}</Link>
        </p>
      </section>
    );
  }
  const c = d.certificate;
  return (
    <section className="page narrow verify" aria-labelledby="verify-title">
      <h1 id="verify-title">{t("verify.title")}</h1>
      {c.revokedAt ? (
        <p className="notice error verify-status" role="status">
          {t("verify.revoked", { date: formatDay(c.revokedAt, i18n.language) })}
        </p>
      ) : (
        <p className="notice success verify-status" role="status">
          {t("verify.valid")}
        </p>
      )}
      <dl className="facts verify-facts">
        <div>
          <dt>{t("verify.holder")}</dt>
          <dd>
            {c.nameArabic ? <bdi lang="ar">{c.nameArabic}</bdi> : null}
            {c.nameArabic && c.nameLatin ? " · " : null}
            {c.nameLatin ? <bdi lang="fr">{c.nameLatin}</bdi> : null}
          </dd>
        </div>
        <div>
          <dt>{t("offerings.course")}</dt>
          <dd>
            <bdi lang="ar">{c.course.ar}</bdi> · <bdi lang="fr">{c.course.fr}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t("offerings.period")}</dt>
          <dd dir="ltr">
            {c.period} · {t("courses.hours", { count: c.hours })}
          </dd>
        </div>
        <div>
          <dt>{t("verify.issuedOn")}</dt>
          <dd>{formatDay(c.issuedAt, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t("verify.issuers")}</dt>
          <dd>
            <bdi>{i18n.language === "ar" ? c.issuer.ar : c.issuer.fr}</bdi>
            {c.coIssuer ? (
              <>
                {" · "}
                <bdi>{i18n.language === "ar" ? c.coIssuer.ar : c.coIssuer.fr}</bdi>
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t("verify.code")}</dt>
          <dd dir="ltr">{c.code}</dd>
        </div>
      </dl>
    </section>
  );
}
