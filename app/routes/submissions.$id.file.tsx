import fs from "node:fs";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { isTrainerOf } from "~/models/offering.server";
import { getSubmissionById } from "~/models/submission.server";
import { requireUser } from "~/utils/permissions.server";
import { idParam } from "~/utils/http.server";
import { uploadPath } from "~/utils/uploads.server";

/** An exercise's attached file, for the learner who sent it, the offering's trainers and admins only; always as a download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = getSubmissionById(idParam(params.id));
  if (!found || !found.submission.fileKey) throw data({ reason: "notFound" }, { status: 404 });
  const allowed = user.role === "admin" || found.enrolment.userId === user.id || (user.role === "trainer" && isTrainerOf(user.id, found.enrolment.offeringId));
  if (!allowed) throw data({ reason: "forbidden" }, { status: 403 });
  const file = uploadPath(found.submission.fileKey);
  if (!file || !fs.existsSync(file)) throw data({ reason: "notFound" }, { status: 404 });
  const name = found.submission.fileName ?? "file";
  return new Response(fs.readFileSync(file), {
    headers: {
      "Content-Type": found.submission.fileType ?? "application/octet-stream",
      "Content-Disposition": `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_").replace(/"/g, "")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
