import { getMDXComponent } from "mdx-bundler/client";
import { useMemo, type ComponentType } from "react";
import { Callout, Checklist, Download, Exercise, Figure, Option, Question, Quiz, Steps, Video } from "./components";
import type { LessonComponentName } from "./specs";

/** The only components a lesson can use; the checker reads the same names from specs.ts. */
export const lessonComponents = { Callout, Quiz, Question, Option, Exercise, Video, Download, Figure, Steps, Checklist } satisfies Record<
  LessonComponentName,
  ComponentType<any>
>;

// mdx-bundler evaluates lesson code with `new Function`: do it once per distinct code string, not per render
// (on the server that would be once per request). Bounded so that edited lessons do not pile up.
const evaluated = new Map<string, ReturnType<typeof getMDXComponent>>();
function componentFor(code: string) {
  let component = evaluated.get(code);
  if (!component) {
    component = getMDXComponent(code);
    if (evaluated.size >= 200) evaluated.delete(evaluated.keys().next().value!);
    evaluated.set(code, component);
  }
  return component;
}

/** Renders compiled lesson code with the registered components only. */
export function LessonBody({ code }: { code: string }) {
  const Component = useMemo(() => componentFor(code), [code]);
  return <Component components={lessonComponents} />;
}
