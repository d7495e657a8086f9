import { z } from "zod";

/**
 * zod's own messages ("Required", "Expected string, received array", "Invalid enum value…") are English sentences,
 * not translation keys: every schema of the form contract is parsed with this map, so a field without its own message
 * still gets a translated one. Messages a schema sets itself take precedence.
 */
export const formErrorMap: z.ZodErrorMap = (issue, ctx) => {
  // zod hands this map, last, the message the schema's own error map chose: a key there wins.
  if (isKey(ctx.defaultError)) return { message: ctx.defaultError };
  if (issue.code === z.ZodIssueCode.invalid_type) return { message: issue.received === "undefined" ? "errors.required" : "errors.invalid" };
  if (
    issue.code === z.ZodIssueCode.invalid_enum_value ||
    issue.code === z.ZodIssueCode.invalid_literal ||
    issue.code === z.ZodIssueCode.invalid_union_discriminator
  )
    return { message: "errors.invalidChoice" };
  if (issue.code === z.ZodIssueCode.too_big) return { message: issue.type === "array" ? "errors.tooMany" : "errors.tooLong" };
  if (issue.code === z.ZodIssueCode.invalid_date) return { message: "errors.invalid" };
  return { message: "errors.invalid" };
};

function isKey(message: string) {
  return /^[a-zA-Z]+\.[\w.]+$/.test(message);
}
