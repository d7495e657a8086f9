import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import type { Course, Lesson, Locale } from "../../../db/schema";
import type { RenderedLesson } from "~/components/lesson/context";
import { LessonPreview, type PreviewFrontmatter } from "~/components/studio/lesson-preview";
import { translatorFor } from "~/models/course/lesson-html.server";
import { getDraft, MAX_SOURCE_BYTES, readLessonSource } from "./drafts.server";

/** The live check's body: a lesson source (at most 1 MB), its language and the multipart framing around them. */
export const CHECK_BODY_LIMIT = MAX_SOURCE_BYTES + 16 * 1024;

/** What the editor shows of a language it is not editing: that language's shared draft, else its file; null when not written. */
export function savedSource(course: Pick<Course, "folder">, lesson: Pick<Lesson, "id" | "folder">, locale: Locale): string | null {
  return getDraft(lesson.id, locale)?.draft.source ?? readLessonSource(course, lesson, locale)?.source ?? null;
}

/** Where a source holds what no lesson should (a pasted binary file): the line and column of the first such character. */
export function firstBinaryCharacter(source: string): { line: number; column: number } | null {
  // eslint-disable-next-line no-control-regex
  const at = source.search(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/);
  if (at === -1) return null;
  const before = source.slice(0, at);
  return { line: before.split("\n").length, column: at - before.lastIndexOf("\n") };
}

/**
 * A checked source's preview as HTML: the lesson as learners get it from the compile pipeline (header, stored HTML,
 * quizzes and exercises without their forms), with the labels ("Tip"…) in the interface language. Null while it has errors.
 */
export function previewHtml(checked: { rendered: RenderedLesson | null; frontmatter: PreviewFrontmatter | null }, locale: Locale, ui: string): string | null {
  const segments = (checked.rendered?.find((r) => r.ui === ui) ?? checked.rendered?.[0])?.segments;
  if (!segments) return null;
  return renderToStaticMarkup(
    <I18nextProvider i18n={translatorFor(ui)}>
      <LessonPreview locale={locale} frontmatter={checked.frontmatter} segments={segments} />
    </I18nextProvider>,
  );
}
