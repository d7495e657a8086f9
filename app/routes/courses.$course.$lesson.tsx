import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { TOO_LARGE, fileField, readFormData } from "~/utils/request-body.server";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Course, Lesson, User } from "../../db/schema";
import { LessonBody } from "~/components/lesson";
import { LessonRuntimeContext, type LessonRuntime, type QuizFeedback } from "~/components/lesson/context";
import { getCourse, getLessonContent, lessonLocaleFor, localized } from "~/models/course.server";
import { activeEnrolmentForCourse } from "~/models/enrolment.server";
import { hasStarted } from "~/models/offering.server";
import { gradeQuiz, latestAttempt, markLessonComplete, markLessonOpened, progressByLesson, recordQuizAttempt } from "~/models/progress.server";
import { submissionsForLesson, submitExercise } from "~/models/submission.server";
import { getUser } from "~/utils/auth.server";
import { requireUser } from "~/utils/permissions.server";
import { assertFound } from "~/utils/http.server";
import { LOCALE_NAMES, formatDate, localeDir } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";
import { MAX_UPLOAD_BYTES, UPLOAD_TYPES, cleanFileName, detectUploadKind, extensionOf, saveUpload } from "~/utils/uploads.server";

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

async function contentFor(course: Course, lesson: Lesson, lessons: Lesson[], request: Request) {
  const locale = await getLocale(request);
  const lessonLocale = lessonLocaleFor(lesson, course, locale);
  const content = await getLessonContent(course, lesson, lessonLocale, { courseLessonFolders: lessons.map((l) => l.folder) });
  return { locale, lessonLocale, content };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, lessons, lesson, index } = findLesson(params);
  const user = await getUser(request);
  const { locale, lessonLocale, content } = await contentFor(course, lesson, lessons, request);
  const access = learnerAccess(user, course);
  const enrolmentId = access.active ? access.enrolment!.id : null;

  const quizFeedback: Record<string, QuizFeedback> = {};
  const exercises: LessonRuntime["exercises"] = {};
  let progress: Map<number, { completedAt: Date | null }> = new Map();
  if (access.enrolment) {
    progress = progressByLesson(access.enrolment.id);
    if (enrolmentId) markLessonOpened(enrolmentId, lesson.id, { opened: progress.has(lesson.id), lastActivityAt: access.enrolment.lastActivityAt });
    for (const quiz of content.quizzes) {
      const attempt = latestAttempt(access.enrolment.id, lesson.id, quiz.id);
      const graded = attempt ? gradeQuiz(quiz, attempt.answers) : null;
      // Answers reach the browser only once the learner has submitted this quiz.
      if (attempt && graded?.ok) quizFeedback[quiz.id] = { quizId: quiz.id, score: attempt.score, passed: attempt.passed, passMark: attempt.passMark, questions: graded.questions };
    }
    for (const s of submissionsForLesson(access.enrolment.id, lesson.id)) {
      exercises[s.exerciseId] = { id: s.exerciseId, status: s.status, answer: s.answer, feedback: s.feedback, fileName: s.fileName };
    }
  }
  const runtime: LessonRuntime = {
    formAction: enrolmentId ? `/courses/${course.id}/${lesson.slug}` : null,
    quizFeedback,
    exercises,
    lockedReason: access.lockedReason,
  };
  const canSeeErrors = user?.role === "trainer" || user?.role === "admin";
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
      code: content.code,
      error: canSeeErrors ? content.error : null,
      runtime,
      previous: neighbour(index - 1),
      next: neighbour(index + 1),
    },
    { status: content.code ? 200 : 503, headers: { "Cache-Control": "private, no-cache" } },
  );
}

const quizIdSchema = z.string().min(1).max(100);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { course, lessons, lesson } = findLesson(params);
  const access = learnerAccess(user, course);
  const here = `/courses/${course.id}/${lesson.slug}`;
  if (!access.active) return data({ error: access.lockedReason ?? "lesson.previewOnly", values: null }, { status: 403 });
  const enrolmentId = access.enrolment!.id;
  const form = await readFormData(request, { uploads: true });
  const intent = form.get("intent");

  if (intent === "complete") {
    markLessonComplete(enrolmentId, lesson.id);
    return redirect(here);
  }

  if (intent === "quiz") {
    const quizId = quizIdSchema.safeParse(form.get("quizId"));
    const { content } = await contentFor(course, lesson, lessons, request);
    const quiz = quizId.success ? content.quizzes.find((q) => q.id === quizId.data) : undefined;
    if (!quiz) return data({ error: "lesson.quiz.tampered", values: null }, { status: 400 });
    const answers: Record<string, string[]> = {};
    for (const [key, value] of form) {
      if (!key.startsWith("answer.") || typeof value !== "string") continue;
      (answers[key.slice(7)] ??= []).push(value);
    }
    const graded = gradeQuiz(quiz, answers);
    if (!graded.ok) return data({ error: graded.reason === "tampered" ? "lesson.quiz.tampered" : "lesson.quiz.incomplete", values: null }, { status: 400 });
    const passMark = quiz.passMark ?? course.passMark;
    recordQuizAttempt({ enrolmentId, lessonId: lesson.id, quizId: quiz.id, answers, score: graded.score, passMark });
    // Passing every quiz of a lesson completes it.
    const allPassed = content.quizzes.every((q) => {
      const attempt = latestAttempt(enrolmentId, lesson.id, q.id);
      return attempt?.passed;
    });
    if (allPassed) markLessonComplete(enrolmentId, lesson.id);
    return redirect(`${here}#quiz-${quiz.id}`);
  }

  if (intent === "exercise") {
    const exerciseId = String(form.get("exerciseId") ?? "");
    const { content } = await contentFor(course, lesson, lessons, request);
    if (!content.exercises.some((e) => e.id === exerciseId)) return data({ error: "lesson.exercise.unknown", values: null }, { status: 400 });
    const rawAnswer = form.get("answer");
    const answer = typeof rawAnswer === "string" ? rawAnswer.replace(/\r\n/g, "\n").trim() : "";
    const values = { exerciseId, answer };
    if (answer.length > 20_000) return data({ error: "lesson.exercise.answerTooLong", values }, { status: 400 });
    if (!answer) return data({ error: "lesson.exercise.answerRequired", values }, { status: 400 });
    const file = fileField(form, "file", MAX_UPLOAD_BYTES);
    let stored: { name: string; key: string; type: string; size: number } | null = null;
    if (file === TOO_LARGE) return data({ error: "lesson.exercise.fileTooLarge", values }, { status: 413 });
    if (file) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const kind = await detectUploadKind(bytes);
      if (!kind || kind !== extensionOf(file.name)) return data({ error: "lesson.exercise.fileType", values }, { status: 415 });
      stored = { name: cleanFileName(file.name), key: saveUpload(bytes, kind), type: UPLOAD_TYPES[kind], size: bytes.byteLength };
    }
    const saved = submitExercise({ enrolmentId, lessonId: lesson.id, exerciseId, answer, file: stored });
    if (!saved) return data({ error: "lesson.exercise.alreadyAccepted", values }, { status: 409 });
    return redirect(`${here}#exercise-${exerciseId}`);
  }
  return data({ error: "errors.invalid", values: null }, { status: 400 });
}

function MarkComplete({ completed, action }: { completed: boolean; action: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher();
  // Optimistic: the mark flips as soon as the learner clicks; the server confirms on revalidation.
  const done = completed || fetcher.formData?.get("intent") === "complete";
  if (done) return <p className="lesson-done" role="status">✓ {t("lesson.completed")}</p>;
  return (
    <fetcher.Form method="post" action={action} className="mark-complete">
      <input type="hidden" name="intent" value="complete" />
      <button type="submit" className="button">
        {t("lesson.markComplete")}
      </button>
    </fetcher.Form>
  );
}

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
      {actionData?.error ? (
        <p className="notice error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      {d.startsAt ? <p className="notice">{t("lesson.startsOn", { date: formatDate(d.startsAt, i18n.language, { dateStyle: "long", timeZone: "UTC" }) })}</p> : null}
      {d.fallbackFrom ? (
        <p className="notice fallback-note" role="note">
          {t("lesson.fallbackNote", { language: LOCALE_NAMES[d.lessonLocale] })}
        </p>
      ) : null}
      <div className="lesson-layout">
        {d.outline ? (
          <nav aria-label={t("lesson.outline")} className="outline">
            <details open>
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
            <h1 id="lesson-title">{d.title}</h1>
            {d.frontmatter ? (
              <>
                <p className="lead">{d.frontmatter.summary}</p>
                <details className="objectives" open>
                  <summary>
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
          {d.code ? (
            <LessonRuntimeContext.Provider value={actionData?.values ? { ...d.runtime, exercises: { ...d.runtime.exercises, [actionData.values.exerciseId]: { id: actionData.values.exerciseId, status: d.runtime.exercises[actionData.values.exerciseId]?.status ?? "none", answer: actionData.values.answer } } } : d.runtime}>
              <LessonBody code={d.code} />
            </LessonRuntimeContext.Provider>
          ) : (
            <p className="notice error">{t("lesson.unavailable")}</p>
          )}
        </div>
      </div>
      {d.enrolled ? <MarkComplete completed={d.lesson.completed} action={`/courses/${d.course.id}/${d.lesson.slug}`} /> : null}
      <nav aria-label={t("lesson.pager")} className="pager">
        {d.previous ? (
          <Link to={`/courses/${d.course.id}/${d.previous.slug}`} rel="prev" className="pager-prev">
            <span className="flip" aria-hidden="true">→</span> {d.previous.title}
          </Link>
        ) : (
          <span />
        )}
        {d.next ? (
          <Link to={`/courses/${d.course.id}/${d.next.slug}`} rel="next" className="pager-next">
            {d.next.title} <span className="flip" aria-hidden="true">←</span>
          </Link>
        ) : (
          <Link to="/learn">{t("lesson.backToDashboard")}</Link>
        )}
      </nav>
    </article>
  );
}
