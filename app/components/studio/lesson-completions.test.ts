import { CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { componentSpecs } from "~/components/lesson/specs";
import { lessonCompletions } from "./lesson-completions";

/** Completes at the "|" of `text`, as CodeMirror would while typing (explicit = Ctrl-Space). */
function complete(text: string, options: { files?: string[]; explicit?: boolean } = {}) {
  const pos = text.indexOf("|");
  const doc = text.slice(0, pos) + text.slice(pos + 1);
  const state = EditorState.create({ doc });
  const result = lessonCompletions(options.files)(new CompletionContext(state, pos, options.explicit ?? false)) as CompletionResult | null;
  return result ? { from: result.from, typed: doc.slice(result.from, pos), labels: result.options.map((o) => o.label), result } : null;
}

describe("lesson autocompletion", () => {
  it("offers every lesson component after <, Quiz among them, from the checker's specs", () => {
    const c = complete("## عنوان\n\n<Q|");
    expect(c?.typed).toBe("Q");
    expect(c?.labels).toEqual(Object.keys(componentSpecs));
    expect(c?.labels).toContain("Quiz");
    const quiz = c!.result.options.find((o) => o.label === "Quiz")!;
    expect(quiz.info).toBe("id: string\npassMark?: number");
  });

  it("inside an opening tag offers the props not written yet, with their types", () => {
    const c = complete('<Callout type="tip" |');
    expect(c?.labels).toEqual(["title"]);
    const figure = complete("<Figure src={x} w|");
    expect(figure?.typed).toBe("w");
    expect(figure?.labels).toEqual(["alt", "width", "height", "caption"]);
    const video = complete("<Video |")!;
    expect(video.result.options.find((o) => o.label === "duration")?.detail).toBe("number *");
  });

  it("offers the allowed values of a prop that has a list of them, and the lesson's files for a file prop", () => {
    expect(complete('<Callout type="w|')?.labels).toEqual(["tip", "warning", "example"]);
    expect(complete('<Download file="|', { files: ["budget.xlsx", "modele.docx"] })?.labels).toEqual(["./budget.xlsx", "./modele.docx"]);
    expect(complete('<Download title="|', { files: ["budget.xlsx"] })).toBeNull();
  });

  it("stays quiet in text, after a closed tag, inside another prop's value and for unknown components", () => {
    expect(complete("نص عادي |")).toBeNull();
    expect(complete('<Quiz id="q1">\nسؤال |')).toBeNull();
    expect(complete('<Callout type="tip" title="Le budget |')).toBeNull();
    expect(complete("<Figure width={3|")).toBeNull();
    expect(complete("<toString |")).toBeNull();
    expect(complete("<constructor |")).toBeNull();
  });
});
