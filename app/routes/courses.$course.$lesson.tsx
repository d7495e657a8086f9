import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Course, Lesson, User } from "../../db/schema";
import { LessonBody } from "~/components/lesson";
import type { LessonRuntime, LessonSegment, RejectedSubmission } from "~/components/lesson/context";
import { afterCourseCompleted } from "~/models/course-completion.server";
import { getCourse, getLessonContent, lessonLocaleFor, localized } from "~/models/course.server";
import { activeEnrolmentForCourse } from "~/models/enrolment.server";
import { hasStarted } from "~/models/offering.server";
import {
  answersFromRecord,
  gradeQuiz,
  latestAttemptsOfLesson,
  markLessonComplete,
  progressByLesson,
  submitQuiz,
  type QuizAnswers,
} from "~/models/progress.server";
import { submissionsForLesson, submitExercise, type ExerciseRefusal } from "~/models/submission.server";
import { getUser } from "~/utils/auth.server";
import { assertFound } from "~/utils/http.server";
import { LOCALE_NAMES, formatDate, localeDir } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";
import type { QuizDefinition } from "~/models/course/analysis.server";
import { can, requirePermission } from "~/utils/permissions.server";
import { FORM_BODY_LIMIT, TOO_LARGE, fileField, readFormData, textField } from "~/utils/request-body.server";
import { MAX_UPLOAD_BYTES } from "~/utils/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} — ${data.course.title}` : undefined }];

function findLesson(params: { course?: string; lesson?: string }) {
  const found = getCourse(params.course ?? "");
  assertFound(found);
  const index = found.lessons.findIndex((l) => l.slug === params.lesson);
  assertFound(found.lessons[index]);
  return { ...found, lesson: found.lessons[index], index };
}

/** The learner's standing for this course: may they answer, and if not, why not. */
function learnerAccess(user: User | null, course: Course) {
  if (!user) return { enrolment: null, offering: null, lockedReason: "lesson.loginToAnswer", active: false };
  const found = activeEnrolmentForCourse(user.id, course.id);
  if (!found) return { enrolment: null, offering: null, lockedReason: "lesson.previewOnly", active: false };
  if (found.enrolment.status === "waitlisted") return { ...found, lockedReason: "lesson.waitlisted", active: false };
  if (!hasStarted(found.offering)) return { ...found, lockedReason: "lesson.notStarted", active: false };
  return { ...found, lockedReason: null, active: true };
}

async function contentFor(course: Course, lesson: Lesson, _lessons: Lesson[], request: Request) {
  const locale = await getLocale(request);
  const lessonLocale = lessonLocaleFor(lesson, course, locale);
  const content = getLessonContent(lesson, lessonLocale);
  // This version has no stored HTML (never built by this compiler): the course's fallback version, with its notice.
  if (!content.rendered?.length && lessonLocale !== course.fallbackLocale && lesson.locales.includes(course.fallbackLocale)) {
    const fallback = getLessonContent(lesson, course.fallbackLocale);
    if (fallback.rendered?.length) return { locale, lessonLocale: course.fallbackLocale, content: fallback };
  }
  return { locale, lessonLocale, content };
}

// A read: what the learner did is recorded by the actions below, never by opening the page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, lessons, lesson, index } = findLesson(params);
  const user = await getUser(request);
  const { locale, lessonLocale, content } = await contentFor(course, lesson, lessons, request);
  const access = learnerAccess(user, course);
  const enrolmentId = access.active ? access.enrolment!.id : null;

  const quizFeedback: LessonRuntime["quizFeedback"] = [];
  const exercises: LessonRuntime["exercises"] = [];
  let progress: Map<number, { completedAt: Date | null }> = new Map();
  if (access.enrolment) {
    progress = progressByLesson(access.enrolment.id);
    const attempts = latestAttemptsOfLesson(access.enrolment.id, lesson.id);
    for (const quiz of content.quizzes) {
      const attempt = attempts.get(quiz.id);
      const graded = attempt ? gradeQuiz(quiz, answersFromRecord(attempt.answers)) : null;
      // Answers reach the browser only once the learner has submitted this quiz.
      if (attempt && graded?.ok)
        quizFeedback.push({ quizId: quiz.id, score: attempt.score, passed: attempt.passed, passMark: attempt.passMark, questions: graded.questions });
    }
    for (const s of submissionsForLesson(access.enrolment.id, lesson.id)) {
      exercises.push({ id: s.exerciseId, status: s.status, answer: s.answer, feedback: s.feedback, fileName: s.fileName });
    }
  }
  const runtime: LessonRuntime = {
    formAction: enrolmentId ? `/courses/${course.id}/${lesson.slug}` : null,
    quizFeedback,
    exercises,
    lockedReason: access.lockedReason,
    rejected: null,
    shuffleSeed: user ? `learner-${user.id}` : "",
  };
  // The stored HTML for the reader's interface language (labels such as "Tip" follow it), else any stored one.
  const rendered = content.rendered ?? [];
  const segments = (rendered.find((r) => r.ui === locale) ?? rendered[0])?.segments as LessonSegment[] | undefined;
  const neighbour = (i: number) => {
    const l = lessons[i];
    return l ? { slug: l.slug, title: localized(l.title, locale, course.fallbackLocale) } : null;
  };
  return data(
    {
      title: content.frontmatter?.title ?? localized(lesson.title, locale, course.fallbackLocale),
      course: { id: course.id, title: localized(course.title, locale) },
      lesson: { slug: lesson.slug, position: index + 1, total: lessons.length, completed: Boolean(progress.get(lesson.id)?.completedAt) },
      outline: access.enrolment
        ? lessons.map((l) => ({ slug: l.slug, title: localized(l.title, locale, course.fallbackLocale), completed: Boolean(progress.get(l.id)?.completedAt) }))
        : null,
      enrolled: Boolean(enrolmentId),
      startsAt: access.offering && !enrolmentId ? access.offering.startsAt.getTime() : null,
      lessonLocale,
      fallbackFrom: lessonLocale !== locale ? locale : null,
      frontmatter: content.frontmatter,
      segments: segments ?? null,
      error: can(user, { action: "see:lesson-errors" }) ? content.error : null,
      runtime,
      previous: neighbour(index - 1),
      next: neighbour(index + 1),
    },
    { status: segments ? 200 : 503, headers: { "Cache-Control": "private, no-cache" } },
  );
}

// ---------- Actions: plain forms that work without JavaScript ----------

/** What a refused action answers: a translated reason, and for a quiz or an exercise what the learner sent, to give it back. */
type Refusal = { error: string; rejected: RejectedSubmission | null };
const refuse = (status: number, error: string, rejected: RejectedSubmission | null = null) => data<Refusal>({ error, rejected }, { status });

const idSchema = z.string().min(1).max(100);
const quizSchema = z.object({ quizId: idSchema });
const exerciseSchema = z.object({ exerciseId: idSchema, answer: z.string().nullable() });

type Context = { enrolmentId: number; course: Course; lessons: Lesson[]; lesson: Lesson; here: string; request: Request };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, { action: "use:account" });
  const { course, lessons, lesson } = findLesson(params);
  const access = learnerAccess(user, course);
  if (!access.active) return refuse(403, access.lockedReason ?? "lesson.previewOnly");
  const form = await readFormData(request, { uploads: true });
  const context: Context = { enrolmentId: access.enrolment!.id, course, lessons, lesson, here: `/courses/${course.id}/${lesson.slug}`, request };
  switch (textField(form, "intent")) {
    case "complete":
      return completeAction(context);
    case "quiz":
      return quizAction(form, context);
    case "exercise":
      return exerciseAction(form, context);
    default:
      return refuse(400, "errors.invalid");
  }
}

function completeAction({ enrolmentId, lesson, here }: Context) {
  if (markLessonComplete(enrolmentId, lesson.id).courseCompleted) afterCourseCompleted(enrolmentId);
  // Back where the learner was: beside "next lesson".
  return redirect(`${here}#${LESSON_END}`);
}

/** `answer.<question id>` fields, into a Map; anything that is not a text value makes the form a tampered one. */
function readAnswers(form: FormData): QuizAnswers | null {
  const answers: QuizAnswers = new Map();
  for (const [key, value] of form) {
    if (!key.startsWith("answer.")) continue;
    if (typeof value !== "string") return null;
    const questionId = key.slice("answer.".length);
    const chosen = answers.get(questionId);
    if (chosen) chosen.push(value);
    else answers.set(questionId, [value]);
  }
  return answers;
}

/** What the learner ticked that belongs to this quiz: given back with a refusal, so nothing has to be ticked again. */
function knownAnswers(quiz: QuizDefinition, answers: QuizAnswers | null): [string, string[]][] {
  return quiz.questions.map((q) => [q.id, (answers?.get(q.id) ?? []).filter((id) => q.options.some((o) => o.id === id))]);
}

async function quizAction(form: FormData, { enrolmentId, course, lessons, lesson, here, request }: Context) {
  const parsed = quizSchema.safeParse({ quizId: textField(form, "quizId") });
  if (!parsed.success) return refuse(400, "lesson.quiz.tampered");
  const { content } = await contentFor(course, lesson, lessons, request);
  const quiz = content.quizzes.find((q) => q.id === parsed.data.quizId);
  if (!quiz) return refuse(400, "lesson.quiz.tampered");
  const answers = readAnswers(form);
  const rejected = (error: string) => refuse(400, error, { kind: "quiz", id: quiz.id, error, answers: knownAnswers(quiz, answers) });
  if (!answers) return rejected("lesson.quiz.tampered");
  const outcome = submitQuiz({ enrolmentId, lessonId: lesson.id, lessonQuizzes: content.quizzes, quizId: quiz.id, answers, coursePassMark: course.passMark });
  if (!outcome.ok) return rejected(outcome.reason === "incomplete" ? "lesson.quiz.incomplete" : "lesson.quiz.tampered");
  if (outcome.courseCompleted) afterCourseCompleted(enrolmentId);
  return redirect(`${here}#quiz-${encodeURIComponent(quiz.id)}`);
}

const exerciseRefusals: Record<ExerciseRefusal, { status: number; error: string }> = {
  "unknown-exercise": { status: 400, error: "lesson.exercise.unknown" },
  "answer-required": { status: 400, error: "lesson.exercise.answerRequired" },
  "answer-too-long": { status: 400, error: "lesson.exercise.answerTooLong" },
  "file-too-large": { status: 413, error: "lesson.exercise.fileTooLarge" },
  "file-type": { status: 415, error: "lesson.exercise.fileType" },
  "already-accepted": { status: 409, error: "lesson.exercise.alreadyAccepted" },
};

async function exerciseAction(form: FormData, { enrolmentId, course, lessons, lesson, here, request }: Context) {
  const parsed = exerciseSchema.safeParse({ exerciseId: textField(form, "exerciseId"), answer: textField(form, "answer") });
  if (!parsed.success) return refuse(400, "errors.invalid");
  const { exerciseId } = parsed.data;
  const answer = parsed.data.answer ?? "";
  const { content } = await contentFor(course, lesson, lessons, request);
  const known = content.exercises.some((e) => e.id === exerciseId);
  const rejected = ({ status, error }: { status: number; error: string }) =>
    refuse(status, error, known ? { kind: "exercise", id: exerciseId, error, answer: answer.slice(0, FORM_BODY_LIMIT) } : null);
  const file = fileField(form, "file", MAX_UPLOAD_BYTES);
  if (file === TOO_LARGE) return rejected(exerciseRefusals["file-too-large"]);
  const outcome = await submitExercise({ enrolmentId, lessonId: lesson.id, lessonExerciseIds: content.exercises.map((e) => e.id), exerciseId, answer, file });
  if (!outcome.ok) return rejected(exerciseRefusals[outcome.reason]);
  return redirect(`${here}#exercise-${encodeURIComponent(exerciseId)}`);
}

const LESSON_END = "lesson-end";

function MarkComplete({ completed, action }: { completed: boolean; action: string }) {
  const { t } = useTranslation();
  if (completed)
    return (
      <p className="lesson-done" role="status">
        ✓ {t("lesson.completed")}
      </p>
    );
  return (
    <form method="post" action={`${action}#${LESSON_END}`} className="mark-complete">
      <input type="hidden" name="intent" value="complete" />
      <button type="submit" className="button">
        {t("lesson.markComplete")}
      </button>
    </form>
  );
}

// Element Timing: lets a benchmark (bench/weight.ts) see when the lesson title is painted; React has no typing for it.
const HEADING_TIMING = { elementtiming: "lesson-title" } as Record<string, string>;

export default function LessonPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  return (
    <article className="page lesson" aria-labelledby="lesson-title">
      <nav aria-label={t("lesson.breadcrumb")} className="breadcrumb">
        <Link to={`/courses/${d.course.id}`}>{d.course.title}</Link> · {t("lesson.position", { position: d.lesson.position, total: d.lesson.total })}
      </nav>
      {d.error ? (
        <div className="notice error" role="alert">
          <p>
            <strong>{t("lesson.compileError")}</strong>
          </p>
          <pre dir="ltr" className="compile-error">
            {d.error}
          </pre>
        </div>
      ) : null}
      {actionData?.error && !actionData.rejected ? (
        <p className="notice error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      {d.startsAt ? (
        <p className="notice">{t("lesson.startsOn", { date: formatDate(d.startsAt, i18n.language, { dateStyle: "long", timeZone: "UTC" }) })}</p>
      ) : null}
      {d.fallbackFrom ? (
        <p className="notice fallback-note" role="note">
          {t("lesson.fallbackNote", { language: LOCALE_NAMES[d.lessonLocale] })}
        </p>
      ) : null}
      <div className="lesson-layout">
        {d.outline ? (
          <nav aria-label={t("lesson.outline")} className="outline">
            {/* Closed by default so that on a phone the lesson comes first; /enhance.js opens it on wide screens. */}
            <details className="outline-details">
              <summary>{t("lesson.outline")}</summary>
              <ol>
                {d.outline.map((l) => (
                  <li key={l.slug} className={l.completed ? "done" : undefined} aria-current={l.slug === d.lesson.slug ? "page" : undefined}>
                    <Link to={`/courses/${d.course.id}/${l.slug}`}>
                      <span aria-hidden="true">{l.completed ? "✓ " : ""}</span>
                      {l.title}
                      {l.completed ? <span className="visually-hidden"> ({t("lesson.completed")})</span> : null}
                    </Link>
                  </li>
                ))}
              </ol>
            </details>
          </nav>
        ) : null}
        <div className="lesson-body" lang={d.lessonLocale} dir={localeDir(d.lessonLocale)}>
          <header className="lesson-header">
            <h1 id="lesson-title" {...HEADING_TIMING}>
              {d.title}
            </h1>
            {d.frontmatter ? (
              <>
                <p className="lead">{d.frontmatter.summary}</p>
                <details className="objectives" open>
                  <summary lang={i18n.language} dir={localeDir(i18n.language)}>
                    {t("lesson.objectives")} · {t("courses.minutes", { count: d.frontmatter.duration })}
                  </summary>
                  <ul>
                    {d.frontmatter.objectives.map((o) => (
                      <li key={o}>{o}</li>
                    ))}
                  </ul>
                </details>
              </>
            ) : null}
          </header>
          {d.segments ? (
            <LessonBody segments={d.segments} runtime={actionData?.rejected ? { ...d.runtime, rejected: actionData.rejected } : d.runtime} />
          ) : (
            <p className="notice error">{t("lesson.unavailable")}</p>
          )}
        </div>
      </div>
      <div id={LESSON_END} className="lesson-end">
        {d.enrolled ? <MarkComplete completed={d.lesson.completed} action={`/courses/${d.course.id}/${d.lesson.slug}`} /> : null}
        <nav aria-label={t("lesson.pager")} className="pager">
          {d.previous ? (
            <Link to={`/courses/${d.course.id}/${d.previous.slug}`} rel="prev" className="pager-prev">
              <span className="flip" aria-hidden="true">
                →
              </span>{" "}
              {d.previous.title}
            </Link>
          ) : (
            <span />
          )}
          {d.next ? (
            <Link to={`/courses/${d.course.id}/${d.next.slug}`} rel="next" className="pager-next">
              {d.next.title}{" "}
              <span className="flip" aria-hidden="true">
                ←
              </span>
            </Link>
          ) : (
            <Link to="/learn">{t("lesson.backToDashboard")}</Link>
          )}
        </nav>
      </div>
    </article>
  );
}
