import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "~/utils/env.server";

export const BRANDING_DIR = path.resolve(path.dirname(env.DATABASE_PATH), "branding");

/** Stores a logo or signature image (PNG or JPEG, checked by content) under a random name. */
export function saveBrandingImage(bytes: Uint8Array): string | null {
  const png = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!png && !jpg) return null;
  fs.mkdirSync(BRANDING_DIR, { recursive: true });
  const key = `${crypto.randomBytes(12).toString("hex")}.${png ? "png" : "jpg"}`;
  fs.writeFileSync(path.join(BRANDING_DIR, key), bytes);
  return key;
}
