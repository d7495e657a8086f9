import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { hashSync } from "@node-rs/argon2";
import { PASSWORD_HASH_OPTIONS } from "../db/password-options";
import type { Role } from "../db/schema";
import { createUser } from "~/models/user.server";
import { vi } from "vitest";
import { env } from "~/utils/env.server";
import { createSession, sessionSetCookie } from "~/utils/session.server";

export const TEST_PASSWORD = "correct horse battery";
// Hashing is deliberately slow; tests share one hash.
const testHash = hashSync(TEST_PASSWORD, PASSWORD_HASH_OPTIONS);

let counter = 0;
export function makeUser(role: Role = "learner", overrides: Partial<Parameters<typeof createUser>[0]> = {}) {
  counter += 1;
  const user = createUser({
    email: `${role}${counter}-${Date.now()}@example.test`,
    displayName: `${role} ${counter}`,
    passwordHash: testHash,
    role,
    ...overrides,
  });
  if (!user) throw new Error("could not create test user");
  return user;
}

/** A Cookie header for a fresh session of this user, as the browser would send it. */
export async function cookieFor(userId: number) {
  const { token } = createSession(userId);
  const setCookie = await sessionSetCookie(token);
  return { cookie: setCookie.split(";")[0], token };
}

type RequestOptions = { cookie?: string; headers?: Record<string, string> };

export function getRequest(path: string, options: RequestOptions = {}) {
  return new Request(`http://localhost:3000${path}`, {
    headers: { ...(options.cookie ? { Cookie: options.cookie } : {}), ...options.headers },
  });
}

export function postRequest(path: string, fields: Record<string, string>, options: RequestOptions = {}) {
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...options.headers,
    },
  });
}

export type Outcome = { status: number; headers: Headers; data: any };

/** Runs a loader or action and normalises what it returned or threw (Response, data(), plain object). */
export async function run(
  fn: (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown,
  request: Request,
  params: Record<string, string> = {},
  clientIp = "203.0.113.7",
): Promise<Outcome> {
  let result: unknown;
  try {
    result = await fn({ request, params, context: { clientIp } } as LoaderFunctionArgs & ActionFunctionArgs);
  } catch (thrown) {
    result = thrown;
  }
  return normalise(result);
}

function normalise(result: unknown): Outcome {
  if (result instanceof Response) {
    return { status: result.status, headers: result.headers, data: null };
  }
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = result as { data: unknown; init?: ResponseInit | null };
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), data };
  }
  if (result instanceof Error) throw result;
  return { status: 200, headers: new Headers(), data: result };
}

/** The form-level and field errors of a conform reply, as { "": [...], field: [...] }. */
export function replyErrors(outcome: Outcome): Record<string, string[]> {
  return (outcome.data?.result?.error ?? {}) as Record<string, string[]>;
}

/**
 * The emails as handed out for delivery — the console path of development, live links included — while capturing.
 * (Tests run without SMTP; the outbox table holds only the redacted copy.)
 */
export function captureSentEmails() {
  const printed: string[] = [];
  const wasLogging = env.LOG_EMAILS;
  env.LOG_EMAILS = true;
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
  });
  return {
    printed,
    /** The printed emails addressed to this address, oldest first. */
    to: (email: string) => printed.filter((p) => p.includes(`To: ${email}\n`)),
    stop() {
      spy.mockRestore();
      env.LOG_EMAILS = wasLogging;
    },
  };
}
