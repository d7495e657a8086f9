import { hash, verify } from "@node-rs/argon2";
import { PASSWORD_HASH_OPTIONS } from "../../db/password-options";

export function hashPassword(password: string) {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

// A hash of a random password, verified against when the email is unknown,
// so that the response time does not tell which emails have accounts.
const decoy = hash(crypto.randomUUID(), PASSWORD_HASH_OPTIONS);

export async function verifyPassword(passwordHash: string | null | undefined, password: string) {
  if (!passwordHash) {
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
