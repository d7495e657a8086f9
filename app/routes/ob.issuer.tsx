import { issuerProfile } from "~/models/certificate/openbadges.server";

export function loader() {
  return Response.json(issuerProfile(), { headers: { "Cache-Control": "public, max-age=3600" } });
}
