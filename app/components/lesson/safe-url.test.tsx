import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Download, Figure, markdownComponents, Video } from "./components";
import { findUnsafeMarkup, safeFileHref, safeImageSrc, safeLinkHref } from "./safe-url";

// The renderer's own guard: even if a lesson bypassed the checker, no javascript:, data:, protocol-relative or
// third-party image address reaches the page.
const hostile = [
  "javascript:alert(1)",
  " JavaScript:alert(1)",
  "java\tscript:alert(1)",
  "\u0000javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "//evil.example/x.pdf",
  "/\\evil.example/x.pdf",
  "/\t/evil.example/x.pdf",
  "plan.pdf",
];

describe("lesson addresses", () => {
  it("keeps site paths and https for files, adds http, mailto, tel and anchors for links, only site paths for images", () => {
    expect(safeFileHref("/course-assets/c/l/plan.pdf?v=1")).toBe("/course-assets/c/l/plan.pdf?v=1");
    expect(safeFileHref("https://example.org/a.pdf")).toBe("https://example.org/a.pdf");
    expect(safeFileHref("http://example.org/a.pdf")).toBeUndefined();
    expect(safeLinkHref("http://example.org/")).toBe("http://example.org/");
    expect(safeLinkHref("mailto:a@b.ma")).toBe("mailto:a@b.ma");
    expect(safeLinkHref("#part")).toBe("#part");
    expect(safeImageSrc("/course-assets/c/l/a.svg")).toBe("/course-assets/c/l/a.svg");
    expect(safeImageSrc("https://example.org/a.png")).toBeUndefined();
    for (const url of hostile) {
      expect(safeFileHref(url), url).toBeUndefined();
      expect(safeLinkHref(url), url).toBeUndefined();
      expect(safeImageSrc(url), url).toBeUndefined();
    }
  });

  it("renders no hostile address in Download, Video, Figure, Markdown links and images", () => {
    for (const url of hostile) {
      const html = renderToStaticMarkup(
        <>
          <Download file={url} title="Plan" />
          <Video title="V" poster={url} duration={30} src={url} />
          <Figure src={url} alt="Schéma" width={10} height={10} />
          <markdownComponents.a href={url}>lien</markdownComponents.a>
          <markdownComponents.img src={url} alt="image" />
        </>,
      );
      expect(html, url).not.toMatch(/(href|src)="[^"]*(script:|data:|\/\/evil|\\evil|plan\.pdf)/i);
      expect(html).toContain("Schéma");
    }
    const ok = renderToStaticMarkup(<Download file="https://example.org/guide.pdf" title="Guide" />);
    expect(ok).toContain('href="https://example.org/guide.pdf"');
    expect(ok).toContain('rel="noopener noreferrer"');
  });
});

describe("the last check on a lesson's stored HTML", () => {
  it("accepts what the lesson components render", () => {
    const html = renderToStaticMarkup(
      <>
        <Download file="/course-assets/c/l/plan.pdf?v=abc&amp;x=1" fileSize="1200" title="Plan" />
        <Video title="V" poster="/course-assets/c/l/p.svg" duration={30} youtube="aBcDeFgHiJk" />
        <Figure src="/course-assets/c/l/a.svg" alt="Schéma" width={10} height={10} caption="Légende" />
        <markdownComponents.a href="mailto:centre@example.ma">écrire</markdownComponents.a>
        <markdownComponents.a href="#part">plus bas</markdownComponents.a>
        <p>Du texte qui parle de &lt;script&gt; et de onclick=&quot;x&quot; sans danger.</p>
      </>,
    );
    expect(findUnsafeMarkup(html)).toBeNull();
  });

  it("names the element or address that must not reach a page", () => {
    expect(findUnsafeMarkup("<p>x</p><script>alert(1)</script>")).toBe("<script>");
    expect(findUnsafeMarkup('<iframe src="https://example.org"></iframe>')).toBe("<iframe>");
    expect(findUnsafeMarkup('<a href="javascript:alert(1)">x</a>')).toBe('href="javascript:alert(1)"');
    expect(findUnsafeMarkup('<a href="&#x6A;avascript:alert(1)">x</a>')).toMatch(/^href=/);
    expect(findUnsafeMarkup('<img src="https://tracker.example/p.png" alt=""/>')).toBe('src="https://tracker.example/p.png"');
    expect(findUnsafeMarkup('<div onmouseover="alert(1)">x</div>')).toMatch(/^onmouseover=/);
    expect(findUnsafeMarkup('<svg><a xlink:href="javascript:x"></a></svg>')).toBe("<svg>");
  });
});
