import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment, pdfFor, requireOwnCertificate } from "~/models/certificate/download.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cert } = await requireOwnCertificate(request, params.code);
  const pdf = await pdfFor(cert);
  return new Response(new Uint8Array(pdf), {
    headers: { "Content-Type": "application/pdf", "Content-Disposition": attachment(`${cert.code}.pdf`), "Cache-Control": "private, no-store" },
  });
}
