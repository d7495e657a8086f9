import { redirect } from "@remix-run/node";
import type { User } from "../../db/schema";
import {
  createSession,
  invalidateSession,
  readSessionToken,
  sessionClearCookie,
  sessionSetCookie,
  validateSessionToken,
  type SessionValidation,
} from "./session.server";

// Several loaders of one request ask for the user; look the session up once.
const cache = new WeakMap<Request, Promise<SessionValidation & { token: string | null }>>();

export function getAuth(request: Request) {
  let pending = cache.get(request);
  if (!pending) {
    pending = (async () => {
      const token = await readSessionToken(request);
      if (!token) return { session: null, user: null, refreshed: false as const, token: null };
      return { ...validateSessionToken(token), token };
    })();
    cache.set(request, pending);
  }
  return pending;
}

export async function getUser(request: Request): Promise<User | null> {
  return (await getAuth(request)).user;
}

/** Headers to send when the session's expiry slid forward, so the cookie follows it. */
export async function getSessionRefreshHeaders(request: Request): Promise<HeadersInit | undefined> {
  const auth = await getAuth(request);
  if (auth.refreshed && auth.token) return { "Set-Cookie": await sessionSetCookie(auth.token) };
  return undefined;
}

/**
 * A redirect target from input, kept only when it is a path on this site. Browsers strip tabs and newlines from URLs
 * (so "/\t/evil.example" becomes "//evil.example") and treat "\\" like "/": any control character, backslash or a
 * second leading slash sends the visitor to the fallback instead. Resolved against a dummy origin, the result must stay on it.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || to.length > 2000 || !to.startsWith("/")) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f\\]/.test(to) || to.startsWith("//")) return fallback;
  try {
    const url = new URL(to, "http://same.invalid");
    if (url.origin !== "http://same.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** Starts a fresh session (a new token on every login, never reusing an old one) and redirects. */
export async function startSessionAndRedirect(userId: number, to: string) {
  const { token } = createSession(userId);
  return redirect(to, { headers: { "Set-Cookie": await sessionSetCookie(token) } });
}

export async function logout(request: Request, to = "/") {
  const auth = await getAuth(request);
  if (auth.session) invalidateSession(auth.session.id);
  return redirect(to, { headers: { "Set-Cookie": await sessionClearCookie() } });
}
