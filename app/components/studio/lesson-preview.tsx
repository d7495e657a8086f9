import { useTranslation } from "react-i18next";
import { LessonBody } from "~/components/lesson";
import type { LessonSegment } from "~/components/lesson/context";
import { localeDir } from "~/utils/i18n";

export type PreviewFrontmatter = { title: string; summary: string; duration: number; objectives: string[] };

/**
 * A lesson version as a learner reads it: the same header and stored-HTML body as the lesson page, with quizzes and
 * exercises shown but not answerable. Rendered on the server (live check, no-JavaScript preview), never from raw input.
 */
export function LessonPreview({ locale, frontmatter, segments }: { locale: string; frontmatter: PreviewFrontmatter | null; segments: LessonSegment[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="lesson-body" lang={locale} dir={localeDir(locale)}>
      {frontmatter ? (
        <header className="lesson-header">
          <h1>{frontmatter.title}</h1>
          <p className="lead">{frontmatter.summary}</p>
          <details className="objectives" open>
            <summary lang={i18n.language} dir={localeDir(i18n.language)}>
              {t("lesson.objectives")} · {t("courses.minutes", { count: frontmatter.duration })}
            </summary>
            <ul>
              {frontmatter.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </details>
        </header>
      ) : null}
      <LessonBody segments={segments} runtime={{ formAction: null, quizFeedback: [], exercises: [], lockedReason: "lesson.previewOnly", rejected: null }} />
    </div>
  );
}
