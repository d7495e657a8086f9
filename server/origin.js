// Refuses cross-site form posts (CSRF): a mutating request whose Origin header names
// another site is rejected before any action runs. Browsers send Origin on every POST;
// requests without one (curl, old clients) carry no ambient cookies from a foreign page.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * @param {{ method: string, origin: string | undefined | null, host: string | undefined, publicUrl?: string }} req
 * @returns {boolean}
 */
export function isForeignOrigin({ method, origin, host, publicUrl }) {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (!origin) return false;
  if (origin === "null") return true;
  let originHost;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  if (host && originHost === host) return false;
  if (publicUrl) {
    try {
      if (new URL(publicUrl).host === originHost) return false;
    } catch {
      /* an invalid PUBLIC_URL is reported by env validation */
    }
  }
  return true;
}
