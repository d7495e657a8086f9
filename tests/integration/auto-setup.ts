import path from "node:path";

// Must be imported first: these tests run on a course that issues its certificate automatically.
process.env.COURSES_DIR = path.resolve(import.meta.dirname, "../fixtures/auto-courses");
