import contentDisposition from "content-disposition";
import { data, redirect } from "@remix-run/node";
import type { Certificate } from "../../../db/schema";
import { getCertificateByCode } from "~/models/certificate.server";
import { freezeBranding, getBranding } from "~/models/settings.server";
import { assertCan, requireUser } from "~/utils/permissions.server";
import { env } from "~/utils/env.server";
import { parseCertificateCode } from "./code";
import { renderCertificatePdf } from "./pdf.server";

/**
 * The certificate for its holder or an admin; a stranger or an unknown code gets 404. A revoked one is no longer
 * downloadable: its link leads to the verification page, which says when it was revoked and what replaced it.
 */
export async function requireOwnCertificate(request: Request, rawCode: string | undefined) {
  const user = await requireUser(request);
  const code = parseCertificateCode(rawCode ?? "");
  const cert = code.ok ? getCertificateByCode(code.code) : null;
  if (!cert) throw data({ reason: "notFound" }, { status: 404 });
  assertCan(user, { action: "download:certificate", holderId: cert.userId }, 404);
  if (cert.revokedAt) throw redirect(`/verify/${cert.code}`, 303);
  return { user, cert };
}

/** What the certificate printed on the day it was issued (rows from before the freeze fall back to today's branding). */
export function pdfFor(cert: Certificate) {
  const branding = cert.branding ?? freezeBranding(getBranding(), Boolean(cert.coIssuer));
  return renderCertificatePdf({ ...cert, verifyUrl: `${env.PUBLIC_URL}/verify/${cert.code}` }, branding);
}

/** A download header: the file name as given (Arabic included), with an ASCII fallback for old clients. */
export function attachment(fileName: string) {
  return contentDisposition(fileName, { type: "attachment" });
}
