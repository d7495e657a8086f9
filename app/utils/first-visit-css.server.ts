import fs from "node:fs";
import path from "node:path";

/**
 * A first visit on a slow connection waits one more round trip (400 ms on a prepaid 3G line) for the stylesheet before
 * anything is painted. So a browser that has not been here yet gets the stylesheet inline, and a cookie naming the
 * fingerprinted file; the page also asks the browser to fetch the file at idle priority, so from the next page on the
 * stylesheet is a cached `<link>` and documents stay small. Measured in bench/weight.ts.
 */
const COOKIE = "tk_css";
const cache = new Map<string, string | null>();

function stylesheetText(href: string): string | null {
  if (!cache.has(href)) {
    // Only fingerprinted files of the production build; in development (Vite serves the CSS) nothing is inlined.
    const file = path.join(process.cwd(), "build/client", href);
    let text: string | null = null;
    if (/^\/assets\/[\w.-]+\.css$/.test(href) && fs.existsSync(file)) text = fs.readFileSync(file, "utf8");
    cache.set(href, text);
  }
  return cache.get(href) ?? null;
}

function cookieValue(href: string) {
  return path.basename(href, ".css");
}

function hasCachedStylesheet(request: Request, href: string) {
  const cookies = request.headers.get("cookie") ?? "";
  return cookies.split(/;\s*/).some((c) => c === `${COOKIE}=${cookieValue(href)}`);
}

/** The stylesheet to inline in this document, or null (already cached, or no build file), and the cookie to set. */
export function firstVisitStylesheet(request: Request, href: string): { css: string; setCookie: string } | null {
  if (hasCachedStylesheet(request, href)) return null;
  const css = stylesheetText(href);
  if (!css) return null;
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return { css, setCookie: `${COOKIE}=${cookieValue(href)}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly${secure}` };
}
