import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFoundJson, PUBLIC_CORS } from "~/models/certificate/ob-http.server";
import { publicKey } from "~/models/certificate/openbadges.server";

/** The public key a credential's `kid` names (a dereferenceable URL, as Open Badges 3.0 asks). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const kid = params.kid ?? "";
  const key = /^[A-Za-z0-9_-]{16,64}$/.test(kid) ? await publicKey(kid) : null;
  if (!key) return notFoundJson(request, "ob.unknownKey");
  return Response.json(key, { headers: { ...PUBLIC_CORS, "Content-Type": "application/jwk+json", "Cache-Control": "public, max-age=86400" } });
}
