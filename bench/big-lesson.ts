// Compiling one huge one-paragraph lesson: time, peak RSS and RSS after GC (issue 10: 3 MB took 1.05 GB and kept it).
// node --expose-gc --import tsx bench/big-lesson.ts [megabytes, default 3]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileLesson } from "../app/models/course/compile.server";

const megabytes = Number(process.argv[2] ?? 3);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "big-lesson-"));
fs.mkdirSync(path.join(dir, "c", "01-big"), { recursive: true });
const head = "---\ntitle: T\nsummary: S\nduration: 5\nobjectives:\n  - o\n---\n\n";
const size = Math.floor(megabytes * 1024 * 1024) - head.length - 1;
const sentence = "Une phrase assez longue pour remplir la ligne du paragraphe unique. ";
fs.writeFileSync(path.join(dir, "c", "01-big", "fr.mdx"), `${head}${sentence.repeat(Math.ceil(size / sentence.length)).slice(0, size)}\n`);

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
gc();
const before = process.memoryUsage().rss;
let peak = before;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const started = performance.now();
let outcome: string;
try {
  await compileLesson({
    courseId: "c",
    courseFolder: "c",
    lessonSlug: "big",
    lessonFolder: "01-big",
    courseLessonFolders: ["01-big"],
    locale: "fr",
    coursesDir: dir,
  });
  outcome = "compiled";
} catch (error) {
  outcome = `refused: ${String((error as Error).message).split("\n")[0]}`;
}
const ms = performance.now() - started;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
gc();
await new Promise((resolve) => setTimeout(resolve, 300));
gc();
console.log(`${megabytes} MB lesson: ${outcome}`);
console.log(`time ${Math.round(ms)} ms; RSS before ${mb(before)}, peak ${mb(peak)}, after GC ${mb(process.memoryUsage().rss)}`);
fs.rmSync(dir, { recursive: true, force: true });
