// npm run courses:build — syncs the catalogue and compiles every lesson whose source changed.
import { buildAllLessons } from "../app/models/course.server";
import { getCompileCount } from "../app/models/course/compile.server";

const started = performance.now();
const { versions, failures } = await buildAllLessons();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `Lessons: ${versions} version(s), ${getCompileCount()} compiled, ${versions - getCompileCount()} up to date, ${failures.length} failed (${seconds} s).`,
);
for (const failure of failures) console.error(failure);
process.exit(failures.length ? 1 : 0);
