// What an author may write in a lesson: the component names and their props.
// The checker, the compiler and the React component map all read this one table.

export type PropKind = "string" | "number" | "boolean" | "file";

/**
 * A "file" prop names a file beside the lesson (./plan.pdf) or, unless `image`, an https:// address; an `image` is always a
 * lesson file (pages load nothing from other servers).
 */
export type PropSpec = { kind: PropKind; required?: boolean; oneOf?: readonly string[]; image?: boolean };

export type ComponentSpec = {
  props: Record<string, PropSpec>;
  /** Components this one may only appear inside. */
  parent?: string;
  /** Whether the element wraps Markdown children. */
  children: boolean;
};

export const componentSpecs = {
  Callout: { children: true, props: { type: { kind: "string", required: true, oneOf: ["tip", "warning", "example"] }, title: { kind: "string" } } },
  Quiz: { children: true, props: { id: { kind: "string", required: true }, passMark: { kind: "number" } } },
  Question: {
    children: true,
    parent: "Quiz",
    props: { id: { kind: "string", required: true }, prompt: { kind: "string", required: true }, multiple: { kind: "boolean" } },
  },
  Option: {
    children: true,
    parent: "Question",
    props: { id: { kind: "string", required: true }, correct: { kind: "boolean" }, explanation: { kind: "string", required: true } },
  },
  Exercise: { children: true, props: { id: { kind: "string", required: true }, title: { kind: "string", required: true } } },
  Video: {
    children: false,
    props: {
      title: { kind: "string", required: true },
      poster: { kind: "file", required: true, image: true },
      duration: { kind: "number", required: true },
      src: { kind: "file" },
      youtube: { kind: "string" },
    },
  },
  Download: { children: false, props: { file: { kind: "file", required: true }, title: { kind: "string", required: true } } },
  Figure: {
    children: false,
    props: {
      src: { kind: "file", required: true, image: true },
      alt: { kind: "string", required: true },
      // Read from the image at compile time when left out.
      width: { kind: "number" },
      height: { kind: "number" },
      caption: { kind: "string" },
    },
  },
  Steps: { children: true, props: {} },
  Checklist: { children: true, props: {} },
} as const satisfies Record<string, ComponentSpec>;

export type LessonComponentName = keyof typeof componentSpecs;

const specTable = new Map<string, ComponentSpec>(Object.entries(componentSpecs));

/** The spec of a component an author wrote, by name; never a prototype property (`<toString />`, `<constructor />`). */
export function specOf(name: string): ComponentSpec | undefined {
  return specTable.get(name);
}

/** A prop's spec; `__proto__` or `constructor` as a prop name is simply unknown. */
export function propSpecOf(spec: ComponentSpec, name: string): PropSpec | undefined {
  return Object.hasOwn(spec.props, name) ? spec.props[name] : undefined;
}

/** Components an author may write at the top level (not those only allowed inside another). */
export const TOP_LEVEL_COMPONENTS = [...specTable].filter(([, spec]) => !spec.parent).map(([name]) => name);

/**
 * Lesson source sizes, in bytes of UTF-8, checked before anything parses the text: above `warnBytes` the checker warns (a
 * long page on a phone, a heavy download on a metered line); above `maxBytes` it refuses (compiling a 3 MB paragraph took
 * 1 GB of memory).
 */
export const LESSON_SOURCE_LIMITS = { warnBytes: 150 * 1024, maxBytes: 1024 * 1024 } as const;

/** The longest exercise answer a learner may send: the textarea's limit and the server's. */
export const MAX_ANSWER_LENGTH = 20_000;

/** Bumped whenever the compiler or the components change what compiled code means; part of the cache key. */
export const LESSON_COMPILER_VERSION = "6";
