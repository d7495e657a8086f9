import { jwks } from "~/models/certificate/openbadges.server";

export async function loader() {
  return Response.json(await jwks(), { headers: { "Cache-Control": "public, max-age=3600" } });
}
