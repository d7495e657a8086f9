import type { ComponentType } from "react";
import { Callout, Checklist, Download, Exercise, Figure, LessonExercise, LessonQuiz, Option, Question, Quiz, Steps, Video } from "./components";
import type { LessonRuntime, LessonSegment } from "./context";
import type { LessonComponentName } from "./specs";

/** The only components a lesson can use; the checker reads the same names from specs.ts. */
export const lessonComponents = { Callout, Quiz, Question, Option, Exercise, Video, Download, Figure, Steps, Checklist } satisfies Record<
  LessonComponentName,
  ComponentType<any>
>;

/**
 * A lesson as the learner sees it: the HTML stored at compile time, joined with the parts that depend on the learner
 * (quizzes, exercises). No lesson code runs here, nor in the browser.
 */
export function LessonBody({ segments, runtime }: { segments: LessonSegment[]; runtime: LessonRuntime }) {
  return (
    <div className="lesson-content">
      {segments.map((segment, i) =>
        segment.kind === "quiz" ? (
          <LessonQuiz key={i} quiz={segment} runtime={runtime} />
        ) : segment.kind === "exercise" ? (
          <LessonExercise key={i} exercise={segment} runtime={runtime} />
        ) : (
          <div key={i} className="lesson-flow" dangerouslySetInnerHTML={{ __html: segment.html }} />
        ),
      )}
    </div>
  );
}
