import { useContext, type ComponentProps, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber, localeDir } from "~/utils/i18n";
import { Ltr } from "~/components/ltr";
import {
  CompileContext,
  QuestionContext,
  QuizContext,
  exerciseStateOf,
  quizFeedbackOf,
  rejectedFor,
  type ExerciseView,
  type LessonRuntime,
  type QuizView,
} from "./context";
import { MAX_ANSWER_LENGTH } from "./specs";
import { safeFileHref, safeImageSrc, safeLinkHref } from "./safe-url";

export function formatBytes(bytes: number, locale: string) {
  if (bytes < 1024 * 1024) return formatNumber(Math.max(1, Math.round(bytes / 1024)), locale, { style: "unit", unit: "kilobyte" });
  return formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10, locale, { style: "unit", unit: "megabyte" });
}

/** An interface label inside a lesson: in the interface's language and direction, not the lesson's. */
function useUi() {
  const { t, i18n } = useTranslation();
  return { t, lang: i18n.language, dir: localeDir(i18n.language) };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "tamkeen-quiz": { "data-n": number; children?: ReactNode };
      "tamkeen-option": { "data-q": string; "data-n": number; children?: ReactNode };
      "tamkeen-exercise": { "data-n": number; children?: ReactNode };
    }
  }
}

// ---------- Rendered once per lesson version, at compile time (no learner state here) ----------

export function Callout({ type, title, children }: { type: "tip" | "warning" | "example"; title?: string; children?: ReactNode }) {
  const { t, lang, dir } = useUi();
  return (
    <aside className={`callout callout-${type}`} aria-label={t(`lesson.callout.${type}`)}>
      <p className="callout-label">
        <span className="callout-kind" lang={lang} dir={dir}>
          {t(`lesson.callout.${type}`)}
        </span>
        {title ? <strong>{title}</strong> : null}
      </p>
      {children}
    </aside>
  );
}

// Quiz, Question, Option and Exercise depend on the learner: at compile time they only leave markers in the HTML, which
// lesson-html.server cuts into stored segments; the page renders them per request (LessonQuiz, LessonExercise).
export function Quiz({ id, children }: { id: string; passMark?: number; children?: ReactNode }) {
  const collector = useContext(CompileContext);
  if (!collector) return null;
  const n = collector.quizzes.push({ id, questions: [] }) - 1;
  return (
    <QuizContext.Provider value={{ quizId: String(n) }}>
      <tamkeen-quiz data-n={n}>{children}</tamkeen-quiz>
    </QuizContext.Provider>
  );
}

export function Question({ id, prompt, multiple, children }: { id: string; prompt: string; multiple?: boolean; children?: ReactNode }) {
  const collector = useContext(CompileContext);
  const quiz = useContext(QuizContext);
  if (!collector || !quiz) return null;
  const questions = collector.quizzes[Number(quiz.quizId)].questions;
  const n = questions.push({ id, prompt, multiple: Boolean(multiple), options: [] }) - 1;
  return <QuestionContext.Provider value={{ quizId: quiz.quizId, questionId: String(n), multiple: Boolean(multiple) }}>{children}</QuestionContext.Provider>;
}

export function Option({ id, children }: { id: string; children?: ReactNode }) {
  const collector = useContext(CompileContext);
  const question = useContext(QuestionContext);
  if (!collector || !question) return null;
  const options = collector.quizzes[Number(question.quizId)].questions[Number(question.questionId)].options;
  const n = options.push(id) - 1;
  return (
    <tamkeen-option data-q={question.questionId} data-n={n}>
      {children}
    </tamkeen-option>
  );
}

export function Exercise({ id, title, children }: { id: string; title: string; children?: ReactNode }) {
  const collector = useContext(CompileContext);
  if (!collector) return null;
  const n = collector.exercises.push({ id, title }) - 1;
  return <tamkeen-exercise data-n={n}>{children}</tamkeen-exercise>;
}

/** No player script: the poster is a link to the video (a file of this site, or YouTube's page in a new tab). */
export function Video({
  title,
  poster,
  duration,
  src,
  srcSize,
  youtube,
}: {
  title: string;
  poster: string;
  duration: number;
  src?: string;
  srcSize?: string;
  youtube?: string;
}) {
  const { t, i18n } = useTranslation();
  const minutes = Math.floor(duration / 60);
  const seconds = String(duration % 60).padStart(2, "0");
  const youtubeUrl = youtube && /^[A-Za-z0-9_-]{11}$/.test(youtube) ? `https://www.youtube-nocookie.com/embed/${youtube}` : null;
  const file = safeFileHref(src);
  const image = safeImageSrc(poster);
  const href = file ?? youtubeUrl ?? image;
  const external = !file || /^https:/i.test(file);
  return (
    <figure className="video">
      <a
        className="video-poster"
        href={href}
        aria-label={t("lesson.video.play", { title })}
        {...(external ? { rel: "noopener noreferrer", target: "_blank" } : {})}
      >
        {image ? <img src={image} alt="" loading="lazy" decoding="async" width={640} height={360} /> : null}
        <span className="video-play" aria-hidden="true">
          ▶
        </span>
      </a>
      <figcaption>
        <bdi>{title}</bdi> ·{" "}
        <Ltr>
          {minutes}:{seconds}
        </Ltr>
        {file ? (
          <>
            {" · "}
            <a href={file} download>
              {t("lesson.video.download")}
              {srcSize ? ` (${formatBytes(Number(srcSize), i18n.language)})` : ""}
            </a>
          </>
        ) : null}
        {youtubeUrl ? (
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
  const href = safeFileHref(file);
  return (
    <p className="download">
      <a href={href} download {...(href && /^https:/i.test(href) ? { rel: "noopener noreferrer" } : {})}>
        <span aria-hidden="true">⬇ </span>
        {title}
      </a>{" "}
      <span className="hint">
        (
        {[extension, fileSize ? <Ltr key="size">{formatBytes(Number(fileSize), i18n.language)}</Ltr> : null]
          .filter(Boolean)
          .map((part, i) => (i ? [", ", part] : part))}
        ) {t("lesson.download.hint")}
      </span>
    </p>
  );
}

/** A diagram opens full size on tap: the image is a link to itself. */
export function Figure({
  src,
  alt,
  width,
  height,
  caption,
}: {
  src: string;
  alt: string;
  width?: number | string;
  height?: number | string;
  caption?: string;
}) {
  const image = safeImageSrc(src);
  return (
    <figure className="figure">
      <a href={image} className="figure-link">
        {image ? <img src={image} alt={alt} width={width} height={height} loading="lazy" decoding="async" /> : <span>{alt}</span>}
      </a>
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

function ScrollTable(props: ComponentProps<"table">) {
  const { t, lang } = useUi();
  return (
    // A scrollable box is reachable by keyboard; in an Arabic lesson it opens on its right side (its start).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must take focus to scroll by keyboard
    <div className="table-scroll" role="region" aria-label={t("lesson.table")} lang={lang} tabIndex={0}>
      <table {...props} />
    </div>
  );
}

/** Markdown elements: a wide table scrolls inside its own box; code reads left to right, isolated inside Arabic text. */
export const markdownComponents = {
  table: ScrollTable,
  pre: (props: ComponentProps<"pre">) => <pre dir="ltr" {...props} />,
  // Whatever the source says, a link only goes to this site, https://, http://, mailto: or tel:, an image only to this site.
  a: ({ href, children, ...props }: ComponentProps<"a">) => (
    <a href={safeLinkHref(href)} {...props}>
      {children}
    </a>
  ),
  img: ({ src, alt, ...props }: ComponentProps<"img">) => {
    const safe = safeImageSrc(src);
    return safe ? <img src={safe} alt={alt} {...props} /> : <span>{alt}</span>;
  },
  code: (props: ComponentProps<"code">) => (
    <Ltr>
      <code {...props} />
    </Ltr>
  ),
  Ltr,
};

// ---------- Rendered per request: what depends on the learner ----------

/** A stable shuffle per learner and question: same order on every reload, a different one for another learner. */
function seededOrder<T extends { id: string }>(items: T[], seed: string): T[] {
  const score = (id: string) => {
    let h = 2166136261;
    for (const ch of `${seed}\u0000${id}`) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
    return h;
  };
  return items
    .map((item) => ({ item, key: score(item.id) }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

export function LessonQuiz({ quiz, runtime }: { quiz: QuizView; runtime: LessonRuntime }) {
  const { t, lang, dir } = useUi();
  const feedback = quizFeedbackOf(runtime, quiz.id);
  const rejected = rejectedFor(runtime, "quiz", quiz.id);
  const errorId = `quiz-${quiz.id}-error`;
  const anchor = `quiz-${quiz.id}`;
  return (
    <section className="quiz" aria-labelledby={`${anchor}-title`} id={anchor}>
      <h2 id={`${anchor}-title`} lang={lang} dir={dir}>
        {t("lesson.quiz.title")}
      </h2>
      {rejected ? (
        <p className="notice error" role="alert" id={errorId} lang={lang} dir={dir}>
          {t(rejected.error)}
        </p>
      ) : feedback ? (
        <p className={`notice ${feedback.passed ? "success" : "error"}`} role="status" lang={lang} dir={dir}>
          {t(feedback.passed ? "lesson.quiz.passed" : "lesson.quiz.failed", { score: feedback.score, passMark: feedback.passMark })}
        </p>
      ) : null}
      {/* The fragment brings the learner back to this quiz after the answer, with or without JavaScript. */}
      <form
        method="post"
        action={runtime.formAction ? `${runtime.formAction}#${encodeURIComponent(anchor)}` : undefined}
        aria-describedby={rejected ? errorId : undefined}
      >
        <input type="hidden" name="intent" value="quiz" />
        <input type="hidden" name="quizId" value={quiz.id} />
        {quiz.questions.map((question) => {
          // After a refused submission the page shows what was ticked, not the previous attempt's marks.
          const result = rejected ? undefined : feedback?.questions.find((q) => q.id === question.id);
          const ticked = rejected?.answers.find(([q]) => q === question.id)?.[1];
          return (
            <fieldset key={question.id} className={`question${result ? (result.correct ? " is-correct" : " is-wrong") : ""}`}>
              <legend>
                {question.prompt}
                {question.multiple ? (
                  <span className="hint" lang={lang} dir={dir}>
                    {" "}
                    {t("lesson.quiz.multiple")}
                  </span>
                ) : null}
              </legend>
              {result ? (
                <p className="question-result" lang={lang} dir={dir}>
                  {t(result.correct ? "lesson.quiz.questionRight" : "lesson.quiz.questionWrong")}
                </p>
              ) : null}
              <ul className="options">
                {seededOrder(question.options, `${runtime.shuffleSeed ?? ""}:${quiz.id}:${question.id}`).map((option) => {
                  const detail = result?.options.find((o) => o.id === option.id);
                  const chosen = ticked ? ticked.includes(option.id) : Boolean(result?.chosen.includes(option.id));
                  const inputId = `${quiz.id}-${question.id}-${option.id}`;
                  return (
                    <li key={option.id} className={detail ? (detail.correct ? "option is-correct" : chosen ? "option is-wrong" : "option") : "option"}>
                      <input
                        id={inputId}
                        type={question.multiple ? "checkbox" : "radio"}
                        name={`answer.${question.id}`}
                        value={option.id}
                        defaultChecked={chosen}
                        disabled={!runtime.formAction}
                      />
                      {/* The option's text is the lesson's HTML, rendered at compile time. */}
                      {/* eslint-disable-next-line jsx-a11y/label-has-associated-control */}
                      <label htmlFor={inputId} dangerouslySetInnerHTML={{ __html: option.html }} />
                      {detail ? (
                        <p className="explanation">
                          <strong lang={lang} dir={dir}>
                            {t(detail.correct ? "lesson.quiz.correctOption" : "lesson.quiz.wrongOption")}
                          </strong>{" "}
                          {detail.explanation}
                        </p>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          );
        })}
        {runtime.formAction ? (
          <button type="submit" className="button" lang={lang} dir={dir}>
            {t(feedback ? "lesson.quiz.retry" : "lesson.quiz.submit")}
          </button>
        ) : (
          <p className="hint" lang={lang} dir={dir}>
            {t(runtime.lockedReason ?? "lesson.previewOnly")}
          </p>
        )}
      </form>
    </section>
  );
}

export function LessonExercise({ exercise, runtime }: { exercise: ExerciseView; runtime: LessonRuntime }) {
  const { t, lang, dir } = useUi();
  const { id } = exercise;
  const state = exerciseStateOf(runtime, id);
  const rejected = rejectedFor(runtime, "exercise", id);
  const errorId = `answer-${id}-error`;
  const anchor = `exercise-${id}`;
  return (
    <section className="exercise" aria-labelledby={`${anchor}-title`} id={anchor}>
      <h2 id={`${anchor}-title`}>
        <span className="exercise-kind" lang={lang} dir={dir}>
          {t("lesson.exercise.title")}
        </span>{" "}
        {exercise.title}
      </h2>
      <div className="exercise-body" dangerouslySetInnerHTML={{ __html: exercise.html }} />
      <div lang={lang} dir={dir}>
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
          <form method="post" action={`${runtime.formAction}#${encodeURIComponent(anchor)}`} encType="multipart/form-data" className="stack">
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
                dir="auto"
                maxLength={MAX_ANSWER_LENGTH}
                defaultValue={rejected ? rejected.answer : (state?.answer ?? "")}
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
            <button type="submit" className="button">
              {t(state && state.status !== "none" ? "lesson.exercise.resubmit" : "lesson.exercise.submit")}
            </button>
          </form>
        ) : !runtime.formAction ? (
          <p className="hint">{t(runtime.lockedReason ?? "lesson.previewOnly")}</p>
        ) : null}
      </div>
    </section>
  );
}
