import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { formErrorMap } from "./form-errors";
import { readFormData } from "./request-body.server";

/**
 * The form contract on the server: the body is read once (size, type and encoding checked), then parsed by the same
 * zod schema the page uses in the browser. Database checks (email taken, seats left) run as async refinements of that
 * schema, so they come back as issues on the same result.
 */
export async function parseSubmission<Schema extends z.ZodTypeAny>(request: Request, schema: Schema, options: { uploads?: boolean } = {}) {
  const formData = await readFormData(request, options);
  const submission = await parseWithZod(formData, { schema, async: true, errorMap: formErrorMap });
  return { formData, submission };
}

type Reply = Parameters<Awaited<ReturnType<typeof parseWithZod>>["reply"]>[0];

/** 400 (or the given status) with the submission's errors and the typed values, passwords never sent back. */
export function rejectSubmission(
  submission: Awaited<ReturnType<typeof parseWithZod>>,
  options: Reply & { status?: number; headers?: HeadersInit } = {},
) {
  const { status = 400, headers, ...reply } = options;
  return data({ result: submission.reply({ hideFields: ["password", "currentPassword", "newPassword", "confirmPassword"], ...reply }) }, { status, headers });
}
