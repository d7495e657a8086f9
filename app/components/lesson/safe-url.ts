// The last guard on addresses a lesson puts in the page: whatever the checker let through (or was bypassed), the HTML
// only ever links to this site or to https://, and only ever shows images of this site (img-src 'self').

/** The address as a browser reads it: spaces, tabs and control characters are ignored inside a scheme. */
// eslint-disable-next-line no-control-regex -- browsers drop control characters inside a URL's scheme
const compact = (url: string) => url.replace(/[\u0000-\u0020\u007f]/g, "");

/** A path on this site: "/x", never "//host" nor "/\host" (which browsers read as another host). */
function isSitePath(url: string) {
  const c = compact(url);
  return c.startsWith("/") && !c.startsWith("//") && !c.includes("\\");
}

/** For file links (Download, Video): a path on this site or an https:// address; anything else gives no link. */
export function safeFileHref(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  if (isSitePath(url) || /^https:\/\//i.test(compact(url))) return url.trim();
  return undefined;
}

/** For Markdown links: also #anchors, http://, mailto: and tel:. */
export function safeLinkHref(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  const c = compact(url);
  if (isSitePath(url) || c.startsWith("#") || /^(https?:\/\/|mailto:|tel:)/i.test(c)) return url.trim();
  return undefined;
}

/** For images: this site only. */
export function safeImageSrc(url: unknown): string | undefined {
  return typeof url === "string" && isSitePath(url) ? url.trim() : undefined;
}
