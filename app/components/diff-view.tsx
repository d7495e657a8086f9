export type DiffLine = { kind: "same" | "added" | "removed"; text: string };

/** A line diff as text: each line marked + or − (and coloured), left to right, never HTML from the compared files. */
export function DiffView({ diff, label }: { diff: DiffLine[]; label?: string }) {
  return (
    <pre className="diff" dir="ltr" aria-label={label}>
      {diff.map((line, i) => (
        <span key={i} className={line.kind}>
          {line.kind === "added" ? "+ " : line.kind === "removed" ? "− " : "  "}
          {line.text}
        </span>
      ))}
    </pre>
  );
}
