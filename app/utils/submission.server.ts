import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { formErrorMap } from "./form-errors";
import { formatDate } from "./i18n";
import { getLocale } from "./i18n.server";
import { bodyError, readFormData } from "./request-body.server";

/**
 * The form contract on the server: the body is read once (size, type and encoding checked), then parsed by the same
 * zod schema the page uses in the browser. Database checks (email taken, seats left) run as async refinements of that
 * schema, so they come back as issues on the same result.
 */
export async function parseSubmission<Schema extends z.ZodTypeAny>(request: Request, schema: Schema, options: Parameters<typeof readFormData>[1] = {}) {
  const formData = await readFormData(request, options);
  const submission = await parseFormSubmission(formData, schema);
  return { formData, submission };
}

type Reply = Parameters<Awaited<ReturnType<typeof parseWithZod>>["reply"]>[0];

/** 400 (or the given status) with the submission's errors and the typed values, passwords never sent back. */
export function rejectSubmission(submission: Awaited<ReturnType<typeof parseWithZod>>, options: Reply & { status?: number; headers?: HeadersInit } = {}) {
  const { status = 400, headers, ...reply } = options;
  return data({ result: submission.reply({ hideFields: ["password", "currentPassword", "newPassword", "confirmPassword"], ...reply }) }, { status, headers });
}

/** The same parse as parseSubmission, for an action that has already read its body (to dispatch on `intent` first). */
export async function parseFormSubmission<Schema extends z.ZodTypeAny>(formData: FormData, schema: Schema) {
  if (!conformFieldsReadable(formData)) bodyError("badRequest");
  return parseWithZod(formData, { schema, async: true, errorMap: formErrorMap });
}

/**
 * 429 with Retry-After and a form-level message `{ key, time, count }` (the time the person may try again, in their
 * locale, and the minutes until then for the plural); the form shows it with `formErrorText`.
 */
export async function rejectThrottled(request: Request, submission: Awaited<ReturnType<typeof parseWithZod>>, seconds: number, key: string) {
  const locale = await getLocale(request);
  const time = formatDate(new Date(Date.now() + seconds * 1000), locale, { hour: "2-digit", minute: "2-digit" });
  const count = Math.max(1, Math.ceil(seconds / 60));
  return rejectSubmission(submission, { status: 429, headers: { "Retry-After": String(seconds) }, formErrors: [JSON.stringify({ key, time, count })] });
}

/**
 * conform reads its reserved fields (__intent__, __state__) as JSON and throws on anything else, and its list intents
 * (update, insert, remove…) write into the payload by path. Our forms send at most a "validate" intent, so anything
 * else there comes from a crafted request: 400, not 500.
 */
function conformFieldsReadable(formData: FormData) {
  for (const name of ["__intent__", "__state__"]) {
    const values = formData.getAll(name);
    if (values.length === 0) continue;
    if (values.length > 1 || typeof values[0] !== "string") return false;
    try {
      const parsed: unknown = JSON.parse(values[0]);
      if (!parsed || typeof parsed !== "object") return false;
      if (name === "__intent__" && ((parsed as { type?: unknown }).type !== "validate" || (parsed as { payload?: unknown }).payload === undefined))
        return false;
    } catch {
      return false;
    }
  }
  return true;
}
