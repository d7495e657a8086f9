import type { ReactNode } from "react";

/**
 * The one way to show a left-to-right fragment — a period such as 2026-Q4 or 2026-11, a code, an email, a formula,
 * a file name, a number with its unit — inside text that may be right-to-left. `<bdi dir="ltr">` isolates it, so the
 * Unicode bidi algorithm neither reverses its parts (2026-11 → 11-2026) nor lets it reorder its neighbours.
 */
export function Ltr({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <bdi dir="ltr" className={className}>
      {children}
    </bdi>
  );
}

/** The same isolation for text that cannot hold markup (a document title, an attribute): LRI … PDI around it. */
export { ltrText } from "~/utils/i18n";
