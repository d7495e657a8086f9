import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// A course of our own in a temporary folder: the test breaks and repairs its files.
const root = path.resolve(import.meta.dirname, "../..");
fs.mkdirSync(path.join(root, "tests/.tmp"), { recursive: true });
const dir = fs.mkdtempSync(path.join(root, "tests/.tmp/problems-"));
process.env.COURSES_DIR = dir;

const courseYaml = (id: string, lessons: string[]) => `id: ${id}
category: communication
rhythm: quarterly
hours: 2
passMark: 70
title:
  ar: دورة ${id}
  fr: Cours ${id}
summary:
  ar: ملخص
  fr: Résumé
certificate:
  issuer: centre
lessons:
${lessons.map((l) => `  - ${l}`).join("\n")}
`;
const lesson = (title: string, body: string) =>
  `---\ntitle: ${title}\nsummary: Résumé de ${title}\nduration: 10\nobjectives:\n  - Comprendre\n---\n\n${body}\n`;
const write = (rel: string, content: string | Buffer) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), content);
};

write("alpha/course.yaml", courseYaml("alpha", ["01-first", "02-second"]));
write("alpha/01-first/ar.mdx", lesson("الأول", "نص الدرس الأول."));
write("alpha/01-first/fr.mdx", lesson("Premier", "Texte du premier cours, version française."));
write("alpha/01-first/plan.pdf", "%PDF-1.4\n");
write("alpha/02-second/ar.mdx", lesson("الثاني", "نص الدرس الثاني."));
write("alpha/02-second/fr.mdx", lesson("Second", "Texte du second cours."));
write("beta/course.yaml", courseYaml("beta", ["01-only"]));
write("beta/01-only/ar.mdx", lesson("وحيد", "نص."));
write("beta/01-only/fr.mdx", lesson("Unique", "Texte."));

let model: typeof import("~/models/course.server");
beforeAll(async () => {
  model = await import("~/models/course.server");
  expect((await model.buildAllLessons(dir)).failures).toEqual([]);
});

const html = (content: { rendered: { segments: { kind: string; html?: string }[] }[] | null }) =>
  (content.rendered ?? []).flatMap((r) => r.segments.map((s) => s.html ?? "")).join("\n");
const first = () => model.getCourse("alpha")!.lessons.find((l) => l.slug === "first")!;

describe("a failing version keeps its language and is listed", () => {
  it("a frontmatter error: French readers keep the last good French version, and the problem names file, line and column", async () => {
    const good = fs.readFileSync(path.join(dir, "alpha/01-first/fr.mdx"), "utf8");
    write("alpha/01-first/fr.mdx", good.replace("title: Premier", "title: Le budget : les bases") + "\nUne phrase nouvelle.\n");
    const built = await model.buildAllLessons(dir);
    expect(built.failures).toHaveLength(1);

    expect(first().locales).toEqual(["ar", "fr"]);
    expect(first().title.fr).toBe("Premier");
    const served = model.getLessonContent(first(), "fr");
    expect(html(served)).toContain("Texte du premier cours, version française.");
    expect(html(served)).not.toContain("Une phrase nouvelle");
    expect(served.error).toContain("alpha/01-first/fr.mdx:2:8");

    const problems = model.listLessonProblems(["alpha"]);
    expect(problems).toEqual([
      {
        courseId: "alpha",
        courseTitle: { ar: "دورة alpha", fr: "Cours alpha" },
        lessonSlug: "first",
        lessonTitle: { ar: "الأول", fr: "Premier" },
        locale: "fr",
        file: "alpha/01-first/fr.mdx",
        diagnostics: [
          {
            line: 2,
            column: 8,
            severity: "error",
            rule: "frontmatter",
            message: expect.stringContaining('must be in quotes: title: "Le budget : les bases"'),
            // Kept with its key and values, so the problems page reads it in the trainer's language.
            says: { key: "yamlQuote", values: expect.objectContaining({ fix: 'title: "Le budget : les bases"' }) },
          },
        ],
        recordedAt: expect.any(Date),
      },
    ]);
    expect(model.listLessonProblems("all").map((p) => p.file)).toEqual(["alpha/01-first/fr.mdx"]);
    expect(model.listLessonProblems(["beta"])).toEqual([]);
    expect(model.listLessonProblems([])).toEqual([]);

    // Repaired: compiled, served, no longer listed.
    write("alpha/01-first/fr.mdx", good.replace("Texte du premier cours", "Texte corrigé du premier cours"));
    expect((await model.buildAllLessons(dir)).failures).toEqual([]);
    expect(html(model.getLessonContent(first(), "fr"))).toContain("Texte corrigé du premier cours");
    expect(model.listLessonProblems("all")).toEqual([]);
  });

  it("a Latin-1 file is refused at its first bad byte and never served with �", async () => {
    const good = fs.readFileSync(path.join(dir, "alpha/02-second/fr.mdx"), "utf8");
    // The rest of the file is UTF-8; the added line was saved as Latin-1.
    write("alpha/02-second/fr.mdx", Buffer.concat([Buffer.from(good, "utf8"), Buffer.from("Deuxième version, mal encodée.\n", "latin1")]));
    await model.buildAllLessons(dir);
    const second = model.getCourse("alpha")!.lessons.find((l) => l.slug === "second")!;
    expect(second.locales).toEqual(["ar", "fr"]);
    const served = model.getLessonContent(second, "fr");
    expect(html(served)).toContain("Texte du second cours.");
    expect(html(served)).not.toContain("\uFFFD");
    const [problem] = model.listLessonProblems(["alpha"]);
    expect(problem.file).toBe("alpha/02-second/fr.mdx");
    expect(problem.diagnostics).toEqual([expect.objectContaining({ line: 10, column: 6, rule: "encoding" })]);
    expect(problem.diagnostics[0].message).toContain('byte 0xE8 ("è" in Latin-1)');
    write("alpha/02-second/fr.mdx", good);
    await model.buildAllLessons(dir);
    expect(model.listLessonProblems("all")).toEqual([]);
  });

  it("a byte-order mark in course.yaml and in a lesson is accepted", async () => {
    const yaml = fs.readFileSync(path.join(dir, "beta/course.yaml"), "utf8");
    const fr = fs.readFileSync(path.join(dir, "beta/01-only/fr.mdx"), "utf8");
    write("beta/course.yaml", "\uFEFF" + yaml.replace("Cours beta", "Cours bêta"));
    write("beta/01-only/fr.mdx", "\uFEFF" + fr.replace("Texte.", "Texte avec BOM."));
    expect((await model.buildAllLessons(dir)).failures).toEqual([]);
    const beta = model.getCourse("beta")!;
    expect(beta.course.title.fr).toBe("Cours bêta");
    expect(beta.lessons[0].locales).toEqual(["ar", "fr"]);
    expect(html(model.getLessonContent(beta.lessons[0], "fr"))).toContain("Texte avec BOM.");
    expect(model.listLessonProblems("all")).toEqual([]);
  });

  it("a new lesson whose every language fails is listed though it is not in the catalogue yet", async () => {
    write("alpha/course.yaml", courseYaml("alpha", ["01-first", "02-second", "03-new"]));
    write("alpha/03-new/ar.mdx", "---\ntitle: جديد\n---\n\nنص.\n");
    write("alpha/03-new/fr.mdx", "Pas de frontmatter.\n");
    await model.buildAllLessons(dir);
    expect(model.getCourse("alpha")!.lessons.map((l) => l.slug)).toEqual(["first", "second"]);
    const problems = model.listLessonProblems(["alpha"]);
    expect(problems.map((p) => [p.file, p.lessonTitle, p.diagnostics.map((d) => `${d.line}:${d.column} ${d.message.split(/[:(]/)[0].trim()}`)])).toEqual([
      ["alpha/03-new/ar.mdx", null, ["2:1 the summary is missing", "2:1 the duration is missing", "2:1 the objectives are missing"]],
      ["alpha/03-new/fr.mdx", null, ["1:1 missing frontmatter"]],
    ]);
    // Taken out of course.yaml: no longer listed.
    write("alpha/course.yaml", courseYaml("alpha", ["01-first", "02-second"]));
    await model.buildAllLessons(dir);
    expect(model.listLessonProblems("all")).toEqual([]);
  });

  it("a 3 MB lesson is refused without being parsed; the last good version is served", async () => {
    const good = fs.readFileSync(path.join(dir, "alpha/02-second/fr.mdx"), "utf8");
    write("alpha/02-second/fr.mdx", good + "Une phrase. ".repeat(Math.ceil((3 * 1024 * 1024) / 12)));
    const started = performance.now();
    const built = await model.buildAllLessons(dir);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(built.failures).toEqual([expect.stringContaining("above the limit of 1024 KB")]);
    const second = model.getCourse("alpha")!.lessons.find((l) => l.slug === "second")!;
    expect(html(model.getLessonContent(second, "fr"))).toContain("Texte du second cours.");
    expect(model.listLessonProblems(["alpha"]).map((p) => [p.file, p.diagnostics[0].rule])).toEqual([["alpha/02-second/fr.mdx", "file-size"]]);
    write("alpha/02-second/fr.mdx", good);
    await model.buildAllLessons(dir);
    expect(model.listLessonProblems("all")).toEqual([]);
  });
});

describe("what the compiled page may contain", () => {
  it('rewrites {"…"} file props like plain strings, keeps https downloads, and strips comments', async () => {
    const good = fs.readFileSync(path.join(dir, "alpha/01-first/fr.mdx"), "utf8");
    write(
      "alpha/01-first/fr.mdx",
      good +
        '\n{/* note interne pour les formateurs */}\n\nUn texte {/* autre note */} visible.\n\n<Download file={"./plan.pdf"} title="Plan" />\n\n<Download file="https://example.org/guide.pdf" title="Guide" />\n\nSi a \\< 5 et \\{ x \\}.\n',
    );
    expect((await model.buildAllLessons(dir)).failures).toEqual([]);
    const page = html(model.getLessonContent(first(), "fr"));
    expect(page).toMatch(/href="\/course-assets\/alpha\/first\/plan\.pdf\?v=[0-9a-f]{12}"/);
    expect(page).toContain('href="https://example.org/guide.pdf"');
    expect(page).not.toContain("note");
    expect(page).toContain("Un texte  visible.");
    expect(page).toContain("Si a &lt; 5 et { x }.");
    write("alpha/01-first/fr.mdx", good);
    await model.buildAllLessons(dir);
  });
});

describe("if the checker were bypassed", () => {
  it("the renderer drops hostile addresses of components, and refuses to store raw hostile HTML", async () => {
    const { bundleMDX } = await import("mdx-bundler");
    const { renderLesson } = await import("~/models/course/lesson-html.server");
    const compiled = async (source: string) => (await bundleMDX({ source })).code;

    const components = renderLesson(
      await compiled(
        '<Download file={"javascript:alert(1)"} title="Plan" />\n\n<Figure src="https://tracker.example/p.png" alt="Schéma" width={1} height={1} />\n\n[lien](javascript:alert(2))\n',
      ),
    );
    const stored = JSON.stringify(components);
    expect(stored).toContain("Plan");
    expect(stored).toContain("Schéma");
    expect(stored).not.toMatch(/javascript:|tracker\.example/);

    await expect(async () => renderLesson(await compiled('<a href="javascript:alert(1)">x</a>\n'))).rejects.toThrow(
      'the lesson would put href="javascript:alert(1)" in the page, which is not allowed',
    );
    await expect(async () => renderLesson(await compiled('<iframe src="https://example.org" />\n'))).rejects.toThrow("<iframe>");
  });
});
