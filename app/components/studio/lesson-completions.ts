import type { Completion, CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { snippetCompletion } from "@codemirror/autocomplete";
import { componentSpecs, type ComponentSpec, type PropSpec } from "~/components/lesson/specs";

/** How far back a tag is looked for: a component's opening tag is rarely longer (Option explanations are the longest). */
const LOOK_BEHIND = 2000;

const specs = new Map<string, ComponentSpec>(Object.entries(componentSpecs));

function typeOf(prop: PropSpec) {
  return prop.oneOf ? prop.oneOf.join(" | ") : prop.kind;
}

function propTemplate(name: string, prop: PropSpec, placeholder = "") {
  if (prop.kind === "boolean") return name;
  if (prop.kind === "number") return `${name}={#{${placeholder}}}`;
  return `${name}="#{${prop.oneOf?.[0] ?? placeholder}}"`;
}

/** `<Quiz` completed to `<Quiz id="">…</Quiz>` with the required props as fields to fill. */
function componentCompletion(name: string, spec: ComponentSpec): Completion {
  const required = Object.entries(spec.props).filter(([, p]) => p.required);
  const attrs = required.map(([prop, p]) => ` ${propTemplate(prop, p)}`).join("");
  const body = spec.children ? `${name}${attrs}>\n#{}\n</${name}>` : `${name}${attrs} />`;
  return snippetCompletion(body, {
    label: name,
    type: "type",
    detail: spec.parent ? `⊂ ${spec.parent}` : undefined,
    info: Object.entries(spec.props)
      .map(([prop, p]) => `${prop}${p.required ? "" : "?"}: ${typeOf(p)}`)
      .join("\n"),
    // Components allowed at the top level first: what an author most often wants after "<".
    boost: spec.parent ? -1 : 0,
  });
}

const componentOptions = [...specs].map(([name, spec]) => componentCompletion(name, spec));

/** The opening tag the cursor is in, if any: its name, the props already written, and the text after the name. */
export function openTagAt(before: string): { name: string; written: Set<string>; inside: string } | null {
  const lt = before.lastIndexOf("<");
  if (lt === -1 || before.indexOf(">", lt) !== -1) return null;
  const m = /^<([A-Z][A-Za-z]*)(\s[\s\S]*)?$/.exec(before.slice(lt));
  if (!m || m[2] === undefined) return null;
  const inside = m[2];
  const written = new Set([...inside.matchAll(/(?:^|\s)([A-Za-z]+)(?==|\s|$)/g)].map((a) => a[1]));
  return { name: m[1], written, inside };
}

/**
 * Completes lesson components after "<", their props inside an opening tag, the allowed values of a prop that has a
 * list of them, and file names for file props. Reads the same specs as the checker.
 */
export function lessonCompletions(files: readonly string[] = []) {
  return (context: CompletionContext): CompletionResult | null => {
    const start = Math.max(0, context.pos - LOOK_BEHIND);
    const before = context.state.sliceDoc(start, context.pos);

    const name = /<([A-Za-z]*)$/.exec(before);
    if (name) return { from: context.pos - name[1].length, options: componentOptions, validFor: /^[A-Za-z]*$/ };

    const tag = openTagAt(before);
    const spec = tag ? specs.get(tag.name) : undefined;
    if (!tag || !spec) return null;

    const value = /\s([A-Za-z]+)="([^"]*)$/.exec(tag.inside);
    if (value) {
      const prop = Object.hasOwn(spec.props, value[1]) ? (spec.props as Record<string, PropSpec>)[value[1]] : undefined;
      const choices = prop?.oneOf ?? (prop?.kind === "file" ? files.map((f) => `./${f}`) : []);
      if (!choices.length) return null;
      return { from: context.pos - value[2].length, options: choices.map((label) => ({ label, type: "enum" })), validFor: /^[^"]*$/ };
    }
    // Inside a quoted or braced value of another prop: nothing to suggest.
    if ((tag.inside.match(/"/g)?.length ?? 0) % 2 === 1 || /=\{[^}]*$/.test(tag.inside)) return null;

    const word = /(?:^|\s)([A-Za-z]*)$/.exec(tag.inside);
    if (!word) return null;
    if (!word[1] && !context.explicit && !/\s$/.test(tag.inside)) return null;
    const options = Object.entries(spec.props)
      .filter(([prop]) => !tag.written.has(prop) || prop === word[1])
      .map(([prop, p]) =>
        snippetCompletion(propTemplate(prop, p), {
          label: prop,
          type: "property",
          detail: `${typeOf(p)}${p.required ? " *" : ""}`,
          boost: p.required ? 1 : 0,
        }),
      );
    return options.length ? { from: context.pos - word[1].length, options, validFor: /^[A-Za-z]*$/ } : null;
  };
}
