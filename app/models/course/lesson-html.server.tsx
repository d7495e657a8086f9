import { getMDXComponent } from "mdx-bundler/client";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { lessonComponents } from "~/components/lesson/index";
import { markdownComponents } from "~/components/lesson/components";
import { CompileContext, type CompileCollector, type LessonSegment, type RenderedLesson } from "~/components/lesson/context";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import ar from "~/locales/ar/common.json";
import en from "~/locales/en/common.json";
import fr from "~/locales/fr/common.json";
import { SUPPORTED_LOCALES, i18nConfig } from "~/utils/i18n";
import { findUnsafeMarkup } from "~/components/lesson/safe-url";

// Its own translators (not i18n.server's, which reach the session store): compiling needs no database.
const resources = { ar: { common: ar }, fr: { common: fr }, en: { common: en } };
const translators = new Map<string, I18n>();
export function translatorFor(locale: string) {
  let instance = translators.get(locale);
  if (!instance) {
    instance = createInstance();
    void instance.use(initReactI18next).init({ ...i18nConfig, lng: locale, resources, initImmediate: false });
    translators.set(locale, instance);
  }
  return instance;
}

const BLOCK = /<tamkeen-(quiz|exercise) data-n="(\d+)">([\s\S]*?)<\/tamkeen-\1>/g;
const OPTION = /<tamkeen-option data-q="(\d+)" data-n="(\d+)">([\s\S]*?)<\/tamkeen-option>/g;

/**
 * Renders a compiled lesson to HTML once per interface language, at compile time (courses:build, start-up): the only
 * place lesson code is evaluated. Quizzes and exercises leave markers that are cut into their own segments, to be joined
 * per request with the learner's state. Throws when the lesson cannot be rendered (the last good version is kept).
 */
export function renderLesson(code: string): RenderedLesson {
  const Content = getMDXComponent(code);
  return SUPPORTED_LOCALES.map((ui) => {
    const collector: CompileCollector = { quizzes: [], exercises: [] };
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={translatorFor(ui)}>
        <CompileContext.Provider value={collector}>
          <Content components={{ ...markdownComponents, ...lessonComponents }} />
        </CompileContext.Provider>
      </I18nextProvider>,
    );
    // The last check before HTML is stored: whatever got past the checker, nothing runs and nothing leaves the site.
    const unsafe = findUnsafeMarkup(html);
    if (unsafe) throw new Error(`the lesson would put ${unsafe} in the page, which is not allowed`);
    const segments: LessonSegment[] = [];
    let last = 0;
    const pushHtml = (part: string) => {
      if (part.includes("<tamkeen-")) throw new Error("a <Quiz> or <Exercise> is placed inside another element; place it at the top level of the lesson");
      if (part.trim()) segments.push({ kind: "html", html: part });
    };
    for (const match of html.matchAll(BLOCK)) {
      pushHtml(html.slice(last, match.index));
      last = match.index + match[0].length;
      const n = Number(match[2]);
      if (match[1] === "exercise") {
        const { id, title } = collector.exercises[n];
        segments.push({ kind: "exercise", id, title, html: match[3] });
        continue;
      }
      const quiz = collector.quizzes[n];
      const questions = quiz.questions.map((q) => ({ id: q.id, prompt: q.prompt, multiple: q.multiple, options: q.options.map((id) => ({ id, html: "" })) }));
      for (const option of match[3].matchAll(OPTION)) questions[Number(option[1])].options[Number(option[2])].html = option[3];
      segments.push({ kind: "quiz", id: quiz.id, questions });
    }
    pushHtml(html.slice(last));
    return { ui, segments };
  });
}
