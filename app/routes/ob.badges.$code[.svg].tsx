import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCertificateByCode } from "~/models/certificate.server";
import { badgeSvg } from "~/models/certificate/badge.server";
import { parseCertificateCode } from "~/models/certificate/code";
import { notFoundJson, PUBLIC_CORS } from "~/models/certificate/ob-http.server";

/** The badge image of a credential's achievement, drawn from the branding frozen in the certificate. */
export function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = parseCertificateCode(params.code ?? "");
  const cert = parsed.ok ? getCertificateByCode(parsed.code) : null;
  if (!cert) return notFoundJson(request, "verify.notFoundTitle");
  return new Response(badgeSvg(cert), {
    headers: {
      ...PUBLIC_CORS,
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
      "Cache-Control": "public, max-age=86400",
    },
  });
}
