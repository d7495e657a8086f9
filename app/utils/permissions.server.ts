import { data, redirect } from "@remix-run/node";
import type { User } from "../../db/schema";
import { getOffering, isTrainerOf } from "~/models/offering.server";
import { getStudioCourse, isAuthorOf } from "~/models/studio/authors.server";
import { getCourse } from "~/models/course.server";
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
  | { action: "use:coordinator-area" } // an association's members, their progress and certificates; enrol them
  | { action: "coordinate:association"; associationId: number } // a coordinator their own association, admins any
  | { action: "change:own-association" } // on one's profile; a coordinator's is set by admins (it decides what they see)
  | { action: "read:indicators" } // the programme's indicators with the names behind them (admins)
  | { action: "use:studio" } // the authoring studio: trainers and admins
  | { action: "author:course"; courseId: string } // edit a course's files in the studio: its assigned trainers, admins
  | { action: "assign:course-authors" }
  | { action: "use:partner-area" } // a funder's aggregated view of its offerings
  | { action: "read:partner-indicators"; partnerId: number }; // aggregated indicators of one partner's linked offerings

export type Actor = Pick<User, "id" | "role" | "disabled"> & { associationId?: number | null };

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
    case "use:coordinator-area":
      return admin || isCoordinator(user);
    case "coordinate:association":
      return admin || (isCoordinator(user) && user.associationId === permission.associationId);
    case "change:own-association":
      return user.role !== "coordinator";
    case "use:studio":
      return admin || user.role === "trainer";
    case "author:course":
      return admin || (user.role === "trainer" && isAuthorOf(user.id, permission.courseId));
    case "assign:course-authors":
      return admin;
    case "use:partner-area":
      return user.role === "partner" && partnerOfUser(user.id) !== null;
    case "read:partner-indicators":
      return admin || (user.role === "partner" && partnerOfUser(user.id) === permission.partnerId);
  }
}

/** Where a person lands after signing in: the area of their role they may use, else their account. */
export function homeOf(user: Actor): string {
  if (can(user, { action: "manage:platform" })) return "/admin";
  if (can(user, { action: "use:trainer-area" })) return "/trainer";
  if (can(user, { action: "use:coordinator-area" })) return "/coordinator";
  if (can(user, { action: "use:partner-area" })) return "/partner";
  return "/account";
}

/** A coordinator without an association (removed from it meanwhile) coordinates nothing. */
function isCoordinator(user: Actor) {
  return user.role === "coordinator" && typeof user.associationId === "number";
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

/** A course id as it appears in URLs and course.yaml: anything else (dots, slashes, encoded traversal) is no course. */
const COURSE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Studio pages of one course: trainers assigned to it and admins; anyone else, like an unknown or malformed id, 404
 * (a trainer learns nothing about courses they do not author).
 */
export async function requireCourseAuthor(request: Request, rawCourseId: string | undefined) {
  const user = await requirePermission(request, { action: "use:studio" });
  if (!rawCourseId || rawCourseId.length > 100 || !COURSE_ID.test(rawCourseId)) throw data({ reason: "notFound" }, { status: 404 });
  const course = getStudioCourse(rawCourseId);
  if (!course) throw data({ reason: "notFound" }, { status: 404 });
  assertCan(user, { action: "author:course", courseId: course.id }, 404);
  return { user, course };
}

const LESSON_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A live lesson of a course this person authors, named by its slug; a malformed or unknown slug 404 like a hidden course. */
export async function requireLessonAuthor(request: Request, params: { course?: string; lesson?: string }) {
  const { user, course } = await requireCourseAuthor(request, params.course);
  const slug = params.lesson ?? "";
  if (slug.length > 80 || !LESSON_SLUG.test(slug)) throw data({ reason: "notFound" }, { status: 404 });
  const lesson = getCourse(course.id)?.lessons.find((l) => l.slug === slug);
  if (!lesson) throw data({ reason: "notFound" }, { status: 404 });
  return { user, course, lesson };
}
