// Certificate codes: TMK-<period>-<5 random><check>, e.g. TMK-2026Q4-7F3K9H. Crockford's alphabet has no
// I, L, O or U, so a code read aloud or typed from paper is not mistaken; the check character catches typos.
export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Luhn mod N over the alphabet. */
export function checkCharacter(body: string) {
  const n = CODE_ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    let addend = factor * CODE_ALPHABET.indexOf(body[i]);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return CODE_ALPHABET[(n - (sum % n)) % n];
}

export function makeCertificateCode(periodLabel: string, random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))) {
  const period = periodLabel.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
  const bytes = random(5);
  const body = [...bytes].map((b) => CODE_ALPHABET[b % 32]).join("");
  return `TMK-${period}-${body}${checkCharacter(`${period}${body}`)}`;
}

export type ParsedCode = { ok: true; code: string } | { ok: false; reason: "typo" | "foreign" | "malformed" };

/**
 * Normalises what a person typed (case, spaces, look-alike letters) and checks the shape and the check character:
 * a code of the right shape whose check character fails has a typo; another prefix is another issuer's code.
 */
export function parseCertificateCode(input: string): ParsedCode {
  if (typeof input !== "string" || input.length > 64) return { ok: false, reason: "malformed" };
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\u00a0\u200b-\u200f\u2066-\u2069]+/g, "")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[OIL]/g, (c) => (c === "O" ? "0" : "1"));
  const match = /^([0-9A-Z]{2,6})-([0-9A-Z]{5,8})-([0-9A-Z]{5})([0-9A-Z])$/.exec(cleaned);
  if (!match) return { ok: false, reason: "malformed" };
  const [, prefix, period, body, check] = match;
  if (prefix !== "TMK") return { ok: false, reason: "foreign" };
  if (!/^[0-9A-HJKMNP-TV-Z]{5}$/.test(body) || !/^[0-9A-HJKMNP-TV-Z]$/.test(check)) return { ok: false, reason: "typo" };
  return checkCharacter(`${period}${body}`) === check ? { ok: true, code: `TMK-${period}-${body}${check}` } : { ok: false, reason: "typo" };
}

/** How many codes the batch check takes at once. */
export const MAX_BATCH_CODES = 200;
