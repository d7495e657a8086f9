import crypto from "node:crypto";

export function createNonce() {
  return crypto.randomBytes(16).toString("base64");
}

/**
 * The Content-Security-Policy of every document. Scripts: this origin only — no inline script, no eval — plus, on the
 * staff pages that hydrate (`handle.hydrate`), this response's nonce for the scripts Remix inlines. Lessons are
 * rendered to HTML at compile time, so no page evaluates lesson code; videos are links, so nothing is framed.
 */
export function contentSecurityPolicy(nonce: string, options: { hydrate: boolean }) {
  return [
    "default-src 'self'",
    `script-src 'self'${options.hydrate ? ` 'nonce-${nonce}'` : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self'",
    "font-src 'self'",
    "media-src 'self'",
    "connect-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
