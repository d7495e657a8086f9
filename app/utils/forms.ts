import { z } from "zod";
import { LOCALES, REGION_CODES, ROLES } from "../../db/enums";

// Messages are i18next keys; the form translates them next to the field.
// Bidi overrides/embeddings/isolates and control characters let a name masquerade as
// another (or reverse a certificate line); they are never part of a real name.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

export const personName = (max = 100) =>
  z
    .string({ required_error: "errors.required" })
    .transform((v) => v.normalize("NFC").trim().replace(/\s+/g, " "))
    .pipe(
      z
        .string()
        .min(1, "errors.required")
        .max(max, "errors.tooLong")
        .refine((v) => !FORBIDDEN_IN_NAMES.test(v), "errors.invalidCharacters"),
    );

export const optionalName = (max = 100) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").normalize("NFC").trim().replace(/\s+/g, " "))
    .pipe(z.string().max(max, "errors.tooLong").refine((v) => !FORBIDDEN_IN_NAMES.test(v), "errors.invalidCharacters"))
    .transform((v) => (v === "" ? null : v));

export const emailField = z
  .string({ required_error: "errors.required" })
  .trim()
  .min(1, "errors.required")
  .max(254, "errors.tooLong")
  .email("errors.emailInvalid")
  .transform((v) => v.toLowerCase());

export const newPassword = z
  .string({ required_error: "errors.required" })
  .min(10, "errors.passwordTooShort")
  .max(200, "errors.tooLong");

export const localeField = z.enum(LOCALES, { errorMap: () => ({ message: "errors.invalidChoice" }) });
export const regionField = z.enum(REGION_CODES, { errorMap: () => ({ message: "errors.invalidChoice" }) });
export const roleField = z.enum(ROLES, { errorMap: () => ({ message: "errors.invalidChoice" }) });

/** "none" (not yet registered) or an association id. */
export const associationChoice = z
  .string({ required_error: "errors.required" })
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
  const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !/password/i.test(k)).map(([k, v]) => [k, v.slice(0, 500)]));
  return { ok: false, errors, values };
}

/** A name in Arabic script only (letters, marks, spaces, hyphen, apostrophe, dot). Empty means "not given". */
export const arabicScriptName = optionalName(100).refine(
  (v) => v === null || /^[\p{Script=Arabic}\s'’.\-]+$/u.test(v),
  "errors.arabicScriptOnly",
);

/** A name in Latin letters only (accents allowed). Empty means "not given". */
export const latinScriptName = optionalName(100).refine(
  (v) => v === null || /^[\p{Script=Latin}\p{M}\s'’.\-]+$/u.test(v),
  "errors.latinScriptOnly",
);
