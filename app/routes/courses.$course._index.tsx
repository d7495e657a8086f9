import { getFormProps } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { Link } from "~/components/link";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Course, User } from "../../db/schema";
import { FormMessage, useSchemaForm } from "~/components/form";
import { OfferingFacts } from "~/components/offering-facts";
import { getCourse, localized } from "~/models/course.server";
import { EnrolmentError, enrol, findEnrolment, getEnrolment, withdraw } from "~/models/enrolment.server";
import { catalogueOfferings, getOffering } from "~/models/offering.server";
import { getUser } from "~/utils/auth.server";
import { assertFound } from "~/utils/http.server";
import { getLocale } from "~/utils/i18n.server";
import { notifyPromoted } from "~/models/notifications.server";
import { summarizeOffering } from "~/models/offering-view.server";
import { learnerOutcomes } from "~/models/outcomes.server";
import { AssessmentResults } from "~/components/outcomes";
import { can, requirePermission } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.course.title }, { name: "description", content: data?.course.summary }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = getCourse(params.course ?? "");
  assertFound(found);
  const [locale, user] = await Promise.all([getLocale(request), getUser(request)]);
  const { course, lessons } = found;
  const offerings = (catalogueOfferings().get(course.id) ?? []).map((o) => {
    const full = getOffering(o.offering.id)!;
    const mine = user ? findEnrolment(o.offering.id, user.id) : null;
    return {
      ...summarizeOffering(o.offering, o.enrolled, o.waitlisted),
      trainers: full.trainers.map((t) => t.displayName),
      mine: mine && mine.status !== "withdrawn" ? { id: mine.id, status: mine.status } : null,
    };
  });
  return {
    signedIn: Boolean(user),
    course: {
      id: course.id,
      category: course.category,
      title: localized(course.title, locale),
      summary: localized(course.summary, locale),
      hours: course.hours,
      passMark: course.passMark,
      rhythm: course.rhythm,
      coIssuer: course.certificate.coIssuer ?? null,
      requireQuizzes: course.completion.requireQuizzes,
      requireExercises: course.completion.requireExercises,
    },
    offerings,
    outcomes: outcomesPanel(user, course),
    lessons: lessons.map((l) => ({
      slug: l.slug,
      title: localized(l.title, locale, course.fallbackLocale),
      summary: localized(l.summary, locale, course.fallbackLocale),
      duration: l.durationMinutes,
      inYourLanguage: l.locales.includes(locale),
    })),
  };
}

/** What the course page offers the learner around the lessons: the pre-test, the post-test, the survey, and their results. */
function outcomesPanel(user: User | null, course: Course) {
  const standing = user ? learnerOutcomes(user.id, course.id) : null;
  if (!standing) return null;
  const hasAssessment = Boolean(course.assessment);
  const { pre, post } = standing.results;
  return {
    results: hasAssessment ? { pre, post } : null,
    offerPre: hasAssessment && standing.active && !pre && !post,
    offerPost: hasAssessment && standing.active && standing.lessonsDone && !post,
    offerSurvey: Boolean(standing.enrolment.completedAt) && !standing.surveyAnswered,
    surveyAnswered: standing.surveyAnswered,
  };
}

const id = z.number({ required_error: "errors.required", invalid_type_error: "errors.invalid" }).int().positive().max(2_147_483_647);
// One schema for the page's two small forms; the intent picks the branch, and the action its handler.
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("enrol"), offeringId: id }),
  z.object({ intent: z.literal("withdraw"), enrolmentId: id }),
]);
type Submission = Awaited<ReturnType<typeof parseSubmission<typeof schema>>>["submission"];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, { action: "use:account" });
  const found = getCourse(params.course ?? "");
  assertFound(found);
  const { submission } = await parseSubmission(request, schema);
  if (submission.status !== "success") return rejectSubmission(submission, { formErrors: ["errors.invalid"] });
  switch (submission.value.intent) {
    case "enrol":
      return enrolAction(submission, user, found.course, submission.value.offeringId);
    case "withdraw":
      return withdrawAction(submission, user, found.course, submission.value.enrolmentId);
  }
}

function enrolAction(submission: Submission, user: User, course: Course, offeringId: number) {
  const offering = getOffering(offeringId);
  if (!offering || offering.offering.courseId !== course.id) return rejectSubmission(submission, { status: 404, formErrors: ["enrol.unknownOffering"] });
  try {
    const { outcome } = enrol(offering.offering.id, user.id);
    return redirect(`/courses/${course.id}?enrolment=${outcome}`);
  } catch (error) {
    if (!(error instanceof EnrolmentError)) throw error;
    const closed = error.reason === "closed";
    return rejectSubmission(submission, { status: closed ? 409 : 404, formErrors: [closed ? "enrol.closed" : "enrol.unknownOffering"] });
  }
}

async function withdrawAction(submission: Submission, user: User, course: Course, enrolmentId: number) {
  const enrolment = getEnrolment(enrolmentId);
  const offering = enrolment ? getOffering(enrolment.offeringId) : null;
  // Someone else's enrolment, or one of another course, gets the same answer as one that does not exist.
  if (
    !enrolment ||
    enrolment.status === "withdrawn" ||
    offering?.offering.courseId !== course.id ||
    !can(user, { action: "act-on:enrolment", ownerId: enrolment.userId })
  ) {
    return rejectSubmission(submission, { status: 404, formErrors: ["enrol.notYours"] });
  }
  const { promoted } = withdraw(enrolment.id);
  await notifyPromoted(promoted.map((p) => ({ userId: p.userId, offeringId: p.offeringId })));
  return redirect(`/courses/${course.id}?enrolment=withdrawn`);
}

/** A one-button form of the page (enrol, withdraw), under the form contract. */
function IntentForm({ formId, children }: { formId: string; children: ReactNode }) {
  const [form] = useSchemaForm(schema, undefined, formId);
  return (
    <Form method="post" {...getFormProps(form)}>
      {children}
    </Form>
  );
}

const OUTCOMES = ["enrolled", "waitlisted", "already-enrolled", "already-waitlisted", "withdrawn"] as const;

export default function CoursePage() {
  const { course, lessons, offerings, signedIn, outcomes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  // Only known outcomes are shown: the query string is the visitor's to edit.
  const outcome = OUTCOMES.find((o) => o === new URLSearchParams(location.search).get("enrolment"));
  const formError = actionData?.result.error?.[""]?.[0];
  const { t } = useTranslation();
  return (
    <article className="page" aria-labelledby="course-title">
      <p className="tag">{t(`courses.category.${course.category}`)}</p>
      <h1 id="course-title">{course.title}</h1>
      <p className="lead">{course.summary}</p>
      <p className="meta">
        {t("courses.lessonCount", { count: lessons.length })} · {t("courses.hours", { count: course.hours })} · {t(`courses.rhythm.${course.rhythm}`)}
      </p>
      {outcome ? <FormMessage tone="success">{t(`enrol.outcome.${outcome}`)}</FormMessage> : null}
      {formError ? <FormMessage>{t(formError)}</FormMessage> : null}
      {outcomes ? <OutcomesPanel courseId={course.id} firstLesson={lessons[0]?.slug ?? null} outcomes={outcomes} /> : null}

      <h2>{t("offerings.title")}</h2>
      {offerings.length === 0 ? <p className="empty">{t("courses.noOffering")}</p> : null}
      {offerings.map((o) => (
        <section key={o.id} className="card offering" aria-label={o.periodLabel}>
          <OfferingFacts offering={o} />
          {o.trainers.length ? (
            <p className="meta">
              {t("offerings.trainers")}:{" "}
              {o.trainers.map((name) => (
                <bdi key={name}>{name} </bdi>
              ))}
            </p>
          ) : null}
          {o.mine ? (
            <div className="actions">
              <p className="status-line">{t(o.mine.status === "enrolled" ? "enrol.youAreEnrolled" : "enrol.youAreWaitlisted")}</p>
              {o.mine.status === "enrolled" && lessons[0] ? (
                <Link to={`/courses/${course.id}/${lessons[0].slug}`} className="button">
                  {t("enrol.start")}
                </Link>
              ) : null}
              <IntentForm formId={`withdraw-form-${o.mine.id}`}>
                <input type="hidden" name="intent" value="withdraw" />
                <input type="hidden" name="enrolmentId" value={o.mine.id} />
                <button type="submit" className="button secondary small">
                  {t(o.mine.status === "enrolled" ? "enrol.withdraw" : "enrol.leaveWaitlist")}
                </button>
              </IntentForm>
            </div>
          ) : o.enrolmentOpen ? (
            signedIn ? (
              <IntentForm formId={`enrol-form-${o.id}`}>
                <input type="hidden" name="intent" value="enrol" />
                <input type="hidden" name="offeringId" value={o.id} />
                <button type="submit" className="button">
                  {o.enrolled < o.capacity ? t("enrol.enrol") : t("enrol.joinWaitlist")}
                </button>
              </IntentForm>
            ) : (
              <p>
                <Link to={`/login?redirectTo=/courses/${course.id}`} className="button">
                  {t("enrol.loginToEnrol")}
                </Link>
              </p>
            )
          ) : null}
        </section>
      ))}

      <h2>{t("courses.syllabus")}</h2>
      <ol className="syllabus">
        {lessons.map((l) => (
          <li key={l.slug}>
            <Link to={`/courses/${course.id}/${l.slug}`}>{l.title}</Link>
            <span className="meta"> · {t("courses.minutes", { count: l.duration })}</span>
            {!l.inYourLanguage ? <span className="meta"> · {t("courses.notInYourLanguage")}</span> : null}
            <p className="hint">{l.summary}</p>
          </li>
        ))}
      </ol>
      <h2>{t("courses.certificateTitle")}</h2>
      <ul>
        <li>{t("courses.certificate.lessons")}</li>
        {course.requireQuizzes ? <li>{t("courses.certificate.quizzes", { passMark: course.passMark })}</li> : null}
        {course.requireExercises ? <li>{t("courses.certificate.exercises")}</li> : null}
        <li>{course.coIssuer ? t("courses.certificate.coIssued") : t("courses.certificate.issued")}</li>
      </ul>
    </article>
  );
}

type Outcomes = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["outcomes"]>;

/** Calls to the tests and the survey: visible, never in the way (the lessons stay open whatever is answered). */
function OutcomesPanel({ courseId, firstLesson, outcomes }: { courseId: string; firstLesson: string | null; outcomes: Outcomes }) {
  const { t } = useTranslation();
  const hasResults = outcomes.results && (outcomes.results.pre || outcomes.results.post);
  if (!outcomes.offerPre && !outcomes.offerPost && !outcomes.offerSurvey && !hasResults && !outcomes.surveyAnswered) return null;
  return (
    <section id="outcomes" className="card outcomes" aria-labelledby="outcomes-title">
      <h2 id="outcomes-title">{t("outcomes.course.title")}</h2>
      {outcomes.offerPre ? (
        <div className="stack">
          <p>{t("outcomes.assessment.preCall")}</p>
          <p className="actions">
            <Link to={`/courses/${courseId}/assessment/pre`} className="button">
              {t("outcomes.assessment.takePre")}
            </Link>
            {firstLesson ? <Link to={`/courses/${courseId}/${firstLesson}`}>{t("outcomes.assessment.skip")}</Link> : null}
          </p>
        </div>
      ) : null}
      {hasResults ? <AssessmentResults results={outcomes.results!} /> : null}
      {outcomes.offerPost ? (
        <div className="stack">
          <p>{t("outcomes.assessment.postCall")}</p>
          <p>
            <Link to={`/courses/${courseId}/assessment/post`} className="button">
              {t("outcomes.assessment.takePost")}
            </Link>
          </p>
        </div>
      ) : null}
      {outcomes.offerSurvey ? (
        <div className="stack">
          <p>{t("outcomes.survey.call")}</p>
          <p>
            <Link to={`/courses/${courseId}/survey`} className="button">
              {t("outcomes.survey.open")}
            </Link>
          </p>
        </div>
      ) : outcomes.surveyAnswered ? (
        <p className="status-line">{t("outcomes.survey.thanks")}</p>
      ) : null}
    </section>
  );
}
