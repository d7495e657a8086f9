import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "~/utils/env.server";
import { detectImageKind } from "~/utils/uploads.server";

export const BRANDING_DIR = path.resolve(path.dirname(env.DATABASE_PATH), "branding");

/** Stores a logo or signature image (PNG or JPEG, checked by content) under a random name. */
export async function saveBrandingImage(bytes: Uint8Array): Promise<string | null> {
  const kind = await detectImageKind(bytes);
  if (!kind) return null;
  fs.mkdirSync(BRANDING_DIR, { recursive: true });
  const key = `${crypto.randomBytes(12).toString("hex")}.${kind}`;
  fs.writeFileSync(path.join(BRANDING_DIR, key), bytes);
  return key;
}
