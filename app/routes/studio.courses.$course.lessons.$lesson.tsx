import { getFormProps } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { Course, Lesson, User } from "../../db/schema";
import { LOCALES, type Locale } from "../../db/enums";
import { ErrorSummary, FormMessage, errorKey, useSchemaForm } from "~/components/form";
import { LessonBody } from "~/components/lesson";
import type { LessonRuntime, LessonSegment } from "~/components/lesson/context";
import { DiffView, type DiffLine } from "~/components/diff-view";
import { Ltr } from "~/components/ltr";
import { LessonCodeEditor, LivePreview, UnsavedGuard, type LessonCheckResult } from "~/components/studio/code-editor";
import { localized } from "~/models/course.server";
import { BASE_HASH } from "~/models/studio/shared";
import { lessonTemplate } from "~/models/studio/course-files.server";
import {
  NO_FILE,
  checkSource,
  discardDraft,
  getDraft,
  localeParam,
  normaliseSource,
  publishLesson,
  readLessonSource,
  rebaseDraft,
  saveDraft,
  sourceProblem,
} from "~/models/studio/drafts.server";
import { LOCALE_NAMES, formatDate, localeDir } from "~/utils/i18n";
import { getLocale } from "~/utils/i18n.server";
import { requireLessonAuthor } from "~/utils/permissions.server";
import { parseSubmission, rejectSubmission } from "~/utils/submission.server";
import type { CheckerText } from "~/models/course/checker-text";
import { CheckerMessage } from "~/components/studio/checker-message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

/** A lesson source is at most 1 MB; sent as a form (multipart, or percent-encoded Arabic at three bytes a byte) with room to spare. */
const EDITOR_BODY_LIMIT = 3 * 1024 * 1024;
const WIDTHS = ["phone", "desktop"] as const;
const DONE_FLAGS = ["created", "saved", "published", "rebased", "discarded"] as const;

/** The lesson (guarded) and the language asked for in `?locale=` (Arabic when absent); another value is no page. */
async function findEditedLesson(request: Request, params: { course?: string; lesson?: string }) {
  const found = await requireLessonAuthor(request, params);
  const locale = localeParam(new URL(request.url).searchParams.get("locale"));
  if (!locale) throw data({ reason: "notFound" }, { status: 404 });
  return { ...found, locale };
}

/** What the editor starts from: the shared draft, else the file on disk, else (a language not written yet) the template. */
function editorState(course: Course, lesson: Lesson, locale: Locale) {
  const disk = readLessonSource(course, lesson, locale);
  const draft = getDraft(lesson.id, locale);
  const source = draft?.draft.source ?? disk?.source ?? lessonTemplate(locale, lesson.title[locale] ?? lesson.title.ar ?? lesson.slug);
  return { disk, draft, source, baseHash: draft?.draft.baseHash ?? disk?.hash ?? NO_FILE };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course, lesson, locale } = await findEditedLesson(request, params);
  const ui = await getLocale(request);
  const url = new URL(request.url);
  const state = editorState(course, lesson, locale);
  const previewParam = url.searchParams.get("preview");
  const previewLocale = LOCALES.find((l) => l === previewParam) ?? null;
  const width = WIDTHS.find((w) => w === url.searchParams.get("width")) ?? "phone";

  // The checker on what is in the editor; the real pipeline (compile and render, nothing stored) for the preview asked for.
  const checked = await checkSource(course, lesson, locale, state.source, { compile: previewLocale === locale });
  let preview: { locale: Locale; segments: LessonSegment[] | null; frontmatter: typeof checked.frontmatter; errors: number } | null = null;
  if (previewLocale) {
    const other = previewLocale === locale ? null : editorState(course, lesson, previewLocale);
    const shown = other ? await checkSource(course, lesson, previewLocale, other.source, { compile: true }) : checked;
    const rendered = shown.rendered ?? [];
    const segments = ((rendered.find((r) => r.ui === ui) ?? rendered[0])?.segments as LessonSegment[] | undefined) ?? null;
    preview = { locale: previewLocale, segments, frontmatter: shown.frontmatter, errors: shown.errors };
  }
  return data(
    {
      title: `${localized(lesson.title, ui, course.fallbackLocale)} — ${LOCALE_NAMES[locale]}`,
      course: { id: course.id, title: localized(course.title, ui) },
      lesson: { slug: lesson.slug, folder: lesson.folder, title: localized(lesson.title, ui, course.fallbackLocale), locales: lesson.locales },
      locale,
      source: state.source,
      baseHash: state.baseHash,
      fileExists: Boolean(state.disk),
      draft: state.draft
        ? {
            author: state.draft.authorName,
            updatedAt: state.draft.draft.updatedAt.getTime(),
            stale: state.draft.draft.baseHash !== (state.disk?.hash ?? NO_FILE),
          }
        : null,
      diagnostics: checked.diagnostics.map(({ line, column, severity, message, says, rule }) => ({ line, column, severity, message, says, rule })),
      preview,
      width,
      done: DONE_FLAGS.find((f) => url.searchParams.get(f) === "1") ?? null,
      editorKey: `${state.baseHash}-${state.draft?.draft.updatedAt.getTime() ?? 0}`,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

// ---------- Actions ----------

const editorSchema = z
  .object({
    intent: z.enum(["save", "check", "publish", "rebase", "discard"], { errorMap: () => ({ message: "errors.unknownAction" }) }),
    source: z.string({ invalid_type_error: "errors.invalid" }).optional(),
    baseHash: z.string({ invalid_type_error: "errors.invalid" }).regex(BASE_HASH, "errors.invalid").optional(),
    message: z.string({ invalid_type_error: "errors.invalid" }).trim().max(200, "errors.tooLong").optional(),
    width: z.enum(WIDTHS, { errorMap: () => ({ message: "errors.invalidChoice" }) }).optional(),
  })
  .superRefine((v, ctx) => {
    const writes = v.intent === "save" || v.intent === "check" || v.intent === "publish";
    if (writes && v.source === undefined) ctx.addIssue({ code: "custom", path: ["source"], message: "studio.errors.emptySource" });
    if (writes && v.baseHash === undefined) ctx.addIssue({ code: "custom", path: ["baseHash"], message: "errors.invalid" });
    if (v.intent === "publish" && !v.message) ctx.addIssue({ code: "custom", path: ["message"], message: "studio.errors.messageRequired" });
  });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course, lesson, locale } = await findEditedLesson(request, params);
  const { submission } = await parseSubmission(request, editorSchema, { limit: EDITOR_BODY_LIMIT });
  if (submission.status !== "success") return rejectSubmission(submission);
  const v = submission.value;
  const here = `/studio/courses/${course.id}/lessons/${lesson.slug}?locale=${locale}`;
  if (v.intent === "rebase") {
    rebaseDraft(course, lesson, locale);
    return redirect(`${here}&rebased=1`);
  }
  if (v.intent === "discard") {
    discardDraft(lesson.id, locale);
    return redirect(`${here}&discarded=1`);
  }
  const source = normaliseSource(v.source ?? "");
  const problem = sourceProblem(source);
  if (problem === "tooLarge") return rejectSubmission(submission, { status: 413, fieldErrors: { source: ["studio.errors.sourceTooLarge"] } });
  if (problem === "binary") return rejectSubmission(submission, { status: 422, fieldErrors: { source: ["studio.errors.binary"] } });
  // The trainer's text is kept first, whatever happens next: a refused publish loses nothing.
  saveDraft({ lessonId: lesson.id, locale, source, baseHash: v.baseHash!, authorId: user.id });
  if (v.intent === "save") return redirect(`${here}&saved=1`);
  if (v.intent === "check") return redirect(`${here}&preview=${locale}&width=${v.width ?? "phone"}#preview`);
  return publishAction(submission, { user, course, lesson, locale, source, baseHash: v.baseHash!, message: v.message!, here });
}

type Submission = Awaited<ReturnType<typeof parseSubmission<typeof editorSchema>>>["submission"];

async function publishAction(
  submission: Submission,
  input: { user: User; course: Course; lesson: Lesson; locale: Locale; source: string; baseHash: string; message: string; here: string },
) {
  const outcome = await publishLesson({ ...input, authorId: input.user.id, keepDraft: true });
  if (outcome.ok) return redirect(`${input.here}&published=1`);
  if (outcome.reason === "errors")
    return data(
      {
        result: submission.reply({ formErrors: ["studio.errors.publishWithErrors"] }),
        diagnostics: outcome.checked.diagnostics.map(({ line, column, severity, message, says, rule }) => ({ line, column, severity, message, says, rule })),
        conflict: null,
      },
      { status: 422 },
    );
  return data({ result: submission.reply({ formErrors: ["studio.errors.conflict"] }), diagnostics: null, conflict: outcome.diff }, { status: 409 });
}

// ---------- Page ----------

type Diagnostics = { line: number; column: number; severity: string; message: string; says?: CheckerText; rule: string }[];
type ActionData = {
  result?: { initialValue?: Record<string, unknown> | null; status?: string; error?: Record<string, string[] | null> };
  diagnostics?: Diagnostics | null;
  conflict?: DiffLine[] | null;
};

export default function LessonEditor() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t, i18n } = useTranslation();
  const [form, fields] = useSchemaForm(editorSchema, actionData?.result, "lesson-editor", { source: d.source, baseHash: d.baseHash, width: d.width });
  const base = `/studio/courses/${d.course.id}/lessons/${d.lesson.slug}`;
  const diagnostics = actionData?.diagnostics ?? d.diagnostics;
  const sourceError = fields.source.errors?.[0];
  // studio-editor: the live check's answer for the text being typed; a new version from the server (saved, checked,
  // published) starts again from the page's own answer.
  const [typed, setTyped] = useState<{ key: string; result: LessonCheckResult } | null>(null);
  const live = typed?.key === d.editorKey ? typed.result : null;
  // The version the trainer's text was typed on, while it differs from it: a new saved version ends "unsaved" at once.
  const [typedOn, setTypedOn] = useState<string | null>(null);
  return (
    <section aria-labelledby="editor-title" className="lesson-editor">
      <UnsavedGuard unsaved={typedOn === d.editorKey} />
      <nav aria-label={t("studio.breadcrumb")} className="breadcrumb">
        <Link to="/studio">{t("studio.title")}</Link> · <Link to={`/studio/courses/${d.course.id}`}>{d.course.title}</Link>
      </nav>
      <h1 id="editor-title">{d.lesson.title}</h1>
      <p>
        <Ltr>
          courses/…/{d.lesson.folder}/{d.locale}.mdx
        </Ltr>{" "}
        · <Link to={`${base}/history?locale=${d.locale}`}>{t("studio.history.link")}</Link> · <Link to={`${base}/files`}>{t("studioFiles.filesLink")}</Link> ·{" "}
        <Link to={`/courses/${d.course.id}/${d.lesson.slug}`} reloadDocument>
          {t("studio.editor.asLearner")}
        </Link>
      </p>
      <nav aria-label={t("studio.editor.languages")}>
        <ul className="switches">
          {LOCALES.map((l) => (
            <li key={l}>
              <Link to={`${base}?locale=${l}`} aria-current={l === d.locale ? "page" : undefined} lang={l}>
                {LOCALE_NAMES[l]}
                {d.lesson.locales.includes(l) ? "" : ` (${t("studio.editor.notWritten")})`}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {d.done ? <FormMessage tone="success">{t(`studio.editor.done.${d.done}`)}</FormMessage> : null}
      {d.draft ? (
        <p className="notice">
          {t("studio.editor.draftBy", {
            name: d.draft.author,
            date: formatDate(d.draft.updatedAt, i18n.language, { dateStyle: "medium", timeStyle: "short" }),
          })}
          {d.draft.stale ? ` ${t("studio.editor.draftStale")}` : ""}
        </p>
      ) : null}
      {actionData?.conflict ? <Conflict diff={actionData.conflict} /> : null}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <ErrorSummary form={form} labels={{ source: t("studio.editor.source"), message: t("studio.editor.message") }} />
        <input type="hidden" name="baseHash" value={d.baseHash} />
        <input type="hidden" name="width" value={d.width} />
        <div className="field">
          {/* studio-editor: CodeMirror over the textarea once JavaScript runs; the textarea alone without it. */}
          <LessonCodeEditor
            key={d.editorKey}
            id="lesson-source"
            name="source"
            label={t("studio.editor.source")}
            defaultValue={d.source}
            locale={d.locale}
            checkUrl={`${base}/check`}
            initialDiagnostics={diagnostics}
            onResult={(result) => setTyped({ key: d.editorKey, result })}
            onUnsavedChange={(unsaved) => setTypedOn(unsaved ? d.editorKey : null)}
            textareaProps={{
              className: "source-editor",
              lang: d.locale,
              rows: 28,
              "aria-invalid": sourceError ? true : undefined,
              "aria-describedby": sourceError ? "lesson-source-error" : undefined,
            }}
          />
          {sourceError ? (
            <p className="field-error" id="lesson-source-error">
              {t(errorKey(sourceError))}
            </p>
          ) : null}
        </div>
        <div className="editor-actions">
          <button type="submit" name="intent" value="save" className="button secondary">
            {t("studio.editor.save")}
          </button>
          <button type="submit" name="intent" value="check" className="button secondary">
            {t("studio.editor.check")}
          </button>
          <div className="field">
            <label htmlFor="publish-message">{t("studio.editor.message")}</label>
            <input id="publish-message" name="message" maxLength={200} aria-invalid={fields.message.errors ? true : undefined} />
          </div>
          <button type="submit" name="intent" value="publish" className="button">
            {t("studio.editor.publish")}
          </button>
        </div>
      </Form>
      {d.draft ? (
        <Form method="post" encType="multipart/form-data">
          <button type="submit" name="intent" value="discard" className="button small secondary">
            {t("studio.editor.discard")}
          </button>
        </Form>
      ) : null}
      {/* studio-editor: once the live check answers, its list (in the editor) and its preview replace the page's. */}
      {live ? null : <DiagnosticList diagnostics={diagnostics} />}
      {live ? (
        <LivePreview
          html={live.preview}
          locale={d.locale}
          locales={LOCALES.filter((l) => l === d.locale || d.lesson.locales.includes(l))}
          checkUrl={`${base}/check`}
        />
      ) : (
        <Preview />
      )}
    </section>
  );
}

function Conflict({ diff }: { diff: DiffLine[] }) {
  const { t } = useTranslation();
  return (
    <section className="notice error conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t("studio.conflict.title")}</h2>
      <p>{t("studio.conflict.body")}</p>
      <DiffView diff={diff} label={t("studio.conflict.diffLabel")} />
      <Form method="post" encType="multipart/form-data">
        <button type="submit" name="intent" value="rebase" className="button">
          {t("studio.conflict.rebase")}
        </button>
      </Form>
    </section>
  );
}

function DiagnosticList({ diagnostics }: { diagnostics: Diagnostics }) {
  const { t } = useTranslation();
  const errors = diagnostics.filter((x) => x.severity === "error").length;
  return (
    <section aria-labelledby="diagnostics-title" id="diagnostics">
      <h2 id="diagnostics-title">{t("studio.diagnostics.title")}</h2>
      {diagnostics.length === 0 ? (
        <p className="notice success">{t("studio.diagnostics.none")}</p>
      ) : (
        <>
          <p>{t("studio.diagnostics.summary", { count: errors, warnings: diagnostics.length - errors })}</p>
          <ul className="diagnostics">
            {diagnostics.map((x, i) => (
              <li key={i} className={x.severity}>
                <strong>{t(`studio.diagnostics.${x.severity === "error" ? "error" : "warning"}`)}</strong>{" "}
                <Ltr>
                  {x.line}:{x.column}
                </Ltr>{" "}
                <CheckerMessage diagnostic={x} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const NO_FORMS: LessonRuntime = { formAction: null, quizFeedback: [], exercises: [], lockedReason: "studio.preview.locked", rejected: null, shuffleSeed: "" };

function Preview() {
  const d = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const base = `/studio/courses/${d.course.id}/lessons/${d.lesson.slug}?locale=${d.locale}`;
  const p = d.preview;
  return (
    <section aria-labelledby="preview-title" id="preview">
      <h2 id="preview-title">{t("studio.preview.title")}</h2>
      <p>{t("studio.preview.intro")}</p>
      <nav aria-label={t("studio.preview.languages")}>
        <ul className="switches">
          {LOCALES.filter((l) => l === d.locale || d.lesson.locales.includes(l)).map((l) => (
            <li key={l}>
              <Link to={`${base}&preview=${l}&width=${d.width}#preview`} aria-current={p?.locale === l ? "true" : undefined} lang={l}>
                {LOCALE_NAMES[l]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {p ? (
        <nav aria-label={t("studio.preview.widths")}>
          <ul className="switches">
            {WIDTHS.map((w) => (
              <li key={w}>
                <Link to={`${base}&preview=${p.locale}&width=${w}#preview`} aria-current={d.width === w ? "true" : undefined}>
                  {t(`studio.preview.${w}`)}
                  {w === "phone" ? (
                    <>
                      {" "}
                      (<Ltr>360 px</Ltr>)
                    </>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {p ? (
        <div className={`preview-frame ${d.width}`} data-width={d.width} lang={p.locale} dir={localeDir(p.locale)}>
          {p.segments ? (
            <div className="lesson-body">
              {p.frontmatter ? (
                <header className="lesson-header">
                  <h1>{p.frontmatter.title}</h1>
                  <p className="lead">{p.frontmatter.summary}</p>
                  <details className="objectives" open>
                    <summary lang={i18n.language} dir={localeDir(i18n.language)}>
                      {t("lesson.objectives")} · {t("courses.minutes", { count: p.frontmatter.duration })}
                    </summary>
                    <ul>
                      {p.frontmatter.objectives.map((o) => (
                        <li key={o}>{o}</li>
                      ))}
                    </ul>
                  </details>
                </header>
              ) : null}
              <LessonBody segments={p.segments} runtime={NO_FORMS} />
            </div>
          ) : (
            <p className="notice error" lang={i18n.language} dir={localeDir(i18n.language)}>
              {t("studio.preview.failed", { count: p.errors })}
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}
