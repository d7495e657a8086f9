import type { LoaderFunctionArgs } from "@remix-run/node";
import { highestCertificateId, revokedCertificateIds } from "~/models/certificate.server";
import { notFoundJson, PUBLIC_CORS } from "~/models/certificate/ob-http.server";
import { STATUS_LIST_SIZE, signVcJwt, statusListCredential, statusPosition } from "~/models/certificate/openbadges.server";

/**
 * A Bitstring Status List credential (W3C), signed as a VC-JWT: one bit per certificate, set when it is revoked.
 * It says nothing else — no reason, no name, not even how many certificates exist (the list has a fixed size).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const raw = params.list ?? "";
  const list = /^[1-9][0-9]{0,6}$/.test(raw) ? Number(raw) : 0;
  if (!list || list > statusPosition(highestCertificateId()).list) return notFoundJson(request, "ob.unknownList");
  const from = (list - 1) * STATUS_LIST_SIZE;
  const revoked = revokedCertificateIds(from, from + STATUS_LIST_SIZE).map((id) => statusPosition(id).index);
  const jwt = await signVcJwt(statusListCredential(list, revoked));
  return new Response(jwt, { headers: { ...PUBLIC_CORS, "Content-Type": "application/vc+jwt", "Cache-Control": "public, max-age=60" } });
}
