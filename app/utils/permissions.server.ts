import { data, redirect } from "@remix-run/node";
import type { User } from "../../db/schema";
import { getOffering, isTrainerOf } from "~/models/offering.server";
import { partnerOfUser } from "~/models/partner.server";
import { getUser } from "./auth.server";
import { idParam } from "./http.server";

/**
 * Every "may this person…" question in one place. Actions are `verb:entity`; the resource, when there is one, carries
 * the ids the answer depends on. Routes ask through the guards below, which throw: a login redirect for visitors,
 * 403 for a wrong role, 404 where saying "forbidden" would reveal that someone else's record exists.
 */
export type Permission =
  | { action: "use:account" }
  | { action: "manage:platform" } // users, associations, offerings, branding, outbox, certificates
  | { action: "use:trainer-area" }
  | { action: "see:lesson-errors" }
  | { action: "teach:offering"; offeringId: number }
  | { action: "read:submission"; ownerId: number; offeringId: number }
  | { action: "act-on:enrolment"; ownerId: number }
  | { action: "download:certificate"; holderId: number }
  | { action: "manage:certificates" } // issue, revoke, replace, download every certificate of an offering
  | { action: "verify:certificate-batch" } // check many codes at once (funders); not throttled like the public page
  | { action: "read:indicators" } // the programme's indicators with the names behind them (admins)
  | { action: "use:partner-area" } // a funder's aggregated view of its offerings
  | { action: "read:partner-indicators"; partnerId: number }; // aggregated indicators of one partner's linked offerings

export type Actor = Pick<User, "id" | "role" | "disabled">;

/** Roles that may check many certificate codes at once: admins and funders' staff (partners). */
const CERTIFICATE_CHECKERS = new Set<string>(["admin", "partner"]);

export function can(user: Actor | null | undefined, permission: Permission): boolean {
  if (!user || user.disabled) return false;
  const admin = user.role === "admin";
  switch (permission.action) {
    case "use:account":
      return true;
    case "manage:platform":
      return admin;
    case "use:trainer-area":
    case "see:lesson-errors":
      return admin || user.role === "trainer";
    case "teach:offering":
      return admin || (user.role === "trainer" && isTrainerOf(user.id, permission.offeringId));
    case "read:submission":
      return admin || permission.ownerId === user.id || (user.role === "trainer" && isTrainerOf(user.id, permission.offeringId));
    case "act-on:enrolment":
      return permission.ownerId === user.id;
    case "download:certificate":
      return admin || permission.holderId === user.id;
    case "manage:certificates":
    case "read:indicators":
      return admin;
    case "verify:certificate-batch":
      return CERTIFICATE_CHECKERS.has(user.role);
    case "use:partner-area":
      return user.role === "partner" && partnerOfUser(user.id) !== null;
    case "read:partner-indicators":
      return admin || (user.role === "partner" && partnerOfUser(user.id) === permission.partnerId);
  }
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<User> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/login?${params}`);
  }
  return user;
}

/** Signed in and allowed, or 403. */
export async function requirePermission(request: Request, permission: Permission): Promise<User> {
  const user = await requireUser(request);
  if (!can(user, permission)) throw data({ reason: "forbidden" }, { status: 403 });
  return user;
}

/** For a record that belongs to someone: a stranger gets the same 404 as for a record that does not exist. */
export function assertCan(user: Actor, permission: Permission, hideAs: 403 | 404 = 403) {
  if (!can(user, permission)) throw data({ reason: hideAs === 404 ? "notFound" : "forbidden" }, { status: hideAs });
}

/** Trainers see the offerings they teach, admins every offering; anyone else 403, an unknown id 404. */
export async function requireOfferingStaff(request: Request, rawId: string | undefined) {
  const user = await requirePermission(request, { action: "use:trainer-area" });
  const offering = getOffering(idParam(rawId));
  if (!offering) throw data({ reason: "notFound" }, { status: 404 });
  assertCan(user, { action: "teach:offering", offeringId: offering.offering.id });
  return { user, offering };
}
