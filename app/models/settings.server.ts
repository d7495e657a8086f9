import { eq } from "drizzle-orm";
import { settings } from "../../db/schema";
import { db } from "~/utils/db.server";
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
  db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } }).run();
}

export function getBranding(): Branding {
  return { ...defaultBranding(), ...(getSetting<Partial<Branding>>("branding") ?? {}) };
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
    signatories: (coIssued ? branding.signatories : branding.signatories.slice(0, 1)).map((s) => ({ name: { ...s.name }, title: { ...s.title }, signature: s.signature })),
  };
}
