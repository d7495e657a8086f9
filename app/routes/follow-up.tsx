import { getFormProps } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FOLLOW_UP_USES } from "../../db/enums";
import type { LocalizedText } from "../../db/schema";
import { ConformTextarea, ErrorSummary, FormMessage, useSchemaForm } from "~/components/form";
import { localized } from "~/models/course.server";
import { answerFollowUp, followUpByToken, type FollowUpLink } from "~/models/follow-up.server";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";
import { errorKey } from "~/components/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

const schema = z.object({
  used: z.enum(FOLLOW_UP_USES, { errorMap: () => ({ message: "errors.invalidChoice" }) }),
  how: z
    .string({ invalid_type_error: "errors.invalid" })
    .trim()
    .max(1000, "errors.tooLong")
    .optional()
    .transform((v) => v || null),
});

/** The link's token: the one query parameter, as the email wrote it (anything else reads as an unknown link). */
function tokenOf(request: Request) {
  const values = new URL(request.url).searchParams.getAll("token");
  return values.length === 1 ? values[0]! : "";
}

/** Unknown or forged: 404; expired or already answered: 410 (the link is used up); open: 200. */
const STATUS: Record<FollowUpLink["status"], number> = { open: 200, answered: 410, expired: 410, unknown: 404 };

function view(link: FollowUpLink, locale: Parameters<typeof localized>[1]) {
  return { status: link.status, course: "courseTitle" in link ? localized(link.courseTitle as LocalizedText, locale) : null };
}

// No login: the single-use token in the link is the only credential. A read.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = tokenOf(request);
  const link = followUpByToken(token);
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  return data(
    { title: t("outcomes.followUp.title"), token: link.status === "open" ? token : null, ...view(link, locale) },
    { status: STATUS[link.status], headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const token = tokenOf(request);
  const { submission } = await parseSubmission(request, schema);
  const link = followUpByToken(token);
  if (link.status !== "open") return rejectSubmission(submission, { status: STATUS[link.status], formErrors: [`outcomes.followUp.${link.status}`] });
  if (submission.status !== "success") return rejectSubmission(submission);
  const outcome = answerFollowUp(token, submission.value);
  if (!outcome.ok) return rejectSubmission(submission, { status: STATUS[outcome.reason], formErrors: [`outcomes.followUp.${outcome.reason}`] });
  return data({ result: submission.reply({ resetForm: true }), answered: true }, { headers: { "Cache-Control": "no-store" } });
}

export default function FollowUpPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { result?: unknown; answered?: boolean } | undefined;
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(schema, actionData?.result, "follow-up");
  const labels = { used: t("outcomes.followUp.question", { course: d.course ?? "" }), how: t("outcomes.followUp.how") };
  const formError = form.errors?.[0];
  return (
    <article className="page narrow" aria-labelledby="follow-up-title">
      <h1 id="follow-up-title">{t("outcomes.followUp.title")}</h1>
      {actionData?.answered ? (
        <FormMessage tone="success">{t("outcomes.followUp.thanks")}</FormMessage>
      ) : d.status !== "open" ? (
        <div className="notice error" role="alert">
          <p>
            <strong>{t(`outcomes.followUp.${d.status}`)}</strong>
          </p>
          {d.status !== "answered" ? <p>{t(`outcomes.followUp.${d.status}Hint`)}</p> : null}
        </div>
      ) : (
        <>
          <p className="hint">{t("outcomes.followUp.noLogin")}</p>
          {formError ? <FormMessage>{t(errorKey(formError))}</FormMessage> : null}
          <ErrorSummary form={form} labels={labels} />
          <Form method="post" action={`/follow-up?token=${encodeURIComponent(d.token ?? "")}`} className="stack" {...getFormProps(form)}>
            <fieldset className="question" id={fields.used.id} tabIndex={-1} aria-describedby={fields.used.errors ? fields.used.errorId : undefined}>
              <legend>{labels.used}</legend>
              <ul className="options">
                {FOLLOW_UP_USES.map((u) => (
                  <li key={u}>
                    <label className="option">
                      <input type="radio" name={fields.used.name} value={u} defaultChecked={fields.used.initialValue === u} required />
                      <span>{t(`outcomes.followUp.used.${u}`)}</span>
                    </label>
                  </li>
                ))}
              </ul>
              {fields.used.errors?.[0] ? (
                <p className="field-error" id={fields.used.errorId}>
                  {t(errorKey(fields.used.errors[0]))}
                </p>
              ) : null}
            </fieldset>
            <ConformTextarea meta={fields.how} label={labels.how} hint={t("outcomes.followUp.howHint")} rows={4} maxLength={1000} />
            <button type="submit" className="button">
              {t("outcomes.followUp.submit")}
            </button>
          </Form>
        </>
      )}
    </article>
  );
}
