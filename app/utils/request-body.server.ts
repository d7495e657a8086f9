import { data } from "@remix-run/node";

/** Plain forms are a few fields; 64 KB leaves room for a long exercise answer or a pasted email list. */
export const FORM_BODY_LIMIT = 64 * 1024;
/** One uploaded file (5 MB) plus the text fields sent with it. */
export const UPLOAD_BODY_LIMIT = 6 * 1024 * 1024;
const MAX_FIELDS = 2000;

export type BodyError = "tooLarge" | "unsupportedMediaType" | "badRequest";

/** Thrown to the error boundary, which shows the translated page for the reason. */
export function bodyError(reason: BodyError): never {
  const status = reason === "tooLarge" ? 413 : reason === "unsupportedMediaType" ? 415 : 400;
  throw data({ reason }, { status });
}

/** Reads at most `limit` bytes of the body; past that the stream is cancelled and nothing is parsed. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("Content-Length");
  if (declared !== null && (!/^\d{1,12}$/.test(declared) || Number(declared) > limit)) bodyError(/^\d+$/.test(declared) ? "tooLarge" : "badRequest");
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        bodyError("tooLarge");
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Response || (error && typeof error === "object" && "type" in error)) throw error;
    // A client that hangs up mid-body, or a truncated chunked encoding.
    bodyError("badRequest");
  }
  return Buffer.concat(chunks, size);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function decodeComponent(part: string) {
  try {
    // decodeURIComponent refuses percent-escapes that are not UTF-8, where URLSearchParams would silently put U+FFFD.
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    return bodyError("badRequest");
  }
}

function parseUrlEncoded(bytes: Uint8Array): FormData {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return bodyError("badRequest");
  }
  const form = new FormData();
  if (!text) return form;
  const pairs = text.split("&");
  if (pairs.length > MAX_FIELDS) bodyError("tooLarge");
  for (const pair of pairs) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const key = decodeComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decodeComponent(pair.slice(eq + 1));
    form.append(key, value);
  }
  return form;
}

async function parseMultipart(bytes: Uint8Array, contentType: string): Promise<FormData> {
  if (!/;\s*boundary=("?)[^";\s]{1,70}\1\s*(;|$)/i.test(contentType)) bodyError("badRequest");
  let form: FormData;
  try {
    form = await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return bodyError("badRequest");
  }
  let fields = 0;
  for (const [, value] of form) {
    fields += 1;
    if (fields > MAX_FIELDS) bodyError("tooLarge");
    // The multipart parser decodes text fields leniently: a replacement character there came from bytes that were not UTF-8.
    if (typeof value === "string" && value.includes("\uFFFD")) bodyError("badRequest");
  }
  return form;
}

/**
 * The one way an action reads its body. Refuses (translated error page) before parsing anything:
 * a missing or foreign content type (415), a body over the limit (413), malformed encoding or multipart (400).
 * Uploads are accepted only where the route says so; a route whose form carries a long text (the studio's lesson
 * editor) may set its own `limit`.
 */
export async function readFormData(request: Request, options: { uploads?: boolean; limit?: number } = {}): Promise<FormData> {
  const contentType = (request.headers.get("Content-Type") ?? "").trim();
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (mediaType === "application/x-www-form-urlencoded") {
    return parseUrlEncoded(await readLimited(request, options.limit ?? FORM_BODY_LIMIT));
  }
  if (mediaType === "multipart/form-data") {
    return parseMultipart(await readLimited(request, options.limit ?? (options.uploads ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT)), contentType);
  }
  return bodyError("unsupportedMediaType");
}

/** A field's text value, or null when it is absent, repeated or a file: input never indexes plain objects through this. */
export function textField(form: FormData, name: string): string | null {
  const values = form.getAll(name);
  if (values.length !== 1) return null;
  const value = values[0];
  return typeof value === "string" ? value : null;
}

export const TOO_LARGE = "__file_too_large__";

/**
 * An uploaded file field: the File, null when none was chosen, or TOO_LARGE when it is over `maxBytes`, so the
 * action can answer with a clear message and give the rest of the form back.
 */
export function fileField(form: FormData, name: string, maxBytes: number): File | null | typeof TOO_LARGE {
  const value = form.get(name);
  if (!(value instanceof File) || !value.name || value.size === 0) return null;
  return value.size > maxBytes ? TOO_LARGE : value;
}
