import crypto from "node:crypto";

export function createNonce() {
  return crypto.randomBytes(16).toString("base64");
}

/**
 * The Content-Security-Policy of every document. Scripts: this origin and this response's nonce only (no inline
 * script without it). Exception, until lessons are rendered to HTML at compile time (issue "learner pages as light
 * documents"): the browser evaluates the compiled lesson with `new Function` (mdx-bundler's getMDXComponent), which
 * needs 'unsafe-eval' — on every document, because a client-side navigation from any page to a lesson keeps the
 * policy of the document it started from. The videos a learner starts by a click come from youtube-nocookie.com.
 */
export function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'unsafe-eval'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "media-src 'self'",
    "connect-src 'self'",
    "frame-src https://www.youtube-nocookie.com",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
