import { data, redirect } from "@remix-run/node";
import type { Role, User } from "../../db/schema";
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

export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export async function requireUser(request: Request): Promise<User> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/login?${params}`);
  }
  return user;
}

export async function requireRole(request: Request, roles: Role | Role[]): Promise<User> {
  const user = await requireUser(request);
  const allowed = Array.isArray(roles) ? roles : [roles];
  if (!allowed.includes(user.role)) {
    throw data({ reason: "forbidden" }, { status: 403 });
  }
  return user;
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
