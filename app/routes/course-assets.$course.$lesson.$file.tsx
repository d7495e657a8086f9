import fs from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import contentDisposition from "content-disposition";
import { getCourse } from "~/models/course.server";
import { COURSES_DIR } from "~/models/course/files.server";
import { resolveLessonFile } from "~/models/course/analysis.server";

// A Map: the extension comes from the URL, and must never reach Object.prototype ("x.constructor").
const TYPES = new Map<string, string>([
  ["svg", "image/svg+xml"],
  ["png", "image/png"],
  ["jpg", "image/jpeg"],
  ["jpeg", "image/jpeg"],
  ["webp", "image/webp"],
  ["gif", "image/gif"],
  ["pdf", "application/pdf"],
  ["mp4", "video/mp4"],
  ["webm", "video/webm"],
  ["csv", "text/csv; charset=utf-8"],
  ["txt", "text/plain; charset=utf-8"],
  ["docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ["xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  ["odt", "application/vnd.oasis.opendocument.text"],
  ["ods", "application/vnd.oasis.opendocument.spreadsheet"],
]);

const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** Files that sit beside a lesson (images, templates). Lesson sources themselves are never served. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const found = getCourse(params.course ?? "");
  const lesson = found?.lessons.find((l) => l.slug === params.lesson);
  const name = params.file ?? "";
  const type = TYPES.get(path.extname(name).slice(1).toLowerCase());
  if (!found || !lesson || !type) return notFound();
  const file = resolveLessonFile(path.join(COURSES_DIR, found.course.folder, lesson.folder), name);
  if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) return notFound();
  const stat = fs.statSync(file);
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
