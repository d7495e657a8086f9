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
