import { PUBLIC_CORS } from "~/models/certificate/ob-http.server";
import { jwks } from "~/models/certificate/openbadges.server";

export async function loader() {
  return Response.json(await jwks(), { headers: { ...PUBLIC_CORS, "Cache-Control": "public, max-age=3600" } });
}
