import { PassThrough, Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { createRequire } from "node:module";
import type { Archiver } from "archiver";
import { certificatesOfOffering } from "~/models/certificate.server";
import { getOffering } from "~/models/offering.server";
import { requirePermission } from "~/utils/permissions.server";
import { pdfFor } from "~/models/certificate/download.server";
import { assertFound, idParam } from "~/utils/http.server";

// archiver is CommonJS with a callable export that its type definitions do not describe as a default export.
const archiver = createRequire(import.meta.url)("archiver") as (format: "zip", options: { zlib: { level: number } }) => Archiver;

/** Every valid certificate of an offering as one ZIP, streamed: each PDF is rendered as the archive is written. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const found = getOffering(idParam(params.id));
  assertFound(found);
  const certs = certificatesOfOffering(found.offering.id).filter((c) => !c.revokedAt);
  const zip = archiver("zip", { zlib: { level: 1 } });
  const out = new PassThrough();
  zip.pipe(out);
  (async () => {
    for (const cert of certs) {
      zip.append(Readable.from([await pdfFor(cert)]), { name: `${cert.code}.pdf` });
    }
    await zip.finalize();
  })().catch((error) => out.destroy(error));
  const name = `certificates-${found.course.id}-${found.offering.periodLabel}.zip`.replace(/[^a-zA-Z0-9.-]/g, "_");
  return new Response(createReadableStreamFromReadable(out), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "private, no-store" },
  });
}
