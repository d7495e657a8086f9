import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_UPLOAD_BYTES } from "./uploads.server";

export const TOO_LARGE = "__file_too_large__";
const MAX_TEXT_BYTES = 200_000;

/**
 * Parses a multipart form without ever throwing on size: an oversized file is drained and replaced by a marker,
 * so the action can answer with a clear message and still return the learner's text to the form.
 */
export async function parseMultipart(request: Request) {
  const handler: UploadHandler = async ({ filename, contentType, data }) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const limit = filename !== undefined ? MAX_UPLOAD_BYTES : MAX_TEXT_BYTES;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
    }
    if (filename === undefined) {
      return size > limit ? TOO_LARGE : new TextDecoder().decode(Buffer.concat(chunks));
    }
    if (!filename || size === 0) return null;
    if (size > limit) return TOO_LARGE;
    return new File([Buffer.concat(chunks)], filename, { type: contentType });
  };
  return unstable_parseMultipartFormData(request, handler);
}

export function isMultipart(request: Request) {
  return (request.headers.get("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data");
}
