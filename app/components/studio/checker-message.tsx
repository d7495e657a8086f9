import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { isCheckerText, translateChecker, type CheckerText } from "~/models/course/checker-text";
import { localeDir } from "~/utils/i18n";

/** What the checker said about one place of a lesson: its English words, and the same in any language when it has them. */
export type SaidDiagnostic = { message: string; says?: CheckerText };

/**
 * The checker's words in the interface's language: `{ text, english: false }`; or, for what only exists in English (a
 * parser's own reason with no key, an older stored problem), the English message: `{ text, english: true }`.
 */
export function useCheckerWords() {
  const { t, i18n } = useTranslation();
  const rtl = localeDir(i18n.language) === "rtl";
  return useCallback(
    (d: SaidDiagnostic) => {
      const translated = isCheckerText(d.says) ? translateChecker(t, (key) => i18n.exists(key), d.says, rtl) : null;
      return translated === null ? { text: d.message, english: true } : { text: translated, english: false };
    },
    [t, i18n, rtl],
  );
}

/** A checker message as a phrase of the page: in the page's language, or marked English and left to right when it has only English. */
export function CheckerMessage({ diagnostic }: { diagnostic: SaidDiagnostic }) {
  const words = useCheckerWords()(diagnostic);
  return words.english ? (
    <span className="diagnostic-message" dir="ltr" lang="en">
      {words.text}
    </span>
  ) : (
    <span className="diagnostic-message">{words.text}</span>
  );
}
