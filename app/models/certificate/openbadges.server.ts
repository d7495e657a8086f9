import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { SignJWT, calculateJwkThumbprint, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK } from "jose";
import type { Certificate } from "../../../db/schema";
import { getBranding, getSetting, setSetting } from "~/models/settings.server";
import { env } from "~/utils/env.server";

// Open Badges 3.0 (§8.2, VC-JWT): the JWT payload is the OpenBadgeCredential itself, signed with RS256 — the one
// algorithm the specification requires every verifier to support ("MUST be RS256 as a minimum"); EdDSA would be
// smaller but "limits interoperability". The key is created at start-up (ensureIssuerKey) and kept in the settings table; its public
// half travels in the JOSE header (`jwk`) and is published at the `kid` URL and in /ob/jwks.json.
export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const OB_SCHEMA_ID = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";
const ALG = "RS256";

type StoredKey = { kid: string; privateJwk: JWK; publicJwk: JWK };

let creating: Promise<StoredKey> | null = null;
/**
 * The signing key, created when there is none: a command, run by the server's start-up so that no GET has to write
 * (signing a credential on download then only reads it; the creation here stays as a safety net).
 */
export async function ensureIssuerKey(): Promise<StoredKey> {
  const stored = getSetting<StoredKey>("ob-issuer-key-rs256");
  if (stored) return stored;
  creating ??= (async () => {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const key = { kid, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG }, publicJwk: { ...publicJwk, kid, alg: ALG, use: "sig" } };
    // Two processes may race here: the first key written wins and both use it.
    if (!getSetting("ob-issuer-key-rs256")) setSetting("ob-issuer-key-rs256", key);
    return getSetting<StoredKey>("ob-issuer-key-rs256")!;
  })().finally(() => (creating = null));
  return creating;
}

export const issuerId = () => `${env.PUBLIC_URL}/ob/issuer`;
export const keyUrl = (kid: string) => `${env.PUBLIC_URL}/ob/keys/${kid}`;
export const credentialId = (code: string) => `${env.PUBLIC_URL}/verify/${code}`;
export const badgeImageUrl = (code: string) => `${env.PUBLIC_URL}/ob/badges/${code}.svg`;

/** Every public key the issuer has signed with (the Ed25519 key of the first release stays, for its old tokens). */
export async function jwks() {
  const key = getSetting<StoredKey>("ob-issuer-key-rs256");
  const legacy = getSetting<StoredKey>("ob-issuer-key");
  return { keys: [key, legacy].filter((k): k is StoredKey => Boolean(k)).map((k) => k.publicJwk) };
}

/** The public key a `kid` URL names, or null. */
export async function publicKey(kid: string) {
  return (await jwks()).keys.find((k) => k.kid === kid) ?? null;
}

export function issuerProfile() {
  const branding = getBranding();
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: issuerId(),
    type: ["Profile"],
    name: branding.centre.fr,
    url: env.PUBLIC_URL,
    description: branding.centre.ar,
  };
}

const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);
const isoSeconds = (d: Date) =>
  wholeSeconds(d)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");

// ---------- Bitstring Status List (W3C) ----------

/** Bits per list: the specification's minimum (16 KB), so a list says nothing about how many certificates exist. */
export const STATUS_LIST_SIZE = 131_072;
export const statusListUrl = (list: number) => `${env.PUBLIC_URL}/ob/status/${list}`;
/** A certificate's place in the lists: its row id, which never changes and is never reused. */
export function statusPosition(certificateId: number) {
  return { list: Math.floor(certificateId / STATUS_LIST_SIZE) + 1, index: certificateId % STATUS_LIST_SIZE };
}

/** GZIP-compressed bitstring, multibase base64url ("u" prefix); bit 0 is the most significant bit of the first byte. */
export function encodeStatusList(revokedIndexes: Iterable<number>) {
  const bytes = new Uint8Array(STATUS_LIST_SIZE / 8);
  for (const i of revokedIndexes) if (i >= 0 && i < STATUS_LIST_SIZE) bytes[i >> 3] |= 0x80 >> (i & 7);
  return `u${gzipSync(bytes).toString("base64url")}`;
}

/** Reads one bit as a verifier does; null when the list is malformed or the index is outside it. */
export function readStatusBit(encodedList: string, index: number): 0 | 1 | null {
  if (typeof encodedList !== "string" || !encodedList.startsWith("u") || !Number.isSafeInteger(index) || index < 0) return null;
  let bytes: Buffer;
  try {
    bytes = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"), { maxOutputLength: 16 * 1024 * 1024 });
  } catch {
    return null;
  }
  if (index >= bytes.length * 8) return null;
  return (bytes[index >> 3] & (0x80 >> (index & 7))) !== 0 ? 1 : 0;
}

/** The status list credential (unsigned): revoked bits only, never a reason or a name. */
export function statusListCredential(list: number, revokedIndexes: number[], now = new Date()) {
  return {
    "@context": [VC_CONTEXT],
    id: statusListUrl(list),
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: issuerId(),
    validFrom: isoSeconds(now),
    credentialSubject: {
      id: `${statusListUrl(list)}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: encodeStatusList(revokedIndexes),
    },
  };
}

// ---------- The credential ----------

type Issued = Pick<
  Certificate,
  "id" | "code" | "language" | "courseId" | "courseTitle" | "hours" | "periodLabel" | "issuedAt" | "issuer" | "coIssuer" | "subjectSalt" | "startsAt" | "endsAt"
>;

function achievementName(cert: Issued) {
  const { ar, fr } = cert.courseTitle;
  return cert.language === "ar" ? ar : cert.language === "fr" ? fr : `${ar} — ${fr}`;
}

/** The credential document (unsigned). The holder is identified by a salted hash of their email: learners have no wallet. */
export function credentialFor(cert: Issued, email: string) {
  const issuerName = cert.language === "ar" ? cert.issuer.ar : cert.issuer.fr;
  const title = achievementName(cert);
  const position = statusPosition(cert.id);
  const period = cert.periodLabel;
  const description =
    cert.language === "ar"
      ? `${cert.courseTitle.ar} (${cert.hours} ساعة، ${period})`
      : cert.language === "fr"
        ? `${cert.courseTitle.fr} (${cert.hours} heures, ${period})`
        : `${cert.courseTitle.ar} (${cert.hours} ساعة، ${period}) / ${cert.courseTitle.fr} (${cert.hours} heures, ${period})`;
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: credentialId(cert.code),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${title} — ${period}`,
    // Frozen at issue: the names the certificate printed, not today's branding.
    issuer: {
      id: issuerId(),
      type: ["Profile"],
      name: cert.coIssuer ? `${issuerName} & ${cert.language === "ar" ? cert.coIssuer.ar : cert.coIssuer.fr}` : issuerName,
      url: env.PUBLIC_URL,
    },
    validFrom: isoSeconds(cert.issuedAt),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [
        {
          type: "IdentityObject",
          identityHash: `sha256$${createHash("sha256")
            .update(email.toLowerCase() + cert.subjectSalt)
            .digest("hex")}`,
          identityType: "emailAddress",
          hashed: true,
          salt: cert.subjectSalt,
        },
      ],
      ...(cert.startsAt ? { activityStartDate: isoSeconds(cert.startsAt) } : {}),
      ...(cert.endsAt ? { activityEndDate: isoSeconds(cert.endsAt) } : {}),
      achievement: {
        id: `${env.PUBLIC_URL}/courses/${cert.courseId}`,
        type: ["Achievement"],
        name: title,
        ...(cert.language === "ar-fr" ? {} : { inLanguage: cert.language }),
        description,
        criteria: {
          narrative:
            cert.language === "ar"
              ? "إتمام جميع الدروس، والنجاح في جميع الاختبارات، وقبول المكوِّن لجميع التمارين."
              : "A suivi toutes les leçons, réussi tous les quiz et vu tous ses exercices acceptés par un formateur.",
        },
        achievementType: "Certificate",
        image: { id: badgeImageUrl(cert.code), type: "Image", caption: title },
      },
    },
    credentialSchema: [{ id: OB_SCHEMA_ID, type: "1EdTechJsonSchemaValidator2019" }],
    credentialStatus: {
      id: `${statusListUrl(position.list)}#${position.index}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(position.index),
      statusListCredential: statusListUrl(position.list),
    },
  };
}

/** Signs a credential as a VC-JWT: the credential is the payload; iss, jti, nbf (and sub when the subject has an id) mirror it. */
export async function signVcJwt(credential: { id: string; issuer: string | { id: string }; validFrom: string; credentialSubject: Record<string, unknown> }) {
  const key = await ensureIssuerKey();
  const privateKey = await importJWK(key.privateJwk, ALG);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicOnly } = key.publicJwk;
  const jwt = new SignJWT(credential as unknown as Record<string, unknown>)
    .setProtectedHeader({ alg: ALG, typ: "JWT", kid: keyUrl(key.kid), jwk: publicOnly })
    .setIssuer(typeof credential.issuer === "string" ? credential.issuer : credential.issuer.id)
    .setJti(credential.id)
    .setNotBefore(Math.floor(Date.parse(credential.validFrom) / 1000));
  const subject = credential.credentialSubject.id;
  if (typeof subject === "string") jwt.setSubject(subject);
  return jwt.sign(privateKey);
}

export function signCredential(cert: Issued, email: string) {
  return signVcJwt(credentialFor(cert, email));
}

export type JwtCheck =
  { ok: true; credentialId: string; payload: Record<string, unknown> } | { ok: false; reason: "malformed" | "signature" | "foreign-issuer" | "unknown-key" };

/**
 * Checks a credential file as a verifier would, with only what this issuer publishes: the key in the header must be
 * one of ours (a forger can always embed their own key), the signature must hold, and the issuer must be us.
 */
export async function verifyCredentialJwt(jwt: string): Promise<JwtCheck> {
  let header;
  try {
    header = decodeProtectedHeader(jwt.trim());
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const published = (await jwks()).keys;
  const embedded = header.jwk as JWK | undefined;
  const kidTail = typeof header.kid === "string" ? header.kid.split("/").pop() : undefined;
  let ours: JWK | undefined;
  if (embedded && typeof embedded === "object") {
    const thumb = await calculateJwkThumbprint(embedded).catch(() => null);
    ours = published.find((k) => k.kid === thumb);
  } else if (kidTail) ours = published.find((k) => k.kid === kidTail);
  if (!ours) return { ok: false, reason: header.jwk || header.kid ? "unknown-key" : "malformed" };
  try {
    const alg = ours.alg === "EdDSA" ? "EdDSA" : ALG;
    const { payload } = await jwtVerify(jwt.trim(), await importJWK(ours, alg), { algorithms: [alg] });
    if (payload.iss !== issuerId()) return { ok: false, reason: "foreign-issuer" };
    const id = typeof payload.jti === "string" ? payload.jti : "";
    return { ok: true, credentialId: id, payload: payload as Record<string, unknown> };
  } catch {
    return { ok: false, reason: "signature" };
  }
}
