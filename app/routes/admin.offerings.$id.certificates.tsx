import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CERTIFICATE_LANGUAGES, REVOCATION_REASONS } from "../../db/enums";
import { ErrorSummary, FormMessage, useSchemaForm } from "~/components/form";
import { Ltr, ltrText } from "~/components/ltr";
import { formatDay } from "~/components/offering-facts";
import {
  brandingReadiness,
  certificateOverview,
  createJob,
  jobsOfOffering,
  missingNames,
  replaceCertificate,
  revokeCertificate,
  type CertificateRow,
} from "~/models/certificate.server";
import { localized } from "~/models/course.server";
import { getOffering } from "~/models/offering.server";
import { assertFound, idParam } from "~/utils/http.server";
import { getLocale } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title },
  ...(data?.jobRunning ? [{ httpEquiv: "refresh", content: "2" } as never] : []),
];

const FILTERS = ["all", "eligible", "issued", "revoked", "incomplete"] as const;
type Filter = (typeof FILTERS)[number];

function matches(row: CertificateRow, filter: Filter, q: string) {
  const text = q ? `${row.name} ${row.email} ${row.nameArabic ?? ""} ${row.nameLatin ?? ""} ${row.certificate?.code ?? ""}`.toLowerCase().includes(q) : true;
  if (!text) return false;
  switch (filter) {
    case "all":
      return true;
    case "eligible":
      return row.eligible && (!row.certificate || Boolean(row.certificate.revokedAt));
    case "issued":
      return Boolean(row.certificate && !row.certificate.revokedAt);
    case "revoked":
      return Boolean(row.certificate?.revokedAt);
    case "incomplete":
      return !row.eligible;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:certificates" });
  const found = getOffering(idParam(params.id));
  assertFound(found);
  const locale = await getLocale(request);
  const url = new URL(request.url);
  const rawFilter = url.searchParams.get("status") ?? "all";
  const filter: Filter = (FILTERS as readonly string[]).includes(rawFilter) ? (rawFilter as Filter) : "all";
  const q = (url.searchParams.get("q") ?? "").trim().toLowerCase().slice(0, 100);
  const rows = certificateOverview(found.offering.id);
  const jobs = jobsOfOffering(found.offering.id).map((j) => ({
    id: j.id,
    total: j.enrolmentIds.length,
    done: j.done,
    issued: j.issued,
    skipped: j.skipped,
    status: j.status,
    language: j.language,
    startedAt: j.createdAt.getTime(),
    startedBy: j.requestedByName,
    skips: j.skips.map((s) => ({ name: s.name, reason: s.reason })),
  }));
  return {
    title: `${localized(found.course.title, locale)} ${ltrText(found.offering.periodLabel)}`,
    courseTitle: localized(found.course.title, locale),
    period: found.offering.periodLabel,
    id: found.offering.id,
    defaultLanguage: found.course.certificate.language ?? "ar-fr",
    brandingProblems: brandingReadiness(found.offering.id),
    filter,
    q,
    total: rows.length,
    rows: rows.filter((r) => matches(r, filter, q)),
    jobs,
    jobRunning: jobs.some((j) => j.status === "running"),
  };
}

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("issue"),
    language: z.enum(CERTIFICATE_LANGUAGES, { errorMap: () => ({ message: "errors.invalid" }) }),
    scope: z.enum(["selected", "all"]),
    enrolmentId: z.array(id).max(5000).optional(),
  }),
  z.object({
    intent: z.literal("revoke"),
    certificateId: id,
    reason: z.enum(REVOCATION_REASONS, { errorMap: () => ({ message: "certificates.reasonRequired" }) }),
    note: z.string().trim().max(500, "errors.tooLong").optional(),
  }),
  z.object({ intent: z.literal("replace"), certificateId: id }),
]);

type Submission = Awaited<ReturnType<typeof parseSubmission<typeof schema>>>["submission"];
type Ok<I> = Extract<z.infer<typeof schema>, { intent: I }>;

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { action: "manage:certificates" });
  const found = getOffering(idParam(params.id));
  assertFound(found);
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const value = submission.value;
  switch (value.intent) {
    case "issue":
      return issueAction(found.offering.id, admin.id, value, submission);
    case "revoke":
      return revokeAction(found.offering.id, admin.id, value, submission);
    case "replace":
      return replaceAction(found.offering.id, admin.id, value, submission);
  }
}

function issueAction(offeringId: number, adminId: number, value: Ok<"issue">, submission: Submission) {
  if (brandingReadiness(offeringId).length) return rejectSubmission(submission, { status: 409, formErrors: ["certificates.brandingIncomplete"] });
  const selected = new Set(value.enrolmentId ?? []);
  // A revoked certificate is not issued again here but replaced, from its row (the old one then records its successor).
  const targets = certificateOverview(offeringId).filter((r) => r.eligible && !r.certificate && (value.scope === "all" || selected.has(r.enrolmentId)));
  if (!targets.length) return rejectSubmission(submission, { formErrors: ["certificates.noneEligible"] });
  // Learners without the names this language prints are part of the run: it records them as skipped, with the reason.
  if (targets.every((r) => missingNames(r, value.language).length > 0)) return rejectSubmission(submission, { formErrors: ["certificates.namesMissing"] });
  createJob(
    offeringId,
    targets.map((r) => r.enrolmentId),
    value.language,
    adminId,
  );
  return redirect(`/admin/offerings/${offeringId}/certificates?done=started`);
}

function revokeAction(offeringId: number, adminId: number, value: Ok<"revoke">, submission: Submission) {
  const outcome = revokeCertificate(value.certificateId, offeringId, adminId, value.reason, value.note ?? null);
  if (outcome.status === "not-found") return rejectSubmission(submission, { status: 404, formErrors: ["certificates.unknown"] });
  if (outcome.status === "already-revoked") return rejectSubmission(submission, { status: 409, formErrors: ["certificates.alreadyRevoked"] });
  return redirect(`/admin/offerings/${offeringId}/certificates?done=revoked`);
}

function replaceAction(offeringId: number, adminId: number, value: Ok<"replace">, submission: Submission) {
  const outcome = replaceCertificate(value.certificateId, offeringId, adminId);
  switch (outcome.status) {
    case "issued":
      return redirect(`/admin/offerings/${offeringId}/certificates?done=replaced`);
    case "not-found":
      return rejectSubmission(submission, { status: 404, formErrors: ["certificates.unknown"] });
    case "not-revoked":
      return rejectSubmission(submission, { status: 409, formErrors: ["certificates.notRevoked"] });
    case "already-replaced":
    case "exists":
      return rejectSubmission(submission, { status: 409, formErrors: ["certificates.alreadyReplaced"] });
    case "branding-incomplete":
      return rejectSubmission(submission, { status: 409, formErrors: ["certificates.brandingIncomplete"] });
    case "missing-name":
      return rejectSubmission(submission, { status: 409, formErrors: ["certificates.namesMissing"] });
    case "not-eligible":
      return rejectSubmission(submission, { status: 409, formErrors: ["certificates.noneEligible"] });
  }
}

const DONE = new Map([
  ["started", "certificates.started"],
  ["revoked", "certificates.revokedDone"],
  ["replaced", "certificates.replacedDone"],
]);

export default function OfferingCertificates() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const [form] = useSchemaForm(schema, actionData?.result, "issue-form");
  const done = DONE.get(params.get("done") ?? "");
  const selectable = (r: CertificateRow) => r.eligible && !r.certificate;
  return (
    <section aria-labelledby="certs-title">
      <p>
        <Link to={`/admin/offerings/${d.id}`}>
          {d.courseTitle} <Ltr>{d.period}</Ltr>
        </Link>
      </p>
      <h1 id="certs-title">{t("certificates.title")}</h1>
      {done ? <FormMessage tone="success">{t(done)}</FormMessage> : null}
      <ErrorSummary form={form} labels={{ language: t("certificates.language"), reason: t("certificates.reasonLabel"), note: t("certificates.noteLabel") }} />
      {d.brandingProblems.length ? (
        <div className="notice error" role="status">
          <p>{t("certificates.brandingIncomplete")}</p>
          <ul>
            {d.brandingProblems.map((p) => (
              <li key={p}>{t(`branding.problem.${p}`)}</li>
            ))}
          </ul>
          <p>
            <Link to="/admin/branding">{t("branding.title")}</Link>
          </p>
        </div>
      ) : null}
      {d.jobs.length ? (
        <>
          <h2>{t("certificates.jobs")}</h2>
          <ul className="stack jobs">
            {d.jobs.map((j) => (
              <li key={j.id} className="job card">
                <p>
                  <strong>{t(j.status === "running" ? "certificates.jobRunningTitle" : "certificates.jobDoneTitle")}</strong> ·{" "}
                  {t("certificates.jobStarted", {
                    date: formatDay(j.startedAt, i18n.language),
                    who: j.startedBy,
                    language: t(`certificates.languages.${j.language}`),
                  })}
                </p>
                <p>
                  {t("certificates.jobProgress", { done: j.done, total: j.total })} · {t("certificates.jobIssued", { count: j.issued })} ·{" "}
                  {t("certificates.jobSkipped", { count: j.skipped })}
                </p>
                <progress max={j.total} value={j.done} aria-label={t("certificates.progress")} />
                {j.skips.length ? (
                  <details>
                    <summary>{t("certificates.skippedList", { count: j.skips.length })}</summary>
                    <ul>
                      {j.skips.map((s, i) => (
                        <li key={i}>
                          <bdi>{s.name}</bdi> — {t(`certificates.skipReason.${s.reason}`)}
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href={`/admin/offerings/${d.id}/certificates.zip`} className="button secondary" download>
          {t("certificates.zip")}
        </a>
      </p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="status">{t("certificates.filter")}</label>
          <select id="status" name="status" defaultValue={d.filter}>
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`certificates.filters.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="q">{t("certificates.search")}</label>
          <input id="q" name="q" type="search" defaultValue={d.q} maxLength={100} />
        </div>
        <button type="submit" className="button secondary">
          {t("certificates.applyFilter")}
        </button>
      </Form>
      <p className="meta">{t("certificates.shown", { count: d.rows.length, total: d.total })}</p>
      {/* The table holds the revoke and replace forms of each row; its checkboxes belong to the issue form below (form=). */}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label={t("certificates.selectAll")}
                  onChange={(e) => {
                    for (const box of document.querySelectorAll<HTMLInputElement>('input[name="enrolmentId"][form="issue-form"]'))
                      box.checked = e.currentTarget.checked;
                  }}
                />
              </th>
              <th scope="col">{t("fields.displayName")}</th>
              <th scope="col">{t("fields.email")}</th>
              <th scope="col">{t("certificates.printedNames")}</th>
              <th scope="col">{t("fields.status")}</th>
              <th scope="col">{t("certificates.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.enrolmentId}>
                <td>{selectable(r) ? <input type="checkbox" name="enrolmentId" value={r.enrolmentId} aria-label={r.name} form="issue-form" /> : null}</td>
                <td>
                  <bdi>{r.name}</bdi>
                </td>
                <td>
                  <Ltr>{r.email}</Ltr>
                </td>
                <td>
                  {r.nameArabic ? <bdi lang="ar">{r.nameArabic}</bdi> : <span className="meta">{t("certificates.noArabicName")}</span>}
                  <br />
                  {r.nameLatin ? <bdi lang="fr">{r.nameLatin}</bdi> : <span className="meta">{t("certificates.noLatinName")}</span>}
                </td>
                <td>
                  {r.certificate ? (
                    <>
                      <a href={r.certificate.revokedAt ? `/verify/${r.certificate.code}` : `/certificates/${r.certificate.code}.pdf`}>
                        <Ltr>{r.certificate.code}</Ltr>
                      </a>
                      <br />
                      <span className="meta">
                        {t(`certificates.languages.${r.certificate.language}`)} · {formatDay(r.certificate.issuedAt, i18n.language)} ·{" "}
                        {r.certificate.issuedBy ? <bdi>{r.certificate.issuedBy}</bdi> : t("certificates.automatic")}
                      </span>
                      {r.certificate.revokedAt ? (
                        <>
                          <br />
                          <span className="meta">
                            {t("certificates.revokedOn", { date: formatDay(r.certificate.revokedAt, i18n.language) })}
                            {r.certificate.revocationCategory ? ` (${t(`certificates.reasons.${r.certificate.revocationCategory}`)})` : null}
                          </span>
                          {r.certificate.replacedByCode ? (
                            <>
                              {" "}
                              · {t("certificates.replacedBy")} <Ltr>{r.certificate.replacedByCode}</Ltr>
                            </>
                          ) : null}
                        </>
                      ) : null}
                    </>
                  ) : r.eligible ? (
                    t("certificates.eligible")
                  ) : (
                    t(`certificates.reason.${r.reason ?? "incomplete"}`)
                  )}
                </td>
                <td>{r.certificate ? <RowActions row={r} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="issue" />
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
          <button type="submit" name="scope" value="selected" className="button secondary" disabled={d.brandingProblems.length > 0}>
            {t("certificates.issueSelected")}
          </button>
          <button type="submit" name="scope" value="all" className="button" disabled={d.brandingProblems.length > 0}>
            {t("certificates.issueAll")}
          </button>
        </p>
      </Form>
    </section>
  );
}

/** Revoke (behind a disclosure that asks for the reason: the confirmation) or issue a replacement, from the row itself. */
function RowActions({ row }: { row: CertificateRow }) {
  const { t } = useTranslation();
  const c = row.certificate!;
  if (c.revokedAt) {
    if (c.replacedByCode) return null;
    return (
      <Form method="post" className="inline">
        <input type="hidden" name="intent" value="replace" />
        <input type="hidden" name="certificateId" value={c.id} />
        <button type="submit" className="button secondary small">
          {t("certificates.replace")}
        </button>
      </Form>
    );
  }
  return (
    <details className="revoke">
      <summary>{t("certificates.revoke")}</summary>
      <Form method="post" className="stack narrow">
        <input type="hidden" name="intent" value="revoke" />
        <input type="hidden" name="certificateId" value={c.id} />
        <fieldset>
          <legend>{t("certificates.reasonLabel")}</legend>
          {REVOCATION_REASONS.map((reason) => (
            <label key={reason} className="choice">
              <input type="radio" name="reason" value={reason} required /> {t(`certificates.reasons.${reason}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`note-${c.id}`}>{t("certificates.noteLabel")}</label>
          <textarea id={`note-${c.id}`} name="note" rows={2} maxLength={500} />
        </div>
        <button type="submit" className="button danger">
          {t("certificates.revokeConfirm", { code: c.code })}
        </button>
      </Form>
    </details>
  );
}
