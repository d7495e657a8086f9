import { jwks } from "~/utils/certificates/openbadges.server";

export function loader() {
  return Response.json(jwks(), { headers: { "Cache-Control": "public, max-age=3600" } });
}
