import fs from "node:fs";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import contentDisposition from "content-disposition";
import { getSubmissionById } from "~/models/submission.server";
import { idParam } from "~/utils/http.server";
import { assertCan, requireUser } from "~/utils/permissions.server";
import { uploadPath } from "~/utils/uploads.server";

/**
 * An exercise's attached file, for the learner who sent it, the offering's trainers and admins only; always as a
 * download. Anyone else gets the same 404 as for a file that does not exist.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = getSubmissionById(idParam(params.id));
  if (!found || !found.submission.fileKey) throw data({ reason: "notFound" }, { status: 404 });
  assertCan(user, { action: "read:submission", ownerId: found.enrolment.userId, offeringId: found.enrolment.offeringId }, 404);
  const file = uploadPath(found.submission.fileKey);
  if (!file || !fs.existsSync(file)) throw data({ reason: "notFound" }, { status: 404 });
  return new Response(fs.readFileSync(file), {
    headers: {
      "Content-Type": found.submission.fileType ?? "application/octet-stream",
      "Content-Disposition": contentDisposition(found.submission.fileName ?? "file"),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
