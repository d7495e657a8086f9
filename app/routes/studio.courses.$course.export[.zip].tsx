import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import contentDisposition from "content-disposition";
import { courseZip } from "~/models/course/archive.server";
import { requireCourseAuthor } from "~/utils/permissions.server";

/** The course's folder as a zip, in the layout of courses/ (the import reads it back), streamed as it is written. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireCourseAuthor(request, params.course);
  return new Response(createReadableStreamFromReadable(courseZip(course.folder)), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(`${course.folder}.zip`),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
