// Lesson compilation: cold full build into an empty database, warm start (nothing changed), per-lesson median.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tamkeen-bench-compile-"));
process.env.DATABASE_PATH = path.join(tmp, "bench.db");
const { migrateFile } = await import("../db/migrate.js");
migrateFile(process.env.DATABASE_PATH);
process.env.SEED_DEMO = "false";
process.env.LOG_EMAILS = "false";

const model = await import("../app/models/course.server");
const mdx = await import("../app/models/course/compile.server");
const { db } = await import("../app/utils/db.server");
const { compiledLessons } = await import("../db/schema");

const t0 = performance.now();
const cold = await model.buildAllLessons();
const coldMs = performance.now() - t0;
const coldCompiled = mdx.getCompileCount();

const t1 = performance.now();
await model.buildAllLessons();
const warmMs = performance.now() - t1;
const warmCompiled = mdx.getCompileCount() - coldCompiled;

// Per-lesson: recompile each version on its own (cache row removed first), timing compile only.
const times: number[] = [];
for (const { course } of model.listCourses()) {
  const found = model.getCourse(course.id)!;
  for (const lesson of found.lessons) {
    for (const locale of lesson.locales) {
      db.delete(compiledLessons).run();
      const s = performance.now();
      await model.compileLessonVersion(found.course, lesson, locale, { courseLessonFolders: found.lessons.map((l) => l.folder) });
      times.push(performance.now() - s);
    }
  }
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const p90 = times[Math.floor(times.length * 0.9)];

console.log(
  JSON.stringify({
    bench: "compile",
    versions: cold.versions,
    failures: cold.failures.length,
    coldMs: Math.round(coldMs),
    coldCompiled,
    warmMs: Math.round(warmMs),
    warmCompiled,
    perLessonMedianMs: Math.round(median),
    perLessonP90Ms: Math.round(p90),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
fs.rmSync(tmp, { recursive: true, force: true });
process.exit(0);
