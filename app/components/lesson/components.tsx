import { Form, useNavigation } from "@remix-run/react";
import { useContext, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "~/utils/i18n";
import { Ltr } from "~/components/ltr";
import { QuestionContext, QuizContext, exerciseStateOf, quizFeedbackOf, rejectedFor, useLessonRuntime } from "./context";
import { MAX_ANSWER_LENGTH } from "./specs";

export function formatBytes(bytes: number, locale: string) {
  if (bytes < 1024 * 1024) return formatNumber(Math.max(1, Math.round(bytes / 1024)), locale, { style: "unit", unit: "kilobyte" });
  return formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10, locale, { style: "unit", unit: "megabyte" });
}

export function Callout({ type, title, children }: { type: "tip" | "warning" | "example"; title?: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <aside className={`callout callout-${type}`} aria-label={t(`lesson.callout.${type}`)}>
      <p className="callout-label">
        <span className="callout-kind">{t(`lesson.callout.${type}`)}</span>
        {title ? <strong>{title}</strong> : null}
      </p>
      {children}
    </aside>
  );
}

export function Quiz({ id, children }: { id: string; passMark?: number; children?: ReactNode }) {
  const { t } = useTranslation();
  const runtime = useLessonRuntime();
  const navigation = useNavigation();
  const feedback = quizFeedbackOf(runtime, id);
  const rejected = rejectedFor(runtime, "quiz", id);
  const errorId = `quiz-${id}-error`;
  return (
    <QuizContext.Provider value={{ quizId: id }}>
      <section className="quiz" aria-labelledby={`quiz-${id}-title`} id={`quiz-${id}`}>
        <h2 id={`quiz-${id}-title`}>{t("lesson.quiz.title")}</h2>
        {rejected ? (
          <p className="notice error" role="alert" id={errorId}>
            {t(rejected.error)}
          </p>
        ) : feedback ? (
          <p className={`notice ${feedback.passed ? "success" : "error"}`} role="status">
            {t(feedback.passed ? "lesson.quiz.passed" : "lesson.quiz.failed", { score: feedback.score, passMark: feedback.passMark })}
          </p>
        ) : null}
        <Form method="post" action={runtime.formAction ?? undefined} preventScrollReset aria-describedby={rejected ? errorId : undefined}>
          <input type="hidden" name="intent" value="quiz" />
          <input type="hidden" name="quizId" value={id} />
          {children}
          {runtime.formAction ? (
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t(feedback ? "lesson.quiz.retry" : "lesson.quiz.submit")}
            </button>
          ) : (
            <p className="hint">{t(runtime.lockedReason ?? "lesson.previewOnly")}</p>
          )}
        </Form>
      </section>
    </QuizContext.Provider>
  );
}

export function Question({ id, prompt, multiple, children }: { id: string; prompt: string; multiple?: boolean; children?: ReactNode }) {
  const { t } = useTranslation();
  const quiz = useContext(QuizContext);
  const runtime = useLessonRuntime();
  // After a refused submission the page shows what was ticked, not the previous attempt's marks.
  const result = quiz && !rejectedFor(runtime, "quiz", quiz.quizId) ? quizFeedbackOf(runtime, quiz.quizId)?.questions.find((q) => q.id === id) : undefined;
  return (
    <QuestionContext.Provider value={{ quizId: quiz?.quizId ?? "", questionId: id, multiple: Boolean(multiple) }}>
      <fieldset className={`question${result ? (result.correct ? " is-correct" : " is-wrong") : ""}`}>
        <legend>
          {prompt}
          {multiple ? <span className="hint"> {t("lesson.quiz.multiple")}</span> : null}
        </legend>
        {result ? <p className="question-result">{t(result.correct ? "lesson.quiz.questionRight" : "lesson.quiz.questionWrong")}</p> : null}
        <ul className="options">{children}</ul>
      </fieldset>
    </QuestionContext.Provider>
  );
}

export function Option({ id, children }: { id: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const question = useContext(QuestionContext);
  const runtime = useLessonRuntime();
  if (!question) return null;
  const rejected = rejectedFor(runtime, "quiz", question.quizId);
  const result = rejected ? undefined : quizFeedbackOf(runtime, question.quizId)?.questions.find((q) => q.id === question.questionId);
  const detail = result?.options.find((o) => o.id === id);
  const chosen = rejected ? Boolean(rejected.answers.find(([q]) => q === question.questionId)?.[1].includes(id)) : result?.chosen.includes(id);
  const inputId = `${question.quizId}-${question.questionId}-${id}`;
  return (
    <li className={detail ? (detail.correct ? "option is-correct" : chosen ? "option is-wrong" : "option") : "option"}>
      <input
        id={inputId}
        type={question.multiple ? "checkbox" : "radio"}
        name={`answer.${question.questionId}`}
        value={id}
        defaultChecked={chosen}
        disabled={!runtime.formAction}
      />
      <label htmlFor={inputId}>{children}</label>
      {detail ? (
        <p className="explanation">
          <strong>{t(detail.correct ? "lesson.quiz.correctOption" : "lesson.quiz.wrongOption")}</strong> {detail.explanation}
        </p>
      ) : null}
    </li>
  );
}

export function Exercise({ id, title, children }: { id: string; title: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const runtime = useLessonRuntime();
  const state = exerciseStateOf(runtime, id);
  const rejected = rejectedFor(runtime, "exercise", id);
  const navigation = useNavigation();
  const errorId = `answer-${id}-error`;
  return (
    <section className="exercise" aria-labelledby={`exercise-${id}-title`} id={`exercise-${id}`}>
      <h2 id={`exercise-${id}-title`}>
        <span className="exercise-kind">{t("lesson.exercise.title")}</span> {title}
      </h2>
      {children}
      {state && state.status !== "none" ? (
        <p className={`notice ${state.status === "accepted" ? "success" : state.status === "changes_requested" ? "error" : ""}`} role="status">
          {t(`lesson.exercise.status.${state.status}`)}
          {state.fileName ? (
            <>
              <br />
              {t("lesson.exercise.attached")} <Ltr>{state.fileName}</Ltr>
            </>
          ) : null}
          {state.feedback ? (
            <>
              <br />
              <strong>{t("lesson.exercise.trainerFeedback")}</strong> <bdi className="learner-text">{state.feedback}</bdi>
            </>
          ) : null}
        </p>
      ) : null}
      {runtime.formAction && state?.status !== "accepted" ? (
        <Form method="post" action={runtime.formAction} encType="multipart/form-data" className="stack" preventScrollReset>
          <input type="hidden" name="intent" value="exercise" />
          <input type="hidden" name="exerciseId" value={id} />
          {rejected ? (
            <p className="notice error" role="alert" id={errorId}>
              {t(rejected.error)}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor={`answer-${id}`}>{t("lesson.exercise.answer")}</label>
            <textarea
              id={`answer-${id}`}
              name="answer"
              rows={8}
              required
              maxLength={MAX_ANSWER_LENGTH}
              defaultValue={rejected ? rejected.answer : (state?.answer ?? "")}
              key={rejected ? `rejected-${rejected.error}` : "saved"}
              aria-invalid={rejected ? true : undefined}
              aria-describedby={rejected ? errorId : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={`file-${id}`}>{t("lesson.exercise.file")}</label>
            <p className="hint" id={`file-${id}-hint`}>
              {t("lesson.exercise.fileHint")}
            </p>
            <input id={`file-${id}`} type="file" name="file" accept=".pdf,.docx,.xlsx,.odt,.png,.jpg,.jpeg" aria-describedby={`file-${id}-hint`} />
          </div>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t(state && state.status !== "none" ? "lesson.exercise.resubmit" : "lesson.exercise.submit")}
          </button>
        </Form>
      ) : !runtime.formAction ? (
        <p className="hint">{t(runtime.lockedReason ?? "lesson.previewOnly")}</p>
      ) : null}
    </section>
  );
}

export function Video({ title, poster, duration, src, srcSize, youtube }: { title: string; poster: string; duration: number; src?: string; srcSize?: string; youtube?: string }) {
  const { t, i18n } = useTranslation();
  const [playing, setPlaying] = useState(false);
  const minutes = Math.floor(duration / 60);
  const seconds = String(duration % 60).padStart(2, "0");
  const youtubeUrl = youtube ? `https://www.youtube-nocookie.com/embed/${youtube}?autoplay=1` : null;
  return (
    <figure className="video">
      {playing ? (
        youtubeUrl ? (
          <iframe src={youtubeUrl} title={title} allow="autoplay; encrypted-media; picture-in-picture" allowFullScreen loading="lazy" width={640} height={360} />
        ) : (
          <video src={src} controls autoPlay preload="none" width={640} height={360} poster={poster} />
        )
      ) : (
        <button type="button" className="video-poster" onClick={() => setPlaying(true)} aria-label={t("lesson.video.play", { title })}>
          <img src={poster} alt="" loading="lazy" decoding="async" width={640} height={360} />
          <span className="video-play" aria-hidden="true">▶</span>
        </button>
      )}
      <figcaption>
        <bdi>{title}</bdi> · <Ltr>{minutes}:{seconds}</Ltr>
        {src ? (
          <>
            {" · "}
            <a href={src} download>
              {t("lesson.video.download")}
              {srcSize ? ` (${formatBytes(Number(srcSize), i18n.language)})` : ""}
            </a>
          </>
        ) : null}
        {youtubeUrl && !playing ? (
          <>
            {" · "}
            <a href={youtubeUrl} rel="noopener noreferrer" target="_blank">
              {t("lesson.video.openYoutube")}
            </a>
          </>
        ) : null}
      </figcaption>
    </figure>
  );
}

export function Download({ file, fileSize, title }: { file: string; fileSize?: string; title: string }) {
  const { t, i18n } = useTranslation();
  const extension = /\.([a-z0-9]+)(?:\?|$)/i.exec(file)?.[1]?.toUpperCase();
  return (
    <p className="download">
      <a href={file} download>
        <span aria-hidden="true">⬇ </span>
        {title}
      </a>{" "}
      <span className="hint">
        ({[extension, fileSize ? formatBytes(Number(fileSize), i18n.language) : null].filter(Boolean).join(", ")}) {t("lesson.download.hint")}
      </span>
    </p>
  );
}

export function Figure({ src, alt, width, height, caption }: { src: string; alt: string; width: number; height: number; caption?: string }) {
  return (
    <figure className="figure">
      <img src={src} alt={alt} width={width} height={height} loading="lazy" decoding="async" />
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  );
}

export function Steps({ children }: { children?: ReactNode }) {
  return <div className="lesson-steps">{children}</div>;
}

export function Checklist({ children }: { children?: ReactNode }) {
  return <div className="lesson-checklist">{children}</div>;
}
