import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LESSON_SOURCE_LIMITS } from "~/components/lesson/specs";
import { analyzeLesson, type Diagnostic } from "./analysis.server";
import { checkCourses, compareLessonLocales } from "./check.server";
import { decodeSource, firstInvalidUtf8, parseYamlWithSchema, courseSchema } from "./files.server";

const root = path.resolve(import.meta.dirname, "../../..");
fs.mkdirSync(path.join(root, "tests/.tmp"), { recursive: true });
const tmp = fs.mkdtempSync(path.join(root, "tests/.tmp/checker-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FM = "---\ntitle: T\nsummary: S\nduration: 5\nobjectives:\n  - o\n---\n\n"; // the body starts on line 9
const lessonDir = path.join(tmp, "lesson");
fs.mkdirSync(lessonDir, { recursive: true });
fs.writeFileSync(path.join(lessonDir, "plan.pdf"), "%PDF-1.4\n");
fs.writeFileSync(path.join(lessonDir, "poster.png"), "png");
const ctx = { file: "c/01-x/ar.mdx", lessonDir, courseLessonFolders: ["01-x"] };
const check = (source: string) => analyzeLesson(source, ctx).diagnostics;
const errors = (source: string) => check(source).filter((d) => d.severity === "error");
const show = (ds: Diagnostic[]) => ds.map((d) => `${d.line}:${d.column} [${d.rule}] ${d.message}`);

const COURSE_YAML = `id: demo
category: communication
rhythm: quarterly
hours: 2
passMark: 70
title:
  ar: دورة
  fr: Cours
summary:
  ar: ملخص
  fr: Résumé
certificate:
  issuer: centre
lessons:
  - 01-first
`;

/** A course folder with the given files (paths relative to the course), checked. */
function checkCourse(name: string, files: Record<string, string | Buffer>) {
  const dir = path.join(tmp, name);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, "course", rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, "course", rel), content);
  }
  return checkCourses(dir).diagnostics;
}

describe("encoding", () => {
  it("refuses a Latin-1 lesson with the line and column of its first bad byte", () => {
    const latin1 = Buffer.from(`${FM}Première ligne en UTF-8.\nLa deuxième est en Latin-1.\n`.replace("deuxième", "deuxi\u0000me"), "utf8");
    // Replace the placeholder with the single Latin-1 byte of "è" (0xE8): line 10, column 9.
    const bytes = Buffer.from(latin1.toString("utf8").split("\u0000")[0] + "\u0001" + latin1.toString("utf8").split("\u0000")[1], "utf8");
    bytes[bytes.indexOf(0x01)] = 0xe8;
    const ds = checkCourse("latin1", { "course.yaml": COURSE_YAML, "01-first/ar.mdx": FM + "نص.\n", "01-first/fr.mdx": bytes });
    const bad = ds.find((d) => d.rule === "encoding");
    expect(bad, show(ds).join("\n")).toMatchObject({ line: 10, column: 9, severity: "error" });
    expect(bad!.file).toMatch(/01-first\/fr\.mdx$/);
    expect(bad!.message).toContain('byte 0xE8 ("è" in Latin-1) cannot be read; save the file as UTF-8');
  });

  it("accepts and strips a UTF-8 byte-order mark in course.yaml and in lessons", () => {
    const bom = "\uFEFF";
    const ds = checkCourse("bom", { "course.yaml": bom + COURSE_YAML, "01-first/ar.mdx": bom + FM + "نص.\n", "01-first/fr.mdx": bom + FM + "Texte.\n" });
    expect(show(ds.filter((d) => d.severity === "error"))).toEqual([]);
    expect(errors(bom + FM + "Texte.\n")).toEqual([]);
  });

  it("finds the first malformed sequence: truncated, overlong, surrogate, stray continuation", () => {
    expect(firstInvalidUtf8(Buffer.from("héllo ✓ 😀", "utf8"))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc3]))).toBe(1); // truncated é
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0); // UTF-16 surrogate
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0x62, 0x80]))).toBe(2);
    expect(decodeSource(Uint8Array.from([0xff, 0xfe, 0x61, 0x00]))).toMatchObject({ ok: false, line: 1, column: 1, rule: "encoding" }); // UTF-16
    expect(decodeSource(Buffer.from("a\nb\u0000c"))).toMatchObject({ ok: false, line: 2, column: 2, message: expect.stringContaining("NUL") });
    expect(decodeSource(Buffer.from("\uFEFFabc"))).toEqual({ ok: true, text: "abc" });
  });
});

describe("frontmatter", () => {
  it("points a YAML error at its line in the file, with no dangling colon, and shows the quoted form", () => {
    const ds = errors("---\ntitle: T\nsummary: Le budget : les bases\nduration: 5\nobjectives:\n  - o\n---\n\nTexte.\n");
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ line: 3, column: 10, rule: "frontmatter" });
    expect(ds[0].message).not.toMatch(/:\s*$/);
    expect(ds[0].message).not.toMatch(/at line \d/);
    expect(ds[0].message).toContain('must be in quotes: summary: "Le budget : les bases"');
  });

  it("counts list items from one and keeps lines right in a Windows (CRLF) file with a byte-order mark", () => {
    expect(show(errors("---\ntitle: T\nsummary: S\nduration: 5\nobjectives:\n  - o\n  - : x\n---\n\nTexte.\n"))).toEqual([
      "7:5 [frontmatter] objectives #2: Expected string, received object",
    ]);
    const crlf = "\uFEFF---\r\ntitle: T\r\nsummary: S\r\nduration: five\r\nobjectives:\r\n  - o\r\n---\r\n\r\nTexte <Marquee /> ici.\r\n";
    expect(show(errors(crlf))).toEqual(["4:11 [frontmatter] duration: Expected number, received string", expect.stringContaining("9:7 [unknown-component]")]);
  });

  it("says in plain words that objectives are missing; a wrong value points at the value", () => {
    const ds = errors("---\ntitle: T\nsummary: S\nduration: long\n---\n\nTexte.\n");
    expect(show(ds)).toEqual([
      "4:11 [frontmatter] duration: Expected number, received string",
      '2:1 [frontmatter] the objectives are missing: add  objectives:  followed by one line per objective, each starting with "  - "',
    ]);
  });
});

describe("differences between languages", () => {
  const quiz = (options: string[], correct = "a") =>
    `<Quiz id="q1">\n<Question id="first" prompt="?">\n<Option id="a" correct explanation="e">A</Option>\n<Option id="b" explanation="e">B</Option>\n</Question>\n<Question id="second" prompt="?">\n${options
      .map((o) => `<Option id="${o}"${o === correct ? " correct" : ""} explanation="e">${o}</Option>`)
      .join("\n")}\n</Question>\n</Quiz>\n`;

  it("names the quiz, the question and what differs, at the question in the other file", () => {
    const ds = checkCourse("mismatch", {
      "course.yaml": COURSE_YAML,
      "01-first/ar.mdx": FM + quiz(["a", "b", "c"]),
      "01-first/fr.mdx": FM + quiz(["a", "b", "c", "d"]) + '\n<Exercise id="plan" title="Plan">\nÉcrire.\n</Exercise>\n',
    }).filter((d) => d.rule === "locale-mismatch");
    expect(show(ds)).toEqual([
      '14:1 [locale-mismatch] quiz "q1": question 2 ("second") has 3 options in ar.mdx and 4 in fr.mdx',
      '1:1 [locale-mismatch] exercise "plan" is in fr.mdx but not in ar.mdx',
    ]);
    expect(ds[0].file).toMatch(/01-first\/fr\.mdx$/);
  });

  it("compares versions held in memory, as the studio's editor does while the trainer types", () => {
    const ar = { ...analyzeLesson(FM + quiz(["a", "b"]), { ...ctx, file: "c/01-x/ar.mdx" }), file: "c/01-x/ar.mdx" };
    const fr = { ...analyzeLesson(FM + quiz(["a", "b", "c"]), { ...ctx, file: "c/01-x/fr.mdx" }), file: "c/01-x/fr.mdx" };
    expect(show(compareLessonLocales({ ar, fr }))).toEqual(['14:1 [locale-mismatch] quiz "q1": question 2 ("second") has 2 options in ar.mdx and 3 in fr.mdx']);
    expect(compareLessonLocales({ ar, fr: { ...ar, file: "c/01-x/fr.mdx" } })).toEqual([]);
  });

  it("says when the correct answer differs, with no internal signature", () => {
    const ds = checkCourse("mismatch-correct", {
      "course.yaml": COURSE_YAML,
      "01-first/ar.mdx": FM + quiz(["a", "b"], "a"),
      "01-first/fr.mdx": FM + quiz(["a", "b"], "b"),
    }).filter((d) => d.rule === "locale-mismatch");
    expect(show(ds)).toEqual(['14:1 [locale-mismatch] quiz "q1": question 2 ("second"): the correct option is "a" in ar.mdx and "b" in fr.mdx']);
    expect(ds[0].message).not.toMatch(/\[|\*|s\(/);
  });
});

describe("addresses in props and links", () => {
  const refused: [string, string][] = [
    ['<Download file={"javascript:alert(1)"} title="x" />', "unsafe-url"],
    ['<Download file="java\tscript:alert(1)" title="x" />', "unsafe-url"],
    ['<Download file="data:text/html,<b>x</b>" title="x" />', "unsafe-url"],
    ['<Download file="http://example.org/plan.pdf" title="x" />', "unsafe-url"],
    ['<Download file="//example.org/plan.pdf" title="x" />', "unsafe-url"],
    ['<Download file="../other/plan.pdf" title="x" />', "missing-asset"],
    ['<Download file="/etc/passwd" title="x" />', "missing-asset"],
    ['<Video title="v" poster="./poster.png" duration={3} src={"javascript:alert(1)"} />', "unsafe-url"],
    ['<Video title="v" poster="https://example.org/p.png" duration={3} youtube="dQw4w9WgXcQ" />', "third-party-image"],
    ['<Figure src="https://example.org/a.png" alt="a" width={10} height={10} />', "third-party-image"],
    ['<Figure src="//example.org/a.png" alt="a" width={10} height={10} />', "third-party-image"],
    ["[lien](javascript:alert(1))", "unsafe-url"],
    ["[lien](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-url"],
    ["![image](data:image/png;base64,AAAA)", "unsafe-url"],
  ];
  for (const [line, rule] of refused) {
    it(`refuses ${line}`, () => {
      const ds = errors(FM + line + "\n");
      expect(show(ds)).toEqual([expect.stringMatching(new RegExp(`^9:1 \\[${rule}\\]`))]);
    });
  }

  it('accepts lesson files, written as strings or {"…"}, and https downloads and videos', () => {
    expect(
      show(
        errors(
          FM +
            '<Download file="./plan.pdf" title="x" />\n\n<Download file={"plan.pdf"} title="x" />\n\n<Download file="https://example.org/plan.pdf" title="x" />\n\n<Video title="v" poster="./poster.png" duration={3} src="https://example.org/v.mp4" />\n',
        ),
      ),
    ).toEqual([]);
  });
});

describe("hostile names and YAML", () => {
  it("reports prototype names as unknown components or props, never crashing", () => {
    const ds = errors(
      FM + '<toString />\n\n<constructor />\n\n<__proto__ />\n\n<hasOwnProperty />\n\n<Callout type="tip" valueOf="x" __proto__="y">a</Callout>\n',
    );
    expect(show(ds)).toEqual([
      expect.stringContaining("9:1 [unknown-component] unknown component <toString>"),
      expect.stringContaining("11:1 [unknown-component] unknown component <constructor>"),
      expect.stringContaining("13:1 [unknown-component] unknown component <__proto__>"),
      expect.stringContaining("15:1 [unknown-component] unknown component <hasOwnProperty>"),
      expect.stringContaining('17:1 [unknown-prop] <Callout> has no prop "valueOf"'),
      expect.stringContaining('17:1 [unknown-prop] <Callout> has no prop "__proto__"'),
    ]);
  });

  const laughs = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    .concat(Array.from({ length: 8 }, (_, i) => `${"bcdefghi"[i]}: &${"bcdefghi"[i]} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`))
    .join("\n");

  it("refuses a YAML alias bomb in the frontmatter quickly, at the frontmatter", () => {
    const started = performance.now();
    const ds = errors(`---\n${laughs}\n---\n\nTexte.\n`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(show(ds)).toEqual(["2:1 [frontmatter] the YAML repeats aliases (*name) too many times; write the values out instead of referring to them"]);
  });

  it("refuses a YAML alias bomb in course.yaml", () => {
    expect(parseYamlWithSchema(laughs, courseSchema).issues).toEqual([
      {
        line: 1,
        column: 1,
        message: "the YAML repeats aliases (*name) too many times; write the values out instead of referring to them",
        says: { key: "yamlAliases", values: { alias: "*name" } },
      },
    ]);
    const ds = checkCourse("bomb", { "course.yaml": laughs, "01-first/ar.mdx": FM });
    expect(ds.map((d) => d.message)).toContain("the YAML repeats aliases (*name) too many times; write the values out instead of referring to them");
  });
});

describe("size", () => {
  it("warns above 150 KB and refuses above 1 MB without parsing", () => {
    expect(LESSON_SOURCE_LIMITS).toEqual({ warnBytes: 150 * 1024, maxBytes: 1024 * 1024 });
    const medium = check(FM + "Une phrase. ".repeat(14_000) + "\n");
    expect(show(medium)).toEqual([expect.stringMatching(/^1:1 \[lesson-size\] the lesson weighs 16\d KB \(more than 150 KB\)/)]);
    expect(medium[0].severity).toBe("warning");

    const huge = FM + "Une phrase. ".repeat(Math.ceil((3 * 1024 * 1024) / 12)) + "\n";
    const started = performance.now();
    const ds = check(huge);
    expect(performance.now() - started).toBeLessThan(200);
    expect(show(ds)).toEqual(["1:1 [lesson-size] the lesson weighs 3072 KB, above the limit of 1024 KB: split it into several lessons"]);
    expect(ds[0].severity).toBe("error");
  });
});

describe("comments, braces and angle brackets", () => {
  it("allows {/* comments */}, inline and on their own lines", () => {
    expect(show(check(FM + "Un texte {/* une note pour les formateurs */} ici.\n\n{/*\n  Bloc de notes\n*/}\n"))).toEqual([]);
  });

  it("still refuses an expression, telling how to show braces", () => {
    expect(show(errors(FM + "Un {1 + 1} ici.\n"))).toEqual([
      "9:4 [no-expression] JavaScript expressions in { } are not allowed: to show braces write \\{ and \\} (or put them in backticks); a comment is written {/* like this */}",
    ]);
  });

  it("explains a literal { or < and accepts the escaped forms", () => {
    const brace = errors(FM + "Un ensemble {a, b.\n");
    expect(brace[0].message).toContain("to show a brace write \\{ (or put it in backticks, `{`)");
    const lt = errors(FM + "Si a <5 alors.\n");
    expect(lt[0]).toMatchObject({ line: 9, column: 7, rule: "mdx-syntax" });
    expect(lt[0].message).toContain("to show the sign write \\< or &lt; (or put it in backticks, `<`)");
    expect(show(check(FM + "Si a \\< 5 et \\{ x \\}, &lt; ou `a < b` et `{x}`.\n"))).toEqual([]);
  });
});

describe("every problem, not only the first syntax error", () => {
  it("after a syntax error, still reports the frontmatter and the lines before it, and says it stopped", () => {
    const ds = check('---\ntitle: T\nduration: x\n---\n\n<Marquee />\n\n[lien](javascript:x)\n\n<Callout type="tip">\nnon fermé\n');
    expect(show(ds)).toEqual([
      expect.stringMatching(/^10:1 \[mdx-syntax\] Expected a closing tag for `<Callout>`.*stops reading the lesson at its first syntax error/),
      expect.stringContaining("2:1 [frontmatter] the summary is missing"),
      "3:11 [frontmatter] duration: Expected number, received string",
      expect.stringContaining("2:1 [frontmatter] the objectives are missing"),
      expect.stringContaining("6:1 [unknown-component] unknown component <Marquee>"),
      expect.stringContaining("8:1 [unsafe-url]"),
    ]);
  });

  it("with a syntax error in one language, still checks the other language and the course files", () => {
    const ds = checkCourse("syntax-and-more", {
      "course.yaml": COURSE_YAML.replace("  - 01-first\n", "  - 01-first\n  - 02-missing\n"),
      "01-first/ar.mdx": FM + '<Callout type="tip">\nnon fermé\n',
      "01-first/fr.mdx": "---\ntitle: T\n---\n\n<Marquee />\n",
      "03-unlisted/ar.mdx": FM,
    });
    const rules = ds.map((d) => `${path.relative(path.join(tmp, "syntax-and-more"), path.resolve(root, d.file))} ${d.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        "course/01-first/ar.mdx mdx-syntax",
        "course/01-first/fr.mdx frontmatter",
        "course/01-first/fr.mdx unknown-component",
        "course/course.yaml missing-lesson",
        "course/03-unlisted unlisted-lesson",
      ]),
    );
  });

  it("never throws, whatever it is given", () => {
    const inputs = [
      "",
      "\u0000",
      "---",
      "---\n---",
      "<".repeat(5000),
      "{".repeat(5000),
      "<Callout>".repeat(2000),
      "---\n: : :\n---\n",
      "\uFFFD",
      "<a href={x}>",
    ];
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      let s = "";
      for (let j = 0; j < 60; j++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        s += "<>{}/*-:#\n aQ=\"'`\\&;!"[seed % 24];
      }
      inputs.push(FM + s);
    }
    for (const input of inputs) {
      const result = analyzeLesson(input, ctx);
      expect(Array.isArray(result.diagnostics)).toBe(true);
      for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
      // "checker" is the rule of the safety net around the analysis: the analysis itself must not have thrown.
      expect(result.diagnostics.filter((d) => d.rule === "checker")).toEqual([]);
    }
  });
});
