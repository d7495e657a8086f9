import { getMDXComponent } from "mdx-bundler/client";
import { useMemo, type ComponentType } from "react";
import { Callout, Checklist, Download, Exercise, Figure, Option, Question, Quiz, Steps, Video } from "./components";
import type { LessonComponentName } from "./specs";

/** The only components a lesson can use; the checker reads the same names from specs.ts. */
export const lessonComponents = { Callout, Quiz, Question, Option, Exercise, Video, Download, Figure, Steps, Checklist } satisfies Record<
  LessonComponentName,
  ComponentType<any>
>;

/** Renders compiled lesson code. mdx-bundler evaluates it with `new Function`, so it is memoised by the code string. */
export function LessonBody({ code }: { code: string }) {
  const Component = useMemo(() => getMDXComponent(code), [code]);
  return <Component components={lessonComponents} />;
}
