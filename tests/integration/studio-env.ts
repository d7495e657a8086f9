import fs from "node:fs";
import path from "node:path";

// Imported first: the studio writes course files, so its tests work on a private copy of the fixture world's course.
const root = path.resolve(import.meta.dirname, "../..");
fs.mkdirSync(path.join(root, "tests/.tmp"), { recursive: true });
export const STUDIO_COURSES = fs.mkdtempSync(path.join(root, "tests/.tmp/studio-courses-"));
fs.cpSync(path.join(root, "tests/fixtures/world-courses"), STUDIO_COURSES, { recursive: true });
process.env.COURSES_DIR = STUDIO_COURSES;
