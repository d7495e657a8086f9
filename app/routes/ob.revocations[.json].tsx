import { revokedCertificates } from "~/models/certificate.server";
import { revocationList } from "~/models/certificate/openbadges.server";

/** 1EdTech revocation list: the credentialStatus of every credential points here. */
export function loader() {
  return Response.json(revocationList(revokedCertificates()), { headers: { "Cache-Control": "public, max-age=60" } });
}
