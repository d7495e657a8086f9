import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUserById } from "~/models/user.server";
import { attachment, requireOwnCertificate } from "~/models/certificate/download.server";
import { signCredential } from "~/models/certificate/openbadges.server";

/** The Open Badges 3.0 credential (VC-JWT) for the holder to keep, add to a wallet or hand to an employer. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cert } = await requireOwnCertificate(request, params.code);
  const holder = getUserById(cert.userId)!;
  const jwt = await signCredential(cert, holder.email);
  return new Response(jwt, {
    headers: { "Content-Type": "application/vc+jwt", "Content-Disposition": attachment(`${cert.code}.jwt`), "Cache-Control": "private, no-store" },
  });
}
