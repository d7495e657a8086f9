import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { formatDay } from "~/components/offering-facts";
import { Ltr } from "~/components/ltr";
import { verificationOf } from "~/models/certificate.server";
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
  const parsed = parseCertificateCode(params.code ?? "");
  const found = parsed.ok ? verificationOf(parsed.code) : null;
  if (!found) {
    // A code with a wrong check character was mistyped: say so, rather than "no such certificate".
    const problem = parsed.ok ? "notFound" : parsed.reason === "typo" ? "typo" : parsed.reason === "foreign" ? "foreign" : "notFound";
    return data(
      { title: t(`verify.${problem}Title`), found: false as const, problem, certificate: null },
      { status: 404, headers: { "X-Robots-Tag": "noindex" } },
    );
  }
  const { cert, replacementCode } = found;
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
      replacementCode,
    },
  };
}

export default function VerifyPage() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  if (!d.found) {
    return (
      <section className="page narrow" aria-labelledby="verify-title">
        <h1 id="verify-title">{t(`verify.${d.problem}Title`)}</h1>
        <p>{t(`verify.${d.problem}Body`)}</p>
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
        <div className="notice error verify-status" role="status">
          <p>{t("verify.revoked", { date: formatDay(c.revokedAt, i18n.language) })}</p>
          {c.replacementCode ? (
            <p>
              {t("verify.replacedBy")}{" "}
              <Link to={`/verify/${c.replacementCode}`}>
                <Ltr>{c.replacementCode}</Ltr>
              </Link>
            </p>
          ) : null}
        </div>
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
          <dd>
            <Ltr>{c.period}</Ltr> · <bdi>{t("courses.hours", { count: c.hours })}</bdi>
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
          <dd>
            <Ltr>{c.code}</Ltr>
          </dd>
        </div>
      </dl>
    </section>
  );
}
