import { getFormProps } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { SURVEY_QUESTIONS } from "../../db/enums";
import { ConformTextarea, ErrorSummary, FormMessage, useSchemaForm } from "~/components/form";
import { LikertGroup } from "~/components/outcomes";
import { getCourse, localized } from "~/models/course.server";
import { learnerOutcomes, submitSurvey } from "~/models/outcomes.server";
import { assertFound } from "~/utils/http.server";
import { getLocale, getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const likert = z
  .number({ required_error: "outcomes.survey.choose", invalid_type_error: "outcomes.survey.choose" })
  .int("outcomes.survey.choose")
  .min(1, "outcomes.survey.choose")
  .max(5, "outcomes.survey.choose");

const schema = z.object({
  relevance: likert,
  clarity: likert,
  trainer: likert,
  usefulness: likert,
  recommend: likert,
  comment: z
    .string({ invalid_type_error: "errors.invalid" })
    .trim()
    .max(1000, "errors.tooLong")
    .optional()
    .transform((v) => v || null),
});

type State = "open" | "answered" | "not-completed" | "not-enrolled";

function standingOf(userId: number, courseId: string): { state: State; standing: ReturnType<typeof learnerOutcomes> } {
  const standing = learnerOutcomes(userId, courseId);
  if (!standing) return { state: "not-enrolled", standing };
  if (standing.surveyAnswered) return { state: "answered", standing };
  if (!standing.enrolment.completedAt) return { state: "not-completed", standing };
  return { state: "open", standing };
}

const stateMessages: Record<Exclude<State, "open">, string> = {
  answered: "outcomes.survey.alreadyAnswered",
  "not-completed": "outcomes.survey.notCompleted",
  "not-enrolled": "outcomes.assessment.notEnrolled",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { action: "use:account" });
  const found = getCourse(params.course ?? "");
  assertFound(found);
  const [t, locale] = await Promise.all([getTranslator(request), getLocale(request)]);
  const { state } = standingOf(user.id, found.course.id);
  return data(
    { title: t("outcomes.survey.title"), course: { id: found.course.id, title: localized(found.course.title, locale) }, state },
    { headers: { "Cache-Control": "private, no-cache" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, { action: "use:account" });
  const found = getCourse(params.course ?? "");
  assertFound(found);
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejectSubmission(submission);
  const { state, standing } = standingOf(user.id, found.course.id);
  if (state !== "open" || !standing)
    return rejectSubmission(submission, { status: state === "not-enrolled" ? 403 : 409, formErrors: [stateMessages[state as Exclude<State, "open">]] });
  const outcome = submitSurvey(standing.enrolment, found.course.id, submission.value);
  // Two posts racing: the unique index keeps one, the other hears it was already answered.
  if (!outcome.ok)
    return rejectSubmission(submission, {
      status: 409,
      formErrors: [outcome.reason === "already-answered" ? stateMessages.answered : stateMessages["not-completed"]],
    });
  return redirect(`/courses/${found.course.id}/survey?sent=1`);
}

export default function SurveyPage() {
  const { course, state } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm(schema, actionData?.result, "survey");
  const labels = Object.fromEntries([...SURVEY_QUESTIONS.map((q) => [q, t(`outcomes.survey.questions.${q}`)]), ["comment", t("outcomes.survey.comment")]]);
  // In the error summary a statement is followed by ": <error>": without its full stop.
  const summaryLabels = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v).replace(/[.。]$/u, "")]));
  const sent = state === "answered" && params.get("sent") === "1";
  return (
    <article className="page narrow" aria-labelledby="survey-title">
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to={`/courses/${course.id}`}>{course.title}</Link>
      </nav>
      <h1 id="survey-title">{t("outcomes.survey.title")}</h1>
      {sent ? <FormMessage tone="success">{t("outcomes.survey.thanks")}</FormMessage> : null}
      {state !== "open" ? (
        <>
          {sent ? null : <p className="notice">{t(stateMessages[state])}</p>}
          <p>
            <Link to={`/courses/${course.id}`}>{t("outcomes.assessment.backToCourse")}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="lead">{t("outcomes.survey.intro")}</p>
          <ErrorSummary form={form} labels={summaryLabels} />
          <Form method="post" className="stack" {...getFormProps(form)}>
            {SURVEY_QUESTIONS.map((q) => (
              <LikertGroup key={q} meta={fields[q]} legend={labels[q]!} />
            ))}
            <ConformTextarea meta={fields.comment} label={labels.comment!} hint={t("outcomes.survey.commentHint")} rows={4} maxLength={1000} />
            <button type="submit" className="button">
              {t("outcomes.survey.submit")}
            </button>
          </Form>
        </>
      )}
    </article>
  );
}
