import type { LoaderFunctionArgs } from "@remix-run/node";
import contentDisposition from "content-disposition";
import { pdfFor, requireOwnCertificate } from "~/utils/certificates/download.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cert } = await requireOwnCertificate(request, params.code);
  const pdf = await pdfFor(cert);
  return new Response(new Uint8Array(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": contentDisposition(`${cert.code}.pdf`), "Cache-Control": "private, no-store" },
  });
}
