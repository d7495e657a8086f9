import crypto from "node:crypto";

export function createNonce() {
  return crypto.randomBytes(16).toString("base64");
}

/**
 * The Content-Security-Policy of every document. Scripts: this origin and this response's nonce only (no inline
 * script without it, no eval). Exception, until lessons are rendered to HTML at compile time: lesson pages evaluate the
 * compiled lesson with `new Function` (mdx-bundler's getMDXComponent), which needs 'unsafe-eval' there and nowhere
 * else; the videos a learner starts by a click come from youtube-nocookie.com, in a frame, on lesson pages only.
 */
export function contentSecurityPolicy(nonce: string, options: { lessonPage: boolean }) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${options.lessonPage ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "media-src 'self'",
    "connect-src 'self'",
    `frame-src ${options.lessonPage ? "https://www.youtube-nocookie.com" : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
