import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { positionOf, toCmDiagnostics } from "./codemirror";

const doc = "---\ntitle: x\n---\n\nنص عربي <Quizz /> هنا\n";

describe("checker positions in the editor", () => {
  const state = EditorState.create({ doc });

  it("turns line:column (from 1) into a document position, on the right character of an Arabic line", () => {
    const at = positionOf(state, 5, 9);
    expect(doc.slice(at, at + 7)).toBe("<Quizz ");
  });

  it("keeps positions past the end of a line or of the document inside them", () => {
    expect(positionOf(state, 2, 99)).toBe(doc.indexOf("\n---", 4));
    expect(positionOf(state, 99, 1)).toBe(doc.length);
    expect(positionOf(state, 0, 0)).toBe(0);
  });

  it("marks from the column to the end of the line, at least one character, with the checker's severity", () => {
    const [error, warning, empty] = toCmDiagnostics(state, [
      { line: 5, column: 9, severity: "error", message: "unknown component <Quizz>" },
      { line: 2, column: 1, severity: "warning", message: "w" },
      { line: 4, column: 1, severity: "other", message: "blank line" },
    ]);
    expect(doc.slice(error.from, error.to)).toBe("<Quizz /> هنا");
    expect(error.severity).toBe("error");
    expect(doc.slice(warning.from, warning.to)).toBe("title: x");
    expect(empty.to - empty.from).toBe(1);
    expect(empty.severity).toBe("warning");
  });
});
