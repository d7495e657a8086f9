import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ASSESSMENT_KINDS, type AssessmentKind } from "../../db/enums";
import type { User } from "../../db/schema";
import { AssessmentResults } from "~/components/outcomes";
import { getCourse, localized } from "~/models/course.server";
import { assessmentQuiz, learnerOutcomes, submitAssessment, type AssessmentOutcome } from "~/models/outcomes.server";
import type { QuizAnswers } from "~/models/progress.server";
import { assertFound } from "~/utils/http.server";
import { localeDir } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { readFormData } from "~/utils/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.heading} — ${data.course.title}` : undefined }];

const kindSchema = z.enum(ASSESSMENT_KINDS);

/** The course, the kind asked for, and the test in the reader's language; an unknown one of any is a 404. */
async function findAssessment(request: Request, params: { course?: string; kind?: string }) {
  const found = getCourse(params.course ?? "");
  assertFound(found);
  const kind = kindSchema.safeParse(params.kind);
  assertFound(kind.success ? kind.data : null);
  const locale = await getLocale(request);
  const test = assessmentQuiz(found.course, kind.data!, locale);
  assertFound(test);
  return { ...found, kind: kind.data!, test, locale };
}

/** Why the learner may not answer now, or null when they may. */
function refusalOf(user: User, courseId: string, kind: AssessmentKind) {
  const standing = learnerOutcomes(user.id, courseId);
  if (!standing || !standing.active) return { standing, reason: "outcomes.assessment.notEnrolled", status: 403 };
  if (standing.results[kind]) return { standing, reason: "outcomes.assessment.alreadyTaken", status: 409 };
  if (kind === "pre" && standing.results.post) return { standing, reason: "outcomes.assessment.preClosed", status: 409 };
  if (kind === "post" && !standing.lessonsDone) return { standing, reason: "outcomes.assessment.postNotYet", status: 409 };
  return { standing, reason: null, status: 200 };
}

// A read: the attempt is recorded by the action.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { action: "use:account" });
  const { course, lessons, kind, test, locale } = await findAssessment(request, params);
  const { standing, reason } = refusalOf(user, course.id, kind);
  return data(
    {
      course: { id: course.id, title: localized(course.title, locale) },
      kind,
      heading: test.title,
      summary: test.summary,
      quizLocale: test.locale,
      // Prompts and options only: which options are right never reaches the page.
      questions: reason
        ? []
        : test.quiz.questions.map((q) => ({ id: q.id, prompt: q.prompt, multiple: q.multiple, options: q.options.map((o) => ({ id: o.id, text: o.text })) })),
      refusal: reason,
      results: standing ? { pre: standing.results.pre, post: standing.results.post } : null,
      firstLesson: lessons[0]?.slug ?? null,
      surveyOpen: Boolean(standing?.enrolment.completedAt && !standing.surveyAnswered),
    },
    { headers: { "Cache-Control": "private, no-cache" } },
  );
}

const refusals: Record<Exclude<AssessmentOutcome, { ok: true }>["reason"], { status: number; error: string }> = {
  tampered: { status: 400, error: "outcomes.assessment.tampered" },
  incomplete: { status: 400, error: "outcomes.assessment.incomplete" },
  "already-taken": { status: 409, error: "outcomes.assessment.alreadyTaken" },
  "pre-closed": { status: 409, error: "outcomes.assessment.preClosed" },
  "post-not-yet": { status: 409, error: "outcomes.assessment.postNotYet" },
};

/** `answer.<question id>` fields into a Map (never a plain object: the ids come from the request). */
function readAnswers(form: FormData): QuizAnswers | null {
  const answers: QuizAnswers = new Map();
  for (const [key, value] of form) {
    if (!key.startsWith("answer.")) continue;
    if (typeof value !== "string") return null;
    const id = key.slice("answer.".length);
    answers.set(id, [...(answers.get(id) ?? []), value]);
  }
  return answers;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, { action: "use:account" });
  const { course, kind, test } = await findAssessment(request, params);
  const form = await readFormData(request);
  const { standing, reason, status } = refusalOf(user, course.id, kind);
  if (reason || !standing) return data({ error: reason ?? "outcomes.assessment.notEnrolled", answers: [] as [string, string[]][] }, { status });
  const answers = readAnswers(form);
  const outcome: AssessmentOutcome = answers
    ? submitAssessment({ enrolment: standing.enrolment, kind, quiz: test.quiz, answers, lessonsDone: standing.lessonsDone })
    : { ok: false, reason: "tampered" };
  if (!outcome.ok) {
    // What was ticked among the known options is given back, so nothing has to be ticked again.
    const known = test.quiz.questions.map((q): [string, string[]] => [q.id, (answers?.get(q.id) ?? []).filter((id) => q.options.some((o) => o.id === id))]);
    return data({ error: refusals[outcome.reason].error, answers: known }, { status: refusals[outcome.reason].status });
  }
  return redirect(`/courses/${course.id}/assessment/${kind}#result`);
}

export default function AssessmentPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const given = new Map(actionData?.answers ?? []);
  const here = `/courses/${d.course.id}/assessment/${d.kind}`;
  const taken = d.results?.[d.kind];
  return (
    <article className="page narrow" aria-labelledby="assessment-title">
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to={`/courses/${d.course.id}`}>{d.course.title}</Link> · {t(`outcomes.assessment.${d.kind}`)}
      </nav>
      <h1 id="assessment-title">{d.heading}</h1>
      {actionData?.error ? (
        <p className="notice error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      {taken ? (
        <section id="result" aria-labelledby="result-title" className="card">
          <h2 id="result-title">{t("outcomes.assessment.done")}</h2>
          <AssessmentResults results={d.results!} />
          <p>
            {d.kind === "pre" && d.firstLesson ? (
              <Link className="button" to={`/courses/${d.course.id}/${d.firstLesson}`}>
                {t("enrol.start")}
              </Link>
            ) : d.surveyOpen ? (
              <Link className="button" to={`/courses/${d.course.id}/survey`}>
                {t("outcomes.survey.open")}
              </Link>
            ) : (
              <Link to={`/courses/${d.course.id}`}>{t("outcomes.assessment.backToCourse")}</Link>
            )}
          </p>
        </section>
      ) : d.refusal ? (
        <>
          <p className="notice">{t(d.refusal)}</p>
          <p>
            <Link to={`/courses/${d.course.id}`}>{t("outcomes.assessment.backToCourse")}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="lead">{d.summary}</p>
          <p className="hint">
            {t("outcomes.assessment.intro")} · {t("outcomes.assessment.questionCount", { count: d.questions.length })}
          </p>
          <form method="post" action={here} className="quiz" lang={d.quizLocale} dir={localeDir(d.quizLocale)}>
            {d.questions.map((q, i) => (
              <fieldset key={q.id} className="question">
                <legend>
                  {i + 1}. {q.prompt}
                </legend>
                <ul className="options">
                  {q.options.map((o) => (
                    <li key={o.id}>
                      <label className="option">
                        <input
                          type={q.multiple ? "checkbox" : "radio"}
                          name={`answer.${q.id}`}
                          value={o.id}
                          required={!q.multiple}
                          defaultChecked={given.get(q.id)?.includes(o.id)}
                        />
                        <span>{o.text}</span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ))}
            <button type="submit" className="button">
              {t("outcomes.assessment.submit")}
            </button>
          </form>
          {d.kind === "pre" && d.firstLesson ? (
            <p>
              <Link to={`/courses/${d.course.id}/${d.firstLesson}`}>{t("outcomes.assessment.skip")}</Link>
            </p>
          ) : null}
        </>
      )}
    </article>
  );
}
