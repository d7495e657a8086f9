import { eq } from "drizzle-orm";
import { detectImageKind } from "~/utils/uploads.server";
import { settings } from "../../db/schema";
import { db } from "~/utils/db.server";
import { saveBrandingImage } from "~/models/certificate/files.server";
import { env } from "~/utils/env.server";

export type Bilingual = { ar: string; fr: string };
export type Signatory = { name: Bilingual; title: Bilingual; signature: string | null };
export type Branding = {
  centre: Bilingual;
  partner: Bilingual;
  centreLogo: string | null;
  partnerLogo: string | null;
  signatories: [Signatory, Signatory];
  colour: string;
};

/** What certificates print until an admin edits it (Administration → Branding). */
export function defaultBranding(): Branding {
  return {
    centre: { ar: `مركز ${env.ORG_NAME} للابتكار الاجتماعي`, fr: `Centre ${env.ORG_NAME} d'innovation sociale` },
    partner: { ar: "المؤسسة الشريكة", fr: "Fondation partenaire" },
    centreLogo: null,
    partnerLogo: null,
    signatories: [
      { name: { ar: "مديرة المركز", fr: "Directrice du centre" }, title: { ar: "المديرة", fr: "Directrice" }, signature: null },
      { name: { ar: "ممثل المؤسسة الشريكة", fr: "Représentant de la fondation" }, title: { ar: "الممثل", fr: "Représentant" }, signature: null },
    ],
    colour: "#0f766e",
  };
}

export function getSetting<T>(key: string): T | null {
  const row = db.select().from(settings).where(eq(settings.key, key)).get();
  return row ? (row.value as T) : null;
}

export function setSetting(key: string, value: unknown) {
  db.insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } })
    .run();
}

export function getBranding(): Branding {
  return { ...defaultBranding(), ...(getSetting<Partial<Branding>>("branding") ?? {}) };
}

export const BRANDING_IMAGES = ["centreLogo", "partnerLogo", "sig0", "sig1"] as const;
export type BrandingImage = (typeof BRANDING_IMAGES)[number];

/** PNG or JPEG, recognised by its content (file-type reads the structure, not the name or the declared type). */
export async function isBrandingImage(bytes: Uint8Array) {
  return (await detectImageKind(bytes)) !== null;
}

export type BrandingText = {
  centre: Bilingual;
  partner: Bilingual;
  signatories: [{ name: Bilingual; title: Bilingual }, { name: Bilingual; title: Bilingual }];
  colour: string;
};

/**
 * Saves the branding: every new image is checked first, so either all of them and the texts are saved, or nothing
 * (no stray file is written for a form that is refused). Images not sent keep their current file.
 */
export async function saveBranding(
  text: BrandingText,
  images: Partial<Record<BrandingImage, Uint8Array>>,
): Promise<{ ok: true } | { ok: false; invalid: BrandingImage[] }> {
  const invalid: BrandingImage[] = [];
  for (const name of BRANDING_IMAGES) {
    const bytes = images[name];
    if (bytes && !(await isBrandingImage(bytes))) invalid.push(name);
  }
  if (invalid.length) return { ok: false, invalid };
  const keys = new Map<BrandingImage, string>();
  for (const name of BRANDING_IMAGES) {
    const bytes = images[name];
    if (!bytes) continue;
    const key = await saveBrandingImage(bytes);
    if (!key) return { ok: false, invalid: [name] };
    keys.set(name, key);
  }
  const current = getBranding();
  const branding: Branding = {
    centre: text.centre,
    partner: text.partner,
    centreLogo: keys.get("centreLogo") ?? current.centreLogo,
    partnerLogo: keys.get("partnerLogo") ?? current.partnerLogo,
    colour: text.colour,
    signatories: [
      { ...text.signatories[0], signature: keys.get("sig0") ?? current.signatories[0].signature },
      { ...text.signatories[1], signature: keys.get("sig1") ?? current.signatories[1].signature },
    ],
  };
  setSetting("branding", branding);
  return { ok: true };
}

export type BrandingProblem = "centre-name" | "partner-name" | "signatory-name" | "signature";

/**
 * What stops a certificate from being issued with this branding: names still as shipped (placeholders) or a missing
 * signature, for the parts the certificate prints (the partner and second signatory only when co-issued).
 */
export function brandingProblems(branding: Branding, coIssued: boolean): BrandingProblem[] {
  const placeholder = defaultBranding();
  const same = (a: Bilingual, b: Bilingual) => a.ar.trim() === b.ar.trim() || a.fr.trim() === b.fr.trim();
  const problems = new Set<BrandingProblem>();
  if (same(branding.centre, placeholder.centre)) problems.add("centre-name");
  if (coIssued && same(branding.partner, placeholder.partner)) problems.add("partner-name");
  const signatories = coIssued ? branding.signatories : branding.signatories.slice(0, 1);
  signatories.forEach((s, i) => {
    if (same(s.name, placeholder.signatories[i].name)) problems.add("signatory-name");
    if (!s.signature) problems.add("signature");
  });
  return [...problems];
}

/** The part of branding a certificate keeps from the day it is issued. */
export function freezeBranding(branding: Branding, coIssued: boolean) {
  return {
    centreLogo: branding.centreLogo,
    partnerLogo: coIssued ? branding.partnerLogo : null,
    colour: /^#[0-9a-f]{6}$/i.test(branding.colour) ? branding.colour : "#0f766e",
    signatories: (coIssued ? branding.signatories : branding.signatories.slice(0, 1)).map((s) => ({
      name: { ...s.name },
      title: { ...s.title },
      signature: s.signature,
    })),
  };
}
