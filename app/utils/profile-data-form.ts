import { z } from "zod";
import { SEX_VALUES } from "../../db/enums";

/** The youngest and oldest learner the form accepts: a birth year outside is a typo (or a forged form). */
export const BIRTH_YEAR_MIN_AGE = 12;
export const BIRTH_YEAR_MAX_AGE = 90;

export function birthYearRange(now = new Date()) {
  const year = now.getUTCFullYear();
  return { min: year - BIRTH_YEAR_MAX_AGE, max: year - BIRTH_YEAR_MIN_AGE };
}

/** "none" is the form's "prefer not to say": stored as null, reported as "not given". */
export const SEX_CHOICES = [...SEX_VALUES, "none"] as const;

/**
 * The profile-data fields shared by /account and /signup (both forms use them through `withProfileData`): an optional
 * sex and birth year, and an explicit consent box that must be ticked for either to be stored.
 */
export const profileDataShape = {
  sex: z.enum(SEX_CHOICES, { errorMap: () => ({ message: "errors.invalidChoice" }) }).default("none"),
  birthYear: z
    .string({ invalid_type_error: "errors.invalid" })
    .regex(/^\d{4}$/, "outcomes.profile.birthYearInvalid")
    .optional()
    .transform((v) => (v === undefined ? null : Number(v)))
    .refine((v) => {
      if (v === null) return true;
      const { min, max } = birthYearRange();
      return v >= min && v <= max;
    }, "outcomes.profile.birthYearRange"),
  profileConsent: z.literal("on", { errorMap: () => ({ message: "errors.invalid" }) }).optional(),
};

/** Data given without the consent box ticked is refused with a message on the box, never stored silently. */
export function refineProfileData(value: { sex: string; birthYear: number | null; profileConsent?: "on" }, ctx: z.RefinementCtx) {
  const given = value.sex !== "none" || value.birthYear !== null;
  if (given && value.profileConsent !== "on")
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["profileConsent"], message: "outcomes.profile.consentRequired" });
}

/** The values to store: the sex or null, the birth year or null. */
export function profileDataOf(value: { sex: (typeof SEX_CHOICES)[number]; birthYear: number | null }) {
  return { sex: value.sex === "none" ? null : value.sex, birthYear: value.birthYear };
}
