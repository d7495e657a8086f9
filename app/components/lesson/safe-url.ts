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

const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g;
const ATTRIBUTE = /\s([^\s=>]+)(?:="([^"]*)")?/g;
const FORBIDDEN_ELEMENTS = new Set(["script", "iframe", "frame", "frameset", "object", "embed", "base", "meta", "link", "style", "form", "svg", "math"]);
const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/**
 * The first element or attribute of a lesson's rendered HTML that must not reach a page (a script, a frame, an event
 * handler, an address outside this site and https), or null. The compiler refuses such a version: learners keep the
 * last good one.
 */
export function findUnsafeMarkup(html: string): string | null {
  for (const [tag, name, attributes] of html.matchAll(TAG)) {
    if (FORBIDDEN_ELEMENTS.has(name.toLowerCase())) return `<${name}>`;
    for (const [, rawAttr, rawValue = ""] of attributes.matchAll(ATTRIBUTE)) {
      const attr = rawAttr.toLowerCase();
      const value = decode(rawValue);
      if (attr.startsWith("on")) return `${attr}= in ${tag.slice(0, 80)}`;
      if ((attr === "href" || attr === "xlink:href" || attr === "action" || attr === "formaction") && safeLinkHref(value) === undefined)
        return `${attr}="${value}"`;
      if ((attr === "src" || attr === "poster" || attr === "srcset" || attr === "data") && safeImageSrc(value) === undefined) return `${attr}="${value}"`;
    }
  }
  return null;
}
