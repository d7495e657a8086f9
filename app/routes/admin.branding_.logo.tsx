import fs from "node:fs";
import path from "node:path";
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { BRANDING_DIR } from "~/models/certificate/files.server";
import { getBranding } from "~/models/settings.server";
import { requirePermission } from "~/utils/permissions.server";

/** The centre's logo as uploaded under Branding, for staff pages such as the printable report (img-src 'self'). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const key = getBranding().centreLogo;
  // The key is ours (random hex and the detected kind); anything else is not served.
  const match = key ? /^[a-f0-9]{24}\.(png|jpg)$/.exec(key) : null;
  const file = match ? path.join(BRANDING_DIR, key!) : null;
  if (!file || !fs.existsSync(file)) throw data({ reason: "notFound" }, { status: 404 });
  return new Response(fs.readFileSync(file), {
    headers: { "Content-Type": match![1] === "png" ? "image/png" : "image/jpeg", "Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff" },
  });
}
