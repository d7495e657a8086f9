import { getFormProps, getTextareaProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { errorKey, useSchemaForm } from "~/components/form";
import { Ltr } from "~/components/ltr";
import { formatDay } from "~/components/offering-facts";
import { checkCodes } from "~/models/certificate.server";
import { MAX_BATCH_CODES } from "~/models/certificate/code";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "verify:certificate-batch" });
  const t = await getTranslator(request);
  return { title: t("verify.batch.title"), max: MAX_BATCH_CODES };
}

const schema = z.object({
  codes: z
    .string({ required_error: "errors.required" })
    .max(MAX_BATCH_CODES * 48, "verify.batch.tooMany")
    .transform((s) => s.split(/[\s,;]+/).filter(Boolean))
    .refine((list) => list.length > 0, "errors.required")
    .refine((list) => list.length <= MAX_BATCH_CODES, "verify.batch.tooMany"),
});

/** Funders and admins check a list of codes at once (signed in, so the public page's throttle does not apply). */
export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, { action: "verify:certificate-batch" });
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejectSubmission(submission);
  return { result: submission.reply(), rows: checkCodes(submission.value.codes) };
}

export default function VerifyBatch() {
  const { max } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const [form, fields] = useSchemaForm(schema, actionData?.result, "verify-batch");
  const rows = actionData && "rows" in actionData ? actionData.rows : null;
  const error = fields.codes.errors?.[0];
  return (
    <section className="page" aria-labelledby="batch-title">
      <h1 id="batch-title">{t("verify.batch.title")}</h1>
      <p>{t("verify.batch.intro", { count: max })}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <div className="field">
          <label htmlFor={fields.codes.id}>{t("verify.batch.label")}</label>
          <textarea {...getTextareaProps(fields.codes)} rows={8} dir="ltr" spellCheck={false} key={fields.codes.key} />
          {error ? (
            <p className="field-error" id={fields.codes.errorId}>
              {t(errorKey(error), { count: max })}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          {t("verify.check")}
        </button>
      </Form>
      {rows ? (
        <>
          <p role="status">{t("verify.batch.summary", { count: rows.length, valid: rows.filter((r) => r.status === "valid").length })}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("verify.code")}</th>
                  <th scope="col">{t("verify.batch.result")}</th>
                  <th scope="col">{t("verify.holder")}</th>
                  <th scope="col">{t("offerings.course")}</th>
                  <th scope="col">{t("verify.issuedOn")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i}>
                    <td>
                      <Ltr>{r.input}</Ltr>
                    </td>
                    <td>
                      {t(`verify.batch.status.${r.status}`)}
                      {r.status === "revoked" && r.revokedAt ? ` (${formatDay(r.revokedAt, i18n.language)})` : null}
                      {r.replacementCode ? (
                        <>
                          {" "}
                          →{" "}
                          <Link to={`/verify/${r.replacementCode}`}>
                            <Ltr>{r.replacementCode}</Ltr>
                          </Link>
                        </>
                      ) : null}
                    </td>
                    <td>
                      {r.nameArabic ? <bdi lang="ar">{r.nameArabic}</bdi> : null}
                      {r.nameArabic && r.nameLatin ? " · " : null}
                      {r.nameLatin ? <bdi lang="fr">{r.nameLatin}</bdi> : null}
                    </td>
                    <td>{r.course ? <bdi>{i18n.language === "ar" ? r.course.ar : r.course.fr}</bdi> : null}</td>
                    <td>{r.issuedAt ? formatDay(r.issuedAt, i18n.language) : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
