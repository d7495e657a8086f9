// The lesson editor in the browser. Loaded only through a dynamic import from code-editor.tsx, so CodeMirror is a chunk
// of its own that only the studio's editor page downloads.
import { autocompletion, closeBrackets } from "@codemirror/autocomplete";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { bracketMatching } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { EditorState, RangeSetBuilder, type Extension } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, highlightActiveLine, lineNumbers, type DecorationSet, type ViewUpdate } from "@codemirror/view";
import { minimalSetup } from "codemirror";
import { lessonCompletions } from "./lesson-completions";

/** A checker diagnostic: "error" or "warning" (anything else is shown as a warning). */
export type LineDiagnostic = { line: number; column: number; severity: string; message: string };

const autoDirection = Decoration.line({ attributes: { dir: "auto" } });

function autoDirections(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to;) {
      const line = view.state.doc.lineAt(pos);
      builder.add(line.from, line.from, autoDirection);
      pos = line.to + 1;
    }
  }
  return builder.finish();
}

/** Each line takes its direction from its first strong character: Arabic text reads right to left, code left to right. */
const perLineDirection: Extension = [
  EditorView.perLineTextDirection.of(true),
  ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = autoDirections(view);
      }
      update(update: ViewUpdate) {
        if (update.docChanged || update.viewportChanged) this.decorations = autoDirections(update.view);
      }
    },
    { decorations: (v) => v.decorations },
  ),
];

const theme = EditorView.theme({
  "&": { fontSize: "16px", border: "1px solid #94a3b8", borderRadius: "6px", backgroundColor: "#fff" },
  "&.cm-focused": { outline: "3px solid #0f766e", outlineOffset: "1px" },
  ".cm-scroller": {
    fontFamily: '"Noto Sans Arabic", "Noto Sans", ui-monospace, monospace',
    lineHeight: "1.7",
    minHeight: "60vh",
    maxHeight: "80vh",
  },
  ".cm-content": { paddingBlock: "8px" },
  ".cm-gutters": { backgroundColor: "#f1f5f9", color: "#475569", borderInlineEnd: "1px solid #cbd5e1" },
  ".cm-lintRange-error": { textDecorationLine: "underline", textDecorationStyle: "wavy", textDecorationColor: "#b91c1c" },
  ".cm-tooltip-autocomplete > ul": { fontFamily: "ui-monospace, monospace", maxHeight: "40vh" },
});

export type LessonEditorOptions = {
  parent: HTMLElement;
  doc: string;
  /** The lesson language's direction: the base for lines without a strong character. */
  dir: "rtl" | "ltr";
  label: string;
  files?: readonly string[];
  /** This document's CSP nonce, for the styles CodeMirror injects. */
  nonce?: string;
  onChange: (doc: string) => void;
};

export type LessonEditor = {
  view: EditorView;
  showDiagnostics: (list: LineDiagnostic[]) => void;
  goTo: (line: number, column: number) => void;
  replaceDoc: (doc: string) => void;
  destroy: () => void;
};

/** A position from a checker line:column (both from 1), kept inside the document. */
export function positionOf(state: EditorState, line: number, column: number) {
  const l = state.doc.line(Math.min(Math.max(1, line), state.doc.lines));
  return Math.min(l.from + Math.max(0, column - 1), l.to);
}

export function toCmDiagnostics(state: EditorState, list: LineDiagnostic[]): CmDiagnostic[] {
  return list.map((d) => {
    const from = positionOf(state, d.line, d.column);
    const line = state.doc.lineAt(from);
    // The rest of the line is marked (at least one character), so a mark on an empty or finished line still shows.
    const to = from < line.to ? line.to : Math.min(from + 1, state.doc.length);
    return { from: to === from && from > line.from ? from - 1 : from, to, severity: d.severity === "error" ? "error" : "warning", message: d.message };
  });
}

export function createLessonEditor(options: LessonEditorOptions): LessonEditor {
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        options.nonce ? EditorView.cspNonce.of(options.nonce) : [],
        minimalSetup,
        lineNumbers(),
        highlightActiveLine(),
        bracketMatching(),
        closeBrackets(),
        EditorView.lineWrapping,
        perLineDirection,
        markdown({ base: markdownLanguage, completeHTMLTags: false, addKeymap: true }),
        autocompletion({ override: [lessonCompletions(options.files)], icons: false }),
        lintGutter(),
        theme,
        EditorView.contentAttributes.of({ "aria-label": options.label, dir: options.dir, spellcheck: "true", autocapitalize: "off" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    showDiagnostics(list) {
      view.dispatch(setDiagnostics(view.state, toCmDiagnostics(view.state, list)));
    },
    goTo(line, column) {
      const pos = positionOf(view.state, line, column);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
    replaceDoc(doc) {
      if (doc !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } });
    },
    destroy: () => view.destroy(),
  };
}
