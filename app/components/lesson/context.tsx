import { createContext, useContext } from "react";

/** One graded question: whether it was answered right, what was chosen, and every option's correctness and explanation. */
export type QuestionFeedback = { id: string; correct: boolean; chosen: string[]; options: { id: string; correct: boolean; explanation: string }[] };

export type QuizFeedback = {
  quizId: string;
  score: number;
  passed: boolean;
  passMark: number;
  questions: QuestionFeedback[];
};

export type ExerciseState = {
  id: string;
  status: "none" | "submitted" | "changes_requested" | "accepted";
  answer?: string;
  feedback?: string | null;
  fileName?: string | null;
};

/** A refused quiz or exercise: why (an i18n key), and what the learner had ticked or typed, to give it back. */
export type RejectedSubmission =
  | { kind: "quiz"; id: string; error: string; answers: [questionId: string, optionIds: string[]][] }
  | { kind: "exercise"; id: string; error: string; answer: string };

// Lists, not objects keyed by id: ids come from lesson files and requests, and never index plain objects.
export type LessonRuntime = {
  /** Where quiz and exercise forms post; null in preview (not enrolled or lesson not open). */
  formAction: string | null;
  quizFeedback: QuizFeedback[];
  exercises: ExerciseState[];
  /** Why forms are disabled, as an i18n key. */
  lockedReason: string | null;
  rejected: RejectedSubmission | null;
  /** Orders each question's options for this learner (stable across reloads). */
  shuffleSeed?: string;
};

export const LessonRuntimeContext = createContext<LessonRuntime>({
  formAction: null,
  quizFeedback: [],
  exercises: [],
  lockedReason: "lesson.previewOnly",
  rejected: null,
});

export function useLessonRuntime() {
  return useContext(LessonRuntimeContext);
}

export function quizFeedbackOf(runtime: LessonRuntime, quizId: string) {
  return runtime.quizFeedback.find((f) => f.quizId === quizId);
}

export function exerciseStateOf(runtime: LessonRuntime, exerciseId: string) {
  return runtime.exercises.find((e) => e.id === exerciseId);
}

/** The refused submission of this quiz or exercise, if the page is answering one. */
export function rejectedFor<K extends RejectedSubmission["kind"]>(runtime: LessonRuntime, kind: K, id: string) {
  const r = runtime.rejected;
  return r && r.kind === kind && r.id === id ? (r as Extract<RejectedSubmission, { kind: K }>) : null;
}

export const QuizContext = createContext<{ quizId: string } | null>(null);
export const QuestionContext = createContext<{ quizId: string; questionId: string; multiple: boolean } | null>(null);

// ---------- A lesson rendered once per version (at compile time), joined per request with the learner's parts ----------

/** A quiz as stored with the compilation: texts and option contents as HTML rendered at compile time, no answers. */
export type QuizView = {
  kind: "quiz";
  id: string;
  questions: { id: string; prompt: string; multiple: boolean; options: { id: string; html: string }[] }[];
};

/** An exercise as stored: its instructions as HTML; the learner's state and form are added per request. */
export type ExerciseView = { kind: "exercise"; id: string; title: string; html: string };

export type LessonSegment = { kind: "html"; html: string } | QuizView | ExerciseView;

/** Per interface language (labels such as "Tip" follow the interface), the lesson as a list of stored segments. */
export type RenderedLesson = { ui: string; segments: LessonSegment[] }[];

/** Collects, during the compile-time render, what the markers in the HTML stand for (document order). */
export type CompileCollector = {
  quizzes: { id: string; questions: { id: string; prompt: string; multiple: boolean; options: string[] }[] }[];
  exercises: { id: string; title: string }[];
};
export const CompileContext = createContext<CompileCollector | null>(null);
