import { describe, expect, it } from "vitest";
import { english } from "./checker-text.server";
import { expectedFileKind, fileTypeProblem as typeProblem, lessonFileType, svgProblem as svgText } from "./file-types";

// The problems are checker texts (translated in the studio); these read their English words.
const fileTypeProblem = (...args: Parameters<typeof typeProblem>) => {
  const text = typeProblem(...args);
  return text && english(text);
};
const svgProblem = (svg: string) => {
  const text = svgText(svg);
  return text && english(text);
};

const svg = (inner: string, attrs = "") =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"${attrs}>${inner}</svg>`;

describe("the one list of lesson file types", () => {
  it("serves each listed type with its own Content-Type and kind; prototype names are no type", () => {
    expect(lessonFileType("slides.PPTX")).toMatchObject({
      kind: "download",
      mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    });
    expect(lessonFileType("photo.jpeg")).toMatchObject({ kind: "image", mime: "image/jpeg" });
    for (const name of ["x.constructor", "x.__proto__", "x.toString", "README", ".png", "x.mdx", "course.yaml"])
      expect(lessonFileType(name), name).toBeUndefined();
  });

  it("says what to use instead of the legacy formats, and what a prop expects", () => {
    expect(fileTypeProblem("budget.xls")).toBe(
      '".xls" files are not accepted; save it as .xlsx instead (allowed: svg, png, jpg, jpeg, webp, mp4, webm, pdf, docx, xlsx, pptx, odt, ods, csv, txt)',
    );
    expect(fileTypeProblem("anim.gif", "image")).toBe('".gif" files are not accepted; save it as .png instead (allowed: svg, png, jpg, jpeg, webp)');
    expect(fileTypeProblem("guide.pdf", expectedFileKind("Figure", "src"))).toBe("must be an image (svg, png, jpg, jpeg, webp)");
    expect(fileTypeProblem("talk.mp4", expectedFileKind("Video", "src"))).toBeNull();
    expect(fileTypeProblem("guide.pdf", expectedFileKind("Download", "file"))).toBeNull();
  });

  it("accepts a plain drawing and refuses every active or external part of an SVG", () => {
    expect(svgProblem(svg('<rect width="10" height="10" fill="url(#g)"/><use href="#a"/><use xlink:href="#b"/>'))).toBeNull();
    const refused: [string, string][] = [
      [svg("<script>alert(1)</script>"), "contains a script"],
      [svg('<rect onclick="alert(1)"/>'), "contains an event handler (onclick)"],
      [svg("<rect/>", ' onload="alert(1)"'), "contains an event handler (onload)"],
      [svg("<foreignObject><p>x</p></foreignObject>"), "foreignObject"],
      [svg('<image href="https://tracker.example/p.png"/>'), 'href="https://tracker.example/p.png"'],
      [svg('<image xlink:href="data:image/png;base64,AAAA"/>'), 'href="data:image/png;base64,AAAA"'],
      [svg('<a href="javascript:alert(1)"><rect/></a>'), 'href="javascript:alert(1)"'],
      [svg("<rect style=\"fill:url('https://x.example/a')\"/>"), "url(https://x.example/a)"],
      [svg("<style>@import 'https://x.example/a.css';</style>"), "imports a style sheet"],
      [`<!DOCTYPE svg [<!ENTITY a "aaaa">]>${svg("<text>&a;</text>")}`, "DOCTYPE"],
      ["<html><body>not a drawing</body></html>", "no <svg> element"],
    ];
    for (const [text, expected] of refused) expect(svgProblem(text), text).toContain(expected);
  });
});
