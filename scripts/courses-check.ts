// npm run courses:check [--json] [DIR] — validates every course and lesson; exits 1 when there are errors.
import { checkCourses, formatDiagnostics } from "../app/models/course/check.server";
import { COURSES_DIR } from "../app/models/course/files.server";

const args = process.argv.slice(2);
const json = args.includes("--json");
const dir = args.find((a) => !a.startsWith("--")) ?? COURSES_DIR;
const { courses, diagnostics } = checkCourses(dir);
const errors = diagnostics.filter((d) => d.severity === "error").length;
const warnings = diagnostics.length - errors;

if (json) {
  console.log(JSON.stringify({ courses: courses.length, lessons: courses.reduce((n, c) => n + c.lessons.length, 0), errors, warnings, diagnostics }, null, 2));
} else {
  const report = formatDiagnostics(diagnostics);
  if (report) console.log(report);
  const lessons = courses.reduce((n, c) => n + c.lessons.length, 0);
  console.log(`${courses.length} course(s), ${lessons} lesson(s) checked: ${errors} error(s), ${warnings} warning(s).`);
}
process.exit(errors ? 1 : 0);
