import en from "~/locales/en/common.json";
import type { CheckerText, CheckerValue } from "./checker-text";

type Keys = keyof typeof en.checker;
/** A key as code names it: "questions" for the plural pair "questions_one" / "questions_other". */
export type CheckerKey = Keys extends infer K ? (K extends `${infer Base}_${"one" | "other"}` ? Base : K) : never;

const templates: Record<string, string> = en.checker;

/** A checker text in English (the command-line checker, logs, tests). */
export function english(text: CheckerText): string {
  const count = text.values?.count;
  const template = templates[text.key] ?? (typeof count === "number" ? templates[`${text.key}_${count === 1 ? "one" : "other"}`] : undefined);
  if (template === undefined) throw new Error(`checker text "${text.key}" is not in en/common.json`);
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = text.values && Object.hasOwn(text.values, name) ? text.values[name] : undefined;
    if (value === undefined) return whole;
    return typeof value === "object" ? english(value) : String(value);
  });
}

/** A checker text and its English words: spread it into a diagnostic (`{ ...say(…) }` gives `message` and `says`). */
export function say(key: CheckerKey, values?: Record<string, CheckerValue>): { message: string; says: CheckerText } {
  const says: CheckerText = values ? { key, values } : { key };
  return { message: english(says), says };
}

/** A part of a sentence, to put inside another (`say("x", { problem: part("notSvg") })`). */
export function part(key: CheckerKey, values?: Record<string, CheckerValue>): CheckerText {
  return values ? { key, values } : { key };
}
