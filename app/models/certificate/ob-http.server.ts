import { getTranslator } from "~/utils/i18n.server";

/** Open Badges documents are public and fetched by wallets and verifiers from other origins. */
export const PUBLIC_CORS = { "Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff" } as const;

/** A translated 404 for machine-read endpoints. */
export async function notFoundJson(request: Request, key: string) {
  const t = await getTranslator(request);
  return Response.json({ error: t(key) }, { status: 404, headers: { ...PUBLIC_CORS, "Cache-Control": "no-store" } });
}
