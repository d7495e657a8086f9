import type { TFunction } from "i18next";
import { ltrText } from "~/utils/i18n";

/**
 * What the lesson checker says, in a form every interface language can read: a key under `checker.` in the locale
 * files and the values to put in it. A value is a plain string or number (a file name, a component, a count) or
 * another such text (a reason, a part of a sentence). The English text of a diagnostic (`message`) is built from the
 * same keys on the server (`checker-text.server.ts`) for the command-line checker and the logs.
 */
export type CheckerValue = string | number | CheckerText;
export type CheckerText = { key: string; values?: Record<string, CheckerValue> };

/** Whether a value from the network has the shape of a checker text (the studio's live check answers JSON). */
export function isCheckerText(value: unknown, depth = 0): value is CheckerText {
  if (depth > 4 || typeof value !== "object" || value === null) return false;
  const { key, values } = value as { key?: unknown; values?: unknown };
  if (typeof key !== "string" || !/^[a-zA-Z][\w]*$/.test(key)) return false;
  if (values === undefined) return true;
  if (typeof values !== "object" || values === null || Array.isArray(values)) return false;
  return Object.values(values).every((v) => typeof v === "string" || typeof v === "number" || isCheckerText(v, depth + 1));
}

/**
 * A checker text in the interface's language, or null when this build has no such key (the caller then shows the
 * English message). Strings from the lesson (names, addresses, code) are isolated left to right inside a
 * right-to-left sentence, so "<Quizz>" never reads ">Quizz<".
 */
export function translateChecker(t: TFunction, exists: (key: string) => boolean, text: CheckerText, rtl: boolean): string | null {
  const key = `checker.${text.key}`;
  if (!exists(key) && !exists(`${key}_other`)) return null;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.values ?? {})) {
    if (typeof value === "object") {
      const inner = translateChecker(t, exists, value, rtl);
      if (inner === null) return null;
      values[name] = inner;
    } else values[name] = typeof value === "string" && rtl ? ltrText(value) : value;
  }
  return t(key, values) as string;
}
