import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import contentDisposition from "content-disposition";
import { getCourse } from "~/models/course.server";
import { COURSES_DIR } from "~/models/course/files.server";
import { resolveLessonFile } from "~/models/course/analysis.server";
import { lessonFileType, svgProblem } from "~/models/course/file-types";

const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** Files that sit beside a lesson (images, templates). Lesson sources themselves are never served. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const found = getCourse(params.course ?? "");
  const lesson = found?.lessons.find((l) => l.slug === params.lesson);
  const name = params.file ?? "";
  // The same list as the checker and the upload form: exactly these types, with these Content-Types.
  const type = lessonFileType(name)?.mime;
  if (!found || !lesson || !type) return notFound();
  const file = resolveLessonFile(path.join(COURSES_DIR, found.course.folder, lesson.folder), name);
  // lstat: a symbolic link beside a lesson (committed with git) could point anywhere on the server; it is never followed.
  if (!file || !fs.existsSync(file) || !fs.lstatSync(file).isFile()) return notFound();
  const stat = fs.statSync(file);
  // A drawing put there by hand (git) that the checker would refuse is not served either.
  if (type === "image/svg+xml" && svgProblem(fs.readFileSync(file, "utf8"))) return notFound();
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const versioned = new URL(request.url).searchParams.has("v");
  const headers: Record<string, string> = {
    "Content-Type": type,
    "Content-Length": String(stat.size),
    ETag: etag,
    // URLs written by the compiler carry a content hash (?v=), so they can be cached for good.
    "Cache-Control": versioned ? "public, max-age=31536000, immutable" : "public, max-age=3600",
    "X-Content-Type-Options": "nosniff",
  };
  if (type === "image/svg+xml") headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
  if (!type.startsWith("image/") && !type.startsWith("video/")) headers["Content-Disposition"] = contentDisposition(path.basename(name));
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(fs.readFileSync(file), { headers });
}
