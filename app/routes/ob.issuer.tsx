import { PUBLIC_CORS } from "~/models/certificate/ob-http.server";
import { issuerProfile } from "~/models/certificate/openbadges.server";

/** The issuer profile, readable by wallets and verifiers from any origin. */
export function loader() {
  return Response.json(issuerProfile(), { headers: { ...PUBLIC_CORS, "Cache-Control": "public, max-age=3600" } });
}
