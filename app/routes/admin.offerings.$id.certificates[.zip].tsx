import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { validCertificatesOfOffering } from "~/models/certificate.server";
import { certificatesZip, fileSafe } from "~/models/certificate/archive.server";
import { attachment } from "~/models/certificate/download.server";
import { getOffering } from "~/models/offering.server";
import { assertFound, idParam } from "~/utils/http.server";
import { getTranslator } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/** Every valid certificate of an offering as one ZIP with a CSV manifest. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:certificates" });
  const found = getOffering(idParam(params.id));
  assertFound(found);
  const t = await getTranslator(request);
  const header = ["file", "code", "nameArabic", "nameLatin", "email", "language", "issuedAt", "hours", "period", "verifyUrl"].map((k) =>
    t(`certificates.manifest.${k}`),
  );
  const out = certificatesZip(validCertificatesOfOffering(found.offering.id), header);
  return new Response(createReadableStreamFromReadable(out), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": attachment(`${fileSafe(`certificates ${found.course.id} ${found.offering.periodLabel}`)}.zip`),
      "Cache-Control": "private, no-store",
    },
  });
}
