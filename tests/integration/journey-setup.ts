import path from "node:path";

// Must be imported first: the journey tests run on a two-lesson fixture course.
process.env.COURSES_DIR = path.resolve(import.meta.dirname, "../fixtures/journey-courses");
