// The lesson editor in the browser. Loaded only through a dynamic import from code-editor.tsx, so CodeMirror is a chunk
// of its own that only the studio's editor page downloads.
import { autocompletion, closeBrackets } from "@codemirror/autocomplete";
import { markdownKeymap, markdownLanguage } from "@codemirror/lang-markdown";
import { LanguageSupport, bracketMatching } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { EditorState, Prec, RangeSetBuilder, type Extension } from "@codemirror/state";
import {
  Decoration,
  Direction,
  EditorView,
  MatchDecorator,
  ViewPlugin,
  highlightActiveLine,
  keymap,
  lineNumbers,
  type DecorationSet,
  type ViewUpdate,
} from "@codemirror/view";
import { minimalSetup } from "codemirror";
import { lessonCompletions } from "./lesson-completions";
import type { CheckerText } from "~/models/course/checker-text";

/** A checker diagnostic: "error" or "warning" (anything else is shown as a warning). */
export type LineDiagnostic = { line: number; column: number; severity: string; message: string; says?: CheckerText };

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

// Markdown without its HTML sub-language (which brings JavaScript and CSS parsers, three times the editor's weight):
// lesson components and their props are picked out by a pattern instead.
const jsxMarks = new MatchDecorator({
  regexp: /<\/?[A-Z][A-Za-z]*|\/?>|\b[a-zA-Z]+(?==[{"])/g,
  decoration: (m) => Decoration.mark({ class: m[0].startsWith("<") || m[0].endsWith(">") ? "cm-jsx-tag" : "cm-jsx-prop" }),
});
// A component written inside Arabic text (<Quizz /> in a sentence) reads left to right, brackets unmirrored: isolated.
const tagIsolate = Decoration.mark({ class: "cm-jsx-isolate", attributes: { dir: "ltr" }, bidiIsolate: Direction.LTR });
const inlineTags = new MatchDecorator({ regexp: /<\/?[A-Z][A-Za-z]*(?:\s[^<>\n]*?)?\/?>/g, decoration: () => tagIsolate });
const isolatedTags = ViewPlugin.fromClass(
  class {
    isolates: DecorationSet;
    constructor(view: EditorView) {
      this.isolates = inlineTags.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.isolates = inlineTags.updateDeco(update, this.isolates);
    }
  },
  {
    decorations: (v) => v.isolates,
    provide: (plugin) => EditorView.bidiIsolatedRanges.of((view) => view.plugin(plugin)?.isolates ?? Decoration.none),
  },
);

const lessonSyntax: Extension = [
  // Lowest precedence is the outermost element: a lint mark starting inside a tag then does not cut the isolate in two.
  Prec.lowest(isolatedTags),
  new LanguageSupport(markdownLanguage),
  Prec.high(keymap.of(markdownKeymap)),
  ViewPlugin.fromClass(
    class {
      marks: DecorationSet;
      constructor(view: EditorView) {
        this.marks = jsxMarks.createDeco(view);
      }
      update(update: ViewUpdate) {
        this.marks = jsxMarks.updateDeco(update, this.marks);
      }
    },
    { decorations: (v) => v.marks },
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
  // The lint package draws its marks with data: images, which img-src 'self' refuses: drawn with CSS instead.
  ".cm-lintRange-error, .cm-lintRange-warning": { backgroundImage: "none", textDecorationLine: "underline", textDecorationStyle: "wavy" },
  ".cm-lintRange-error": { textDecorationColor: "#b91c1c" },
  ".cm-lintRange-warning": { textDecorationColor: "#b45309" },
  ".cm-lint-marker": { content: "normal", display: "inline-block", inlineSize: "0.7em", blockSize: "0.7em", borderRadius: "50%" },
  ".cm-lint-marker-error": { content: "normal", backgroundColor: "#dc2626" },
  ".cm-lint-marker-warning": { content: "normal", backgroundColor: "#f59e0b", borderRadius: "2px" },
  ".cm-jsx-isolate": { unicodeBidi: "isolate" },
  ".cm-jsx-tag": { color: "#0f5f9a", fontWeight: "600" },
  ".cm-jsx-prop": { color: "#7a4b00" },
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
        lessonSyntax,
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
