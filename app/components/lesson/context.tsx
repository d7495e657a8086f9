import { createContext, useContext } from "react";

export type QuizFeedback = {
  quizId: string;
  score: number;
  passed: boolean;
  passMark: number;
  /** Per question: whether it was answered right, and every option's correctness and explanation. */
  questions: Record<string, { correct: boolean; chosen: string[]; options: Record<string, { correct: boolean; explanation: string }> }>;
};

export type ExerciseState = {
  id: string;
  status: "none" | "submitted" | "changes_requested" | "accepted";
  answer?: string;
  feedback?: string | null;
  fileName?: string | null;
};

export type LessonRuntime = {
  /** Where quiz and exercise forms post; null in preview (not enrolled or lesson not open). */
  formAction: string | null;
  quizFeedback: Record<string, QuizFeedback>;
  exercises: Record<string, ExerciseState>;
  /** Why forms are disabled, as an i18n key. */
  lockedReason: string | null;
};

export const LessonRuntimeContext = createContext<LessonRuntime>({ formAction: null, quizFeedback: {}, exercises: {}, lockedReason: "lesson.previewOnly" });

export function useLessonRuntime() {
  return useContext(LessonRuntimeContext);
}

export const QuizContext = createContext<{ quizId: string } | null>(null);
export const QuestionContext = createContext<{ quizId: string; questionId: string; multiple: boolean } | null>(null);
