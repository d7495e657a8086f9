import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { readFormData } from "~/utils/request-body.server";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CERTIFICATE_LANGUAGES } from "../../db/enums";
import { FormMessage } from "~/components/form";
import { certificateOverview, createJob, getCertificateByCode, jobsOfOffering, missingNames, revokeCertificate } from "~/models/certificate.server";
import { localized } from "~/models/course.server";
import { getOffering } from "~/models/offering.server";
import { requirePermission } from "~/utils/permissions.server";
import { assertFound, idParam } from "~/utils/http.server";
import { getLocale } from "~/utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, ...(data?.jobRunning ? [{ httpEquiv: "refresh", content: "2" } as never] : [])];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const found = getOffering(idParam(params.id));
  assertFound(found);
  const locale = await getLocale(request);
  const jobs = jobsOfOffering(found.offering.id).map((j) => ({ id: j.id, total: j.enrolmentIds.length, done: j.done, issued: j.issued, skipped: j.skipped, status: j.status }));
  return {
    title: `${localized(found.course.title, locale)} ${found.offering.periodLabel}`,
    id: found.offering.id,
    defaultLanguage: found.course.certificate.language ?? "ar-fr",
    rows: certificateOverview(found.offering.id),
    jobs,
    jobRunning: jobs.some((j) => j.status === "running"),
  };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("issue"), language: z.enum(CERTIFICATE_LANGUAGES), scope: z.enum(["selected", "all"]) }),
  z.object({ intent: z.literal("revoke"), code: z.string().max(40), reason: z.string().trim().min(3).max(500) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { action: "manage:platform" });
  const found = getOffering(idParam(params.id));
  assertFound(found);
  const formData = await readFormData(request);
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const intent = formData.get("intent");
    return data({ error: intent === "revoke" ? "certificates.reasonRequired" : "errors.invalid" }, { status: 400 });
  }
  if (parsed.data.intent === "revoke") {
    const cert = getCertificateByCode(parsed.data.code);
    if (!cert || cert.offeringId !== found.offering.id) return data({ error: "certificates.unknown" }, { status: 404 });
    if (!revokeCertificate(cert.code, admin.id, parsed.data.reason)) return data({ error: "certificates.alreadyRevoked" }, { status: 409 });
    return redirect(`/admin/offerings/${found.offering.id}/certificates?done=revoked`);
  }
  const { language, scope } = parsed.data;
  const rows = certificateOverview(found.offering.id);
  const selected = new Set(formData.getAll("enrolmentId").map(Number));
  const targets = rows.filter((r) => r.eligible && !r.certificate && (scope === "all" || selected.has(r.enrolmentId)));
  const ready = targets.filter((r) => missingNames(r, language).length === 0);
  if (!ready.length) return data({ error: targets.length ? "certificates.namesMissing" : "certificates.noneEligible" }, { status: 400 });
  createJob(found.offering.id, ready.map((r) => r.enrolmentId), language, admin.id);
  return redirect(`/admin/offerings/${found.offering.id}/certificates?done=started`);
}

export default function OfferingCertificates() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const done = params.get("done");
  return (
    <section aria-labelledby="certs-title">
      <p>
        <Link to={`/admin/offerings/${d.id}`}>{d.title}</Link>
      </p>
      <h1 id="certs-title">{t("certificates.title")}</h1>
      {done ? <FormMessage tone="success">{t(done === "revoked" ? "certificates.revokedDone" : "certificates.started")}</FormMessage> : null}
      {actionData?.error ? <FormMessage>{t(actionData.error)}</FormMessage> : null}
      {d.jobs.map((j) => (
        <div key={j.id} className="job">
          <p>
            {t(j.status === "running" ? "certificates.jobRunning" : "certificates.jobDone", { done: j.done, total: j.total, issued: j.issued, skipped: j.skipped })}
          </p>
          <progress max={j.total} value={j.done} aria-label={t("certificates.progress")} />
        </div>
      ))}
      <p>
        <a href={`/admin/offerings/${d.id}/certificates.zip`} className="button secondary" download>
          {t("certificates.zip")}
        </a>
      </p>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="issue" />
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t("certificates.select")}</span>
                </th>
                <th scope="col">{t("fields.displayName")}</th>
                <th scope="col">{t("certificates.printedNames")}</th>
                <th scope="col">{t("fields.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.enrolmentId}>
                  <td>{r.eligible && !r.certificate ? <input type="checkbox" name="enrolmentId" value={r.enrolmentId} aria-label={r.name} /> : null}</td>
                  <td>
                    <bdi>{r.name}</bdi>
                  </td>
                  <td>
                    {r.nameArabic ? <bdi lang="ar">{r.nameArabic}</bdi> : <span className="meta">{t("certificates.noArabicName")}</span>}
                    <br />
                    {r.nameLatin ? <bdi lang="fr">{r.nameLatin}</bdi> : <span className="meta">{t("certificates.noLatinName")}</span>}
                  </td>
                  <td>
                    {r.certificate ? (
                      <>
                        <a href={`/certificates/${r.certificate.code}.pdf`} dir="ltr">
                          {r.certificate.code}
                        </a>
                        {r.certificate.revokedAt ? <span className="meta"> · {t("certificates.revoked")}</span> : null}
                      </>
                    ) : r.eligible ? (
                      t("certificates.eligible")
                    ) : (
                      t(`certificates.reason.${r.reason}`)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="field">
          <label htmlFor="language">{t("certificates.language")}</label>
          <select id="language" name="language" defaultValue={d.defaultLanguage}>
            {CERTIFICATE_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`certificates.languages.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <p className="actions">
          <button type="submit" name="scope" value="selected" className="button secondary">
            {t("certificates.issueSelected")}
          </button>
          <button type="submit" name="scope" value="all" className="button">
            {t("certificates.issueAll")}
          </button>
        </p>
      </Form>
      <h2>{t("certificates.revokeTitle")}</h2>
      <Form method="post" className="stack narrow">
        <input type="hidden" name="intent" value="revoke" />
        <div className="field">
          <label htmlFor="revoke-code">{t("verify.code")}</label>
          <input id="revoke-code" name="code" dir="ltr" required />
        </div>
        <div className="field">
          <label htmlFor="revoke-reason">{t("certificates.reasonLabel")}</label>
          <textarea id="revoke-reason" name="reason" rows={2} required maxLength={500} />
        </div>
        <button type="submit" className="button secondary">
          {t("certificates.revoke")}
        </button>
      </Form>
    </section>
  );
}
