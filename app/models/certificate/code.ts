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

/** Normalises what a person typed (case, spaces, look-alike letters) and checks the shape and the check character. */
export function parseCertificateCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/\s+/g, "")
    .replace(/[OIL]/g, (c) => (c === "O" ? "0" : "1"));
  const match = /^TMK-([0-9A-Z]{5,8})-([0-9A-HJKMNP-TV-Z]{5})([0-9A-HJKMNP-TV-Z])$/.exec(cleaned);
  if (!match) return null;
  return checkCharacter(`${match[1]}${match[2]}`) === match[3] ? cleaned : null;
}
