import { data } from "@remix-run/node";
import { getCertificateByCode } from "~/models/certificate.server";
import { getBranding } from "~/models/settings.server";
import { requireUser } from "~/utils/permissions.server";
import { env } from "~/utils/env.server";
import { parseCertificateCode } from "./code";
import { renderCertificatePdf } from "./pdf.server";

/** The certificate for its holder or an admin; a revoked one is gone (410), an unknown one not found. */
export async function requireOwnCertificate(request: Request, rawCode: string | undefined) {
  const user = await requireUser(request);
  const code = parseCertificateCode(rawCode ?? "");
  const cert = code ? getCertificateByCode(code) : null;
  if (!cert || (cert.userId !== user.id && user.role !== "admin")) throw data({ reason: "notFound" }, { status: 404 });
  if (cert.revokedAt) throw data({ reason: "revoked" }, { status: 410 });
  return { user, cert };
}

export function pdfFor(cert: Parameters<typeof renderCertificatePdf>[0] extends infer P ? Omit<P, "verifyUrl"> : never) {
  return renderCertificatePdf({ ...cert, verifyUrl: `${env.PUBLIC_URL}/verify/${cert.code}` }, getBranding());
}
