import { eq } from "drizzle-orm";
import { users, type Sex } from "../../db/schema";
import { db } from "~/utils/db.server";

/**
 * Sex and birth year, kept only for funders' aggregate breakdowns and only with the learner's consent (Morocco's law
 * 09-08: purpose stated, consent recorded with its date, access, correction, withdrawal). A user row holds either
 * nothing (no consent) or the consent date with what was given.
 */
export type ProfileData = { sex: Sex | null; birthYear: number | null; consentAt: Date | null };

/** What is stored about the person, as the account page shows it back to them (access). A pure read. */
export function getProfileData(userId: number): ProfileData {
  const row = db.select({ sex: users.sex, birthYear: users.birthYear, consentAt: users.profileConsentAt }).from(users).where(eq(users.id, userId)).get();
  return row ?? { sex: null, birthYear: null, consentAt: null };
}

/**
 * Stores (or corrects) the data the person consented to give. Giving nothing stores nothing and records no consent;
 * the first consent's date is kept when the data is corrected later.
 */
export function saveProfileData(userId: number, input: { sex: Sex | null; birthYear: number | null }, now = new Date()): ProfileData {
  if (input.sex === null && input.birthYear === null) return withdrawProfileConsent(userId);
  const current = getProfileData(userId);
  const consentAt = current.consentAt ?? now;
  db.update(users).set({ sex: input.sex, birthYear: input.birthYear, profileConsentAt: consentAt, updatedAt: now }).where(eq(users.id, userId)).run();
  return { ...input, consentAt };
}

/** Withdrawal removes the data itself (not a flag that hides it) together with the consent. */
export function withdrawProfileConsent(userId: number): ProfileData {
  db.update(users).set({ sex: null, birthYear: null, profileConsentAt: null, updatedAt: new Date() }).where(eq(users.id, userId)).run();
  return { sex: null, birthYear: null, consentAt: null };
}
