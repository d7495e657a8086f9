import { useBlocker, useNavigate, useNavigation, type Location } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { Ltr, ltrText } from "~/components/ltr";
import { LOCALE_NAMES, localeDir } from "~/utils/i18n";
import type { Locale } from "../../../db/enums";
import type { LessonEditor, LineDiagnostic } from "./codemirror";
import "./code-editor.css";
import { CheckerMessage, useCheckerWords } from "./checker-message";

export type { LineDiagnostic };

/** What the check route answers: the checker's diagnostics and, when the lesson compiles, its preview as HTML. */
export type LessonCheckResult = { diagnostics: LineDiagnostic[]; preview: string | null };

/** Typing pauses this long before the source is checked on the server. */
export const CHECK_DELAY_MS = 600;

type Status = "idle" | "checking" | "done" | "throttled" | "tooLarge" | "failed";

export type LessonCodeEditorProps = {
  /** The textarea's id and name: the form posts it as before when CodeMirror has replaced it on screen. */
  id?: string;
  name?: string;
  label: string;
  defaultValue: string;
  /** The language of the file being edited (ar.mdx, fr.mdx…): sent with each check, and the editor's base direction. */
  locale: string;
  /** The resource route that answers a LessonCheckResult for `{ locale, source }`. */
  checkUrl: string;
  /** Files beside the lesson, offered when completing a file prop. */
  files?: readonly string[];
  /** Diagnostics already known when the page was rendered (a no-JavaScript check), shown until the first live check. */
  initialDiagnostics?: LineDiagnostic[];
  /** Called with each live check's result, e.g. to refresh a preview. */
  onResult?: (result: LessonCheckResult) => void;
  /** Called when the text starts or stops differing from the saved version it was given (for UnsavedGuard). */
  onUnsavedChange?: (unsaved: boolean) => void;
  textareaProps?: TextareaHTMLAttributes<HTMLTextAreaElement>;
};

function isCheckResult(value: unknown): value is LessonCheckResult {
  if (!value || typeof value !== "object") return false;
  const v = value as { diagnostics?: unknown; preview?: unknown };
  return Array.isArray(v.diagnostics) && (typeof v.preview === "string" || v.preview === null);
}

/** The CSP nonce of this document, read from the scripts Remix rendered with it (the attribute is hidden, the property is not). */
function documentNonce() {
  return document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce || undefined;
}

/**
 * The lesson source editor. The server renders a plain textarea, which works without JavaScript; in the browser,
 * CodeMirror (a chunk of its own, loaded here only) replaces it on screen, keeps its value in step so the form posts
 * `source` as before, and sends the source to the check route after each pause in typing. The diagnostics the page
 * rendered are marked in the text until then.
 */
export function LessonCodeEditor({
  id = "lesson-source",
  name = "source",
  label,
  defaultValue,
  locale,
  checkUrl,
  files,
  initialDiagnostics = [],
  onResult,
  onUnsavedChange,
  textareaProps,
}: LessonCodeEditorProps) {
  const { t } = useTranslation();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<LessonEditor | null>(null);
  const [enhanced, setEnhanced] = useState(false);
  const [status, setStatus] = useState<Status>("idle");
  const [diagnostics, setDiagnostics] = useState<LineDiagnostic[]>(initialDiagnostics);
  // Until the first live answer, the page's own (server-rendered) list is the one shown.
  const [live, setLive] = useState(false);
  const onResultRef = useRef(onResult);
  useEffect(() => {
    onResultRef.current = onResult;
  }, [onResult]);
  const onUnsavedRef = useRef(onUnsavedChange);
  useEffect(() => {
    onUnsavedRef.current = onUnsavedChange;
  }, [onUnsavedChange]);
  // The editor gone (another file, a new saved version), the text typed in it is gone too: nothing is unsaved any more.
  useEffect(() => {
    const unsavedChanged = onUnsavedRef;
    return () => unsavedChanged.current?.(false);
  }, []);
  // The marks' tooltips say what the list says, in the interface's language.
  const words = useCheckerWords();
  const wordsRef = useRef(words);
  useEffect(() => {
    wordsRef.current = words;
  }, [words]);
  const marked = (list: LineDiagnostic[]) => list.map((d) => ({ ...d, message: wordsRef.current(d).text }));

  // The text the page was given (the saved version): what "unsaved" is measured against.
  const shownDefault = useRef(defaultValue);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const inFlight = useRef<AbortController | null>(null);

  const check = useCallback(
    async (source: string) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      setStatus("checking");
      const body = new FormData();
      body.set("locale", locale);
      body.set("source", source);
      try {
        const response = await fetch(checkUrl, { method: "POST", body, signal: controller.signal, headers: { Accept: "application/json" } });
        if (response.status === 429) return setStatus("throttled");
        if (response.status === 413) return setStatus("tooLarge");
        const result: unknown = await response.json().catch(() => null);
        if (controller.signal.aborted) return;
        if (!isCheckResult(result)) return setStatus("failed");
        setDiagnostics(result.diagnostics);
        setLive(true);
        editorRef.current?.showDiagnostics(marked(result.diagnostics));
        setStatus("done");
        onResultRef.current?.(result);
      } catch {
        if (!controller.signal.aborted) setStatus("failed");
      }
    },
    [checkUrl, locale],
  );

  useEffect(() => {
    let cancelled = false;
    const textarea = textareaRef.current;
    const host = hostRef.current;
    if (!textarea || !host) return;
    import("./codemirror")
      .then(({ createLessonEditor }) => {
        if (cancelled) return;
        const editor = createLessonEditor({
          parent: host,
          // The textarea's current value: what the trainer may have typed before the editor arrived is kept.
          doc: textarea.value,
          dir: localeDir(locale),
          label,
          files,
          nonce: documentNonce(),
          onChange(doc) {
            textarea.value = doc;
            onUnsavedRef.current?.(doc !== shownDefault.current);
            // A check on its way answers for a source that no longer exists: stop it, wait for the next pause.
            inFlight.current?.abort();
            clearTimeout(timer.current);
            timer.current = setTimeout(() => void check(doc), CHECK_DELAY_MS);
          },
        });
        editorRef.current = editor;
        editor.showDiagnostics(marked(initialDiagnostics));
        setEnhanced(true);
        // The page already shows the checker's answer for the text it rendered: only text typed since needs a check.
        if (textarea.value !== textarea.defaultValue) void check(textarea.value);
      })
      .catch(() => {
        // Without the editor chunk (offline, blocked), the plain textarea stays: nothing is lost.
      });
    return () => {
      cancelled = true;
      clearTimeout(timer.current);
      inFlight.current?.abort();
      editorRef.current?.destroy();
      editorRef.current = null;
      setEnhanced(false);
    };
    // The editor is built once per file; the props it reads later go through refs or are stable for a file.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [locale, checkUrl]);

  // A new version from the server (restored, saved elsewhere) replaces the text when the page gets it.
  useEffect(() => {
    if (shownDefault.current === defaultValue) return;
    shownDefault.current = defaultValue;
    editorRef.current?.replaceDoc(defaultValue);
    if (textareaRef.current) textareaRef.current.value = defaultValue;
    onUnsavedRef.current?.(false);
  }, [defaultValue]);

  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const statusText =
    status === "checking"
      ? t("studioEditor.checking")
      : status === "throttled"
        ? t("studioEditor.throttled")
        : status === "tooLarge"
          ? t("studioEditor.tooLarge")
          : status === "failed"
            ? t("studioEditor.checkFailed")
            : status === "done" && !diagnostics.length
              ? t("studioEditor.noProblems")
              : null;

  return (
    <div className={`code-editor${enhanced ? " is-enhanced" : ""}`}>
      <label htmlFor={id} id={`${id}-label`}>
        {label}
      </label>
      <textarea
        ref={textareaRef}
        id={id}
        name={name}
        dir="auto"
        defaultValue={defaultValue}
        hidden={enhanced}
        spellCheck={false}
        className="code-editor-textarea"
        {...textareaProps}
      />
      <div ref={hostRef} className="code-editor-host" data-testid="code-editor" />
      {/* Only where the live check runs: without JavaScript the page's own messages are the statuses. */}
      {enhanced ? (
        <div className="code-editor-status" role="status" aria-live="polite">
          {statusText}
          {live && diagnostics.length ? (
            <span>
              {errors ? t("studioEditor.errors", { count: errors }) : null}
              {errors && warnings ? " · " : null}
              {warnings ? t("studioEditor.warnings", { count: warnings }) : null}
            </span>
          ) : null}
        </div>
      ) : null}
      {live && diagnostics.length ? (
        <ol className="code-editor-diagnostics" aria-label={t("studioEditor.problems")}>
          {diagnostics.map((d, i) => (
            <li key={`${i}-${d.line}-${d.column}`} className={`diagnostic-${d.severity}`}>
              <button
                type="button"
                className="link-button"
                disabled={!enhanced}
                onClick={() => editorRef.current?.goTo(d.line, d.column)}
                aria-label={t("studioEditor.goTo", { position: `${d.line}:${d.column}` })}
              >
                <Ltr>
                  {d.line}:{d.column}
                </Ltr>
              </button>{" "}
              <span className="diagnostic-severity">{t(d.severity === "error" ? "studioEditor.error" : "studioEditor.warning")}</span>{" "}
              <CheckerMessage diagnostic={d} />
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

/**
 * While the editor holds text that is not saved, leaving the page asks first. A link inside the studio (another
 * language, the history, the course) is held and the trainer chooses, in the interface's language, to stay or to leave;
 * a reload, a closed tab or a page outside the app gets the browser's own question. Saving, checking and publishing
 * post the form to this same address, so they are never held. Without JavaScript there is no editor state to guard:
 * the textarea is the form.
 *
 * A link tapped while a save is still on its way is held until the page is read again: saved by then, it goes without
 * a question; refused (a publish with an error), the question is asked. So that the tap is never lost, where the
 * trainer asked to go is kept here: the router clears every blocker when a navigation (the save's) completes, and the
 * editor starts afresh on a new saved version. Render it outside the editor, with `unsaved` tied to the version the
 * text was typed on, so that the render which brings the saved version already says "saved".
 */
export function UnsavedGuard({ unsaved }: { unsaved: boolean }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const [held, setHeld] = useState<Location | null>(null);
  // Set for the one navigation the trainer chose (after the question, or after the save): the blocker lets it through.
  const letGo = useRef(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => {
    if (letGo.current) {
      letGo.current = false;
      setHeld(null);
      return false;
    }
    const hold = unsaved && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search);
    if (hold) setHeld(nextLocation);
    return hold;
  });
  useEffect(() => {
    if (!unsaved) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the question only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [unsaved]);

  const go = useCallback(
    (to: Location) => {
      letGo.current = true;
      navigate(`${to.pathname}${to.search}${to.hash}`);
    },
    [navigate],
  );
  const leave = () => {
    if (!held) return;
    if (blocker.state !== "blocked") return go(held);
    setHeld(null);
    blocker.proceed();
  };
  const stay = () => {
    setHeld(null);
    if (blocker.state === "blocked") blocker.reset();
  };
  const settled = navigation.state === "idle";
  // Saved meanwhile (the save was on its way): go where the trainer asked, there is nothing to ask.
  useEffect(() => {
    if (held && settled && !unsaved) go(held);
  }, [held, settled, unsaved, go]);

  if (!held || !settled || !unsaved) return null;
  return (
    <div className="notice warning unsaved-guard" role="alertdialog" aria-labelledby="unsaved-guard-text">
      <p id="unsaved-guard-text">{t("studioEditor.unsaved.question")}</p>
      <div className="editor-actions">
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the question needs an answer before anything else */}
        <button type="button" className="button" autoFocus onClick={stay}>
          {t("studioEditor.unsaved.stay")}
        </button>
        <button type="button" className="button secondary" onClick={leave}>
          {t("studioEditor.unsaved.leave")}
        </button>
      </div>
    </div>
  );
}

/** Asks the check route for a language's saved version (no source sent): its preview, for the language switch. */
async function fetchSavedPreview(checkUrl: string, locale: string, signal: AbortSignal): Promise<LessonCheckResult | null> {
  const body = new FormData();
  body.set("locale", locale);
  const response = await fetch(checkUrl, { method: "POST", body, signal, headers: { Accept: "application/json" } });
  const result: unknown = await response.json().catch(() => null);
  return isCheckResult(result) ? result : null;
}

/**
 * The live preview beside the editor: HTML the check route rendered with the real lesson pipeline (our own compile
 * output, never the trainer's text as HTML), at phone (360 px) or desktop width, in the language being edited or in
 * another language of the lesson (its saved draft or file).
 */
export function LivePreview({ html, locale, locales, checkUrl }: { html: string | null; locale: string; locales: readonly string[]; checkUrl: string }) {
  const { t } = useTranslation();
  const [width, setWidth] = useState<"phone" | "desktop">("phone");
  const [shown, setShown] = useState(locale);
  const [other, setOther] = useState<{ locale: string; html: string | null } | null>(null);

  useEffect(() => {
    if (shown === locale) return;
    const controller = new AbortController();
    fetchSavedPreview(checkUrl, shown, controller.signal)
      .then((result) => {
        if (!controller.signal.aborted) setOther({ locale: shown, html: result?.preview ?? null });
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [shown, locale, checkUrl]);

  const current = shown === locale ? html : other?.locale === shown ? other.html : null;
  return (
    <section className="live-preview" aria-labelledby="live-preview-title">
      <div className="live-preview-bar">
        <h2 id="live-preview-title">{t("studioEditor.preview")}</h2>
        <div role="group" aria-label={t("studioEditor.previewLanguage")} className="live-preview-switch">
          {locales.map((l) => (
            <button key={l} type="button" lang={l} className="button small secondary" aria-pressed={shown === l} onClick={() => setShown(l)}>
              {LOCALE_NAMES[l as Locale] ?? l}
            </button>
          ))}
        </div>
        <div role="group" aria-label={t("studioEditor.previewWidth")} className="live-preview-switch">
          {(["phone", "desktop"] as const).map((w) => (
            <button key={w} type="button" className="button small secondary" aria-pressed={width === w} onClick={() => setWidth(w)}>
              {t(`studioEditor.width.${w}`, { width: ltrText("360 px") })}
            </button>
          ))}
        </div>
      </div>
      <div className={`live-preview-frame is-${width}`} data-testid="live-preview" data-locale={shown}>
        {current !== null ? (
          // Produced by the lesson compile pipeline on the server (the same HTML learners receive), not by the trainer.
          <div dangerouslySetInnerHTML={{ __html: current }} />
        ) : (
          <p className="hint">{t("studioEditor.previewUnavailable")}</p>
        )}
      </div>
    </section>
  );
}
