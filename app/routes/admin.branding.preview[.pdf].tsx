import type { LoaderFunctionArgs } from "@remix-run/node";
import { attachment } from "~/models/certificate/download.server";
import { renderCertificatePdf } from "~/models/certificate/pdf.server";
import { freezeBranding, getBranding } from "~/models/settings.server";
import { env } from "~/utils/env.server";
import { requirePermission } from "~/utils/permissions.server";

/** A sample certificate with the branding as saved now (bilingual, co-issued: every part shows). Reads only. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { action: "manage:platform" });
  const branding = getBranding();
  const now = new Date();
  const pdf = await renderCertificatePdf(
    {
      code: "TMK-000000-00000",
      language: "ar-fr",
      nameArabic: "اسم المتعلم",
      nameLatin: "Nom de l'apprenant·e",
      courseTitle: { ar: "عنوان الدورة", fr: "Titre de la formation" },
      hours: 40,
      periodLabel: `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`,
      issuedAt: now,
      startsAt: new Date(now.getTime() - 30 * 86_400_000),
      endsAt: now,
      issuer: branding.centre,
      coIssuer: branding.partner,
      verifyUrl: `${env.PUBLIC_URL}/verify`,
    },
    freezeBranding(branding, true),
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": attachment("preview.pdf").replace(/^attachment/, "inline"),
      "Cache-Control": "private, no-store",
    },
  });
}
