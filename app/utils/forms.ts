import { z } from "zod";
import { LOCALES, REGION_CODES, ROLES } from "../../db/enums";

// Messages are i18next keys; the form translates them next to the field.
// Names are printed on certificates and shown to staff. Format characters (bidi marks, overrides and isolates, U+061C,
// zero-width spaces and joiners, U+FEFF, soft hyphen), control characters and line or paragraph separators let a name
// masquerade as another, reverse a certificate line or look empty; Hangul fillers and the braille blank are letters
// that draw nothing. None is part of a real name. Checked on the raw value, before trimming could hide one at an end.
const INVISIBLE_IN_NAMES = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800]/u;
/** What is left of a name once combining marks and spaces are taken out: nothing means the name would print as blank. */
const VISIBLE_PART = /[^\p{M}\s]/u;

/** Refuses invisible characters, then normalises (NFC, one space between words, no space at the ends). */
function cleanName(value: string, ctx: z.RefinementCtx) {
  if (INVISIBLE_IN_NAMES.test(value)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.invalidCharacters" });
    return z.NEVER;
  }
  const cleaned = value.normalize("NFC").trim().replace(/\s+/g, " ");
  if (cleaned !== "" && !VISIBLE_PART.test(cleaned)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: "errors.invalidCharacters" });
    return z.NEVER;
  }
  return cleaned;
}

// conform turns an empty string into undefined, also inside a pipe: the piped schemas say what an empty name means.
export const personName = (max = 100) =>
  z
    .string({ required_error: "errors.required", invalid_type_error: "errors.invalid" })
    .transform(cleanName)
    .pipe(z.string({ required_error: "errors.required" }).min(1, "errors.required").max(max, "errors.tooLong"));

export const optionalName = (max = 100) =>
  z
    .string({ invalid_type_error: "errors.invalid" })
    .optional()
    .transform((v, ctx) => cleanName(v ?? "", ctx) || null)
    .pipe(z.string().max(max, "errors.tooLong").nullable());

// invalid_type_error: a field sent twice (conform reads it as a list) or as a nested name gets a message the page can translate.
export const emailField = z
  .string({ required_error: "errors.required", invalid_type_error: "errors.invalid" })
  .trim()
  .min(1, "errors.required")
  .max(254, "errors.tooLong")
  .email("errors.emailInvalid")
  .transform((v) => v.toLowerCase());

export const newPassword = z
  .string({ required_error: "errors.required", invalid_type_error: "errors.invalid" })
  .min(10, "errors.passwordTooShort")
  .max(200, "errors.tooLong");

/** A password typed to confirm who is acting (current password, confirmation). */
export const passwordInput = z.string({ required_error: "errors.required", invalid_type_error: "errors.invalid" }).max(200, "errors.tooLong");

export const localeField = z.enum(LOCALES, { errorMap: () => ({ message: "errors.invalidChoice" }) });
export const regionField = z.enum(REGION_CODES, { errorMap: () => ({ message: "errors.invalidChoice" }) });
export const roleField = z.enum(ROLES, { errorMap: () => ({ message: "errors.invalidChoice" }) });

/** "none" (not yet registered) or an association id. */
export const associationChoice = z
  .string({ required_error: "errors.required", invalid_type_error: "errors.invalid" })
  .regex(/^(none|\d{1,9})$/, "errors.invalidChoice")
  .transform((v) => (v === "none" ? null : Number(v)));

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** Parses FormData with a schema; on failure returns one message key per field and the submitted values (never passwords) to refill the form. */
export function parseForm<S extends z.ZodTypeAny>(schema: S, formData: FormData): FormResult<z.infer<S>> {
  const raw: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !(key in raw)) raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    if (!errors[key]) errors[key] = issue.message.startsWith("errors.") ? issue.message : "errors.invalid";
  }
  const values = Object.fromEntries(
    Object.entries(raw)
      .filter(([k]) => !/password/i.test(k))
      .map(([k, v]) => [k, v.slice(0, 500)]),
  );
  return { ok: false, errors, values };
}

/**
 * A name in Arabic script only (letters, marks, spaces, hyphen, apostrophe, dot). Empty means "not given". The script
 * checks skip a name already refused for its characters, so it gets one message.
 */
export const arabicScriptName = optionalName(100).refine(
  // Script_Extensions, not Script: the short vowels and shadda (U+064B–U+065F) are "Inherited" by script.
  (v) => typeof v !== "string" || /^[\p{Script_Extensions=Arabic}\p{M}\s'’.-]+$/u.test(v),
  "errors.arabicScriptOnly",
);

/** A name in Latin letters only (accents allowed). Empty means "not given". */
export const latinScriptName = optionalName(100).refine((v) => typeof v !== "string" || /^[\p{Script=Latin}\p{M}\s'’.-]+$/u.test(v), "errors.latinScriptOnly");
