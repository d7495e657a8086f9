import { createHash } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import type { Certificate } from "../../../db/schema";
import { getBranding, getSetting, setSetting } from "~/models/settings.server";
import { env } from "~/utils/env.server";

// Open Badges 3.0: every certificate is also an OpenBadgeCredential, signed as a VC-JWT with an Ed25519 key
// created on first use and kept in the settings table.
export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

type StoredKey = { kid: string; privateJwk: JWK; publicJwk: JWK };

async function issuerKey(): Promise<StoredKey> {
  const stored = getSetting<StoredKey>("ob-issuer-key");
  if (stored) return stored;
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = createHash("sha256").update(JSON.stringify(publicJwk)).digest("base64url").slice(0, 16);
  const key = { kid, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "EdDSA" }, publicJwk: { ...publicJwk, kid, alg: "EdDSA", use: "sig" } };
  setSetting("ob-issuer-key", key);
  return getSetting<StoredKey>("ob-issuer-key")!;
}

export const issuerId = () => `${env.PUBLIC_URL}/ob/issuer`;

export async function jwks() {
  const key = await issuerKey();
  return { keys: [key.publicJwk] };
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

export function revocationList(revoked: { code: string; reason: string | null }[]) {
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: `${env.PUBLIC_URL}/ob/revocations.json`,
    issuer: issuerId(),
    revokedCredentials: revoked.map((r) => ({ id: credentialId(r.code), revocationReason: r.reason ?? "revoked" })),
  };
}

export const credentialId = (code: string) => `${env.PUBLIC_URL}/verify/${code}`;

/** The credential document (unsigned). The holder is identified by a salted hash of their email: learners have no wallet. */
export function credentialFor(cert: Certificate, email: string) {
  const title = cert.courseTitle;
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: credentialId(cert.code),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${title.fr} — ${cert.periodLabel}`,
    issuer: issuerProfile(),
    validFrom: cert.issuedAt.toISOString(),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [
        {
          type: "IdentityObject",
          identityHash: `sha256$${createHash("sha256").update(email.toLowerCase() + cert.subjectSalt).digest("hex")}`,
          identityType: "emailAddress",
          hashed: true,
          salt: cert.subjectSalt,
        },
      ],
      achievement: {
        id: `${env.PUBLIC_URL}/courses/${cert.courseId}`,
        type: ["Achievement"],
        name: title.fr,
        description: `${title.ar} / ${title.fr} (${cert.hours} h, ${cert.periodLabel})`,
        criteria: { narrative: "Completed every lesson, passed every quiz and had every exercise accepted by a trainer." },
        achievementType: "Certificate",
      },
    },
    credentialStatus: { id: `${env.PUBLIC_URL}/ob/revocations.json`, type: "1EdTechRevocationList" },
  };
}

/** Signs the credential as a VC-JWT (EdDSA): the credential in `vc`, with the registered claims OB 3.0 asks for. */
export async function signCredential(cert: Certificate, email: string) {
  const key = await issuerKey();
  const credential = credentialFor(cert, email);
  const privateKey = await importJWK(key.privateJwk, "EdDSA");
  return new SignJWT({ vc: credential })
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: "JWT" })
    .setIssuer(issuerId())
    .setJti(credential.id)
    .setSubject(credential.credentialSubject.identifier[0].identityHash)
    .setNotBefore(Math.floor(cert.issuedAt.getTime() / 1000))
    .setIssuedAt(Math.floor(cert.issuedAt.getTime() / 1000))
    .sign(privateKey);
}
