import "../fixtures/world-env";
import crypto from "node:crypto";
import { getSetting } from "~/models/settings.server";
import { decodeJwt } from "jose";
import fs from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ACTION_SPECS, loadRoute, routeFiles, type Baseline, type RouteModule } from "../fixtures/routes";
import {
  ACTORS,
  EXERCISE_PDF,
  buildWorld,
  cookieOf,
  fingerprint,
  fingerprintDiff,
  rolledBack,
  settle,
  tableDigests,
  changedTables,
  type ActorKey,
  type World,
} from "../fixtures/world";
import { getRequest } from "../helpers";
import * as healthz from "~/routes/healthz";

/**
 * Every route module × every kind of visitor × loader and action: who gets in, who is sent to log in, who is turned
 * away, and what an allowed visitor sees is theirs alone. Every loader call is also checked to write nothing.
 * Calls run in a rolled-back savepoint, so each cell meets the same world and no cell depends on another's order.
 */

type Expect =
  | "ok" // 2xx
  | "redirect" // 3xx, not to the login page
  | "login" // 302 to /login?redirectTo=…
  | "refused" // 403 or 404
  | "notFound" // 404 for everyone: the page does not exist
  | "allowed"; // past the guard: 2xx, 3xx (not login) or a 4xx the form itself explains (400, 409, 410, 413, 415)
type PerActor = Record<ActorKey, Expect>;

type Call = { status: number; headers: Headers; data: any; body: Buffer | null; crash: string | null; writes: string[] };
type Check = (w: World, actor: ActorKey, call: Call) => void | Promise<void>;

type Row = {
  path: (w: World) => string;
  params: (w: World) => Record<string, string>;
  loader?: PerActor;
  action?: PerActor;
  /** For allowed loader calls: the data holds this actor's things and nobody else's. */
  only?: Check;
  /** The body the action is sent (default: the first baseline of the bad-input table). */
  actionBody?: (w: World) => Baseline;
};

const all = (e: Expect): PerActor => Object.fromEntries(ACTORS.map((a) => [a, e])) as PerActor;
const signedIn = (e: Expect): PerActor => ({ ...all(e), anonymous: "login" });
const adminOnly: PerActor = { ...all("refused"), anonymous: "login", admin: "ok" };
const adminAction: PerActor = { ...adminOnly, admin: "allowed" };
const studioStaff = (e: Expect): PerActor => ({
  anonymous: "login",
  learner: "refused",
  otherLearner: "refused",
  otherTrainer: e,
  trainer: e,
  admin: e,
  coordinator: "refused",
  partner: "refused",
});
const staffOfA = (e: Expect): PerActor => ({ ...all("refused"), anonymous: "login", trainer: e, admin: e });

const A = (w: World) => String(w.offerings.a);
const userOf = (w: World, actor: ActorKey) => (actor === "anonymous" ? null : w.actorUsers[actor]);

const MATRIX: Record<string, Row> = {
  "$.tsx": { path: () => "/no/such/page", params: () => ({ "*": "no/such/page" }), loader: all("notFound"), action: all("notFound") },
  "_index.tsx": {
    path: () => "/",
    params: () => ({}),
    loader: all("ok"),
    only: (_w, actor, call) => expect(call.data.signedIn).toBe(actor !== "anonymous"),
  },
  "account.tsx": {
    path: () => "/account",
    params: () => ({}),
    loader: signedIn("ok"),
    action: signedIn("allowed"),
    only: (w, actor, call) => expect(call.data.user.email).toBe(userOf(w, actor)!.email),
  },
  "admin._index.tsx": { path: () => "/admin", params: () => ({}), loader: adminOnly },
  "admin.associations.$id.tsx": {
    path: (w) => `/admin/associations/${w.associations.a.id}`,
    params: (w) => ({ id: String(w.associations.a.id) }),
    loader: adminOnly,
    action: adminAction,
  },
  "admin.associations._index.tsx": { path: () => "/admin/associations", params: () => ({}), loader: adminOnly },
  "admin.associations.new.tsx": { path: () => "/admin/associations/new", params: () => ({}), loader: adminOnly, action: adminAction },
  "admin.branding.tsx": { path: () => "/admin/branding", params: () => ({}), loader: adminOnly, action: adminAction },
  "admin.branding.preview[.pdf].tsx": { path: () => "/admin/branding/preview.pdf", params: () => ({}), loader: adminOnly },
  "admin.indicators._index.tsx": {
    path: () => "/admin/indicators?period=2026",
    params: () => ({}),
    loader: adminOnly,
    only: (_w, _actor, call) => expect(call.data.page.ok).toBe(true),
  },
  "admin.indicators.people.tsx": {
    path: () => "/admin/indicators/people?period=2026&metric=enrolled&by=region&key=CSE",
    params: () => ({}),
    loader: adminOnly,
    only: (_w, _actor, call) => expect(Array.isArray(call.data.page.people)).toBe(true),
  },
  "admin.offerings.$id._index.tsx": { path: (w) => `/admin/offerings/${A(w)}`, params: (w) => ({ id: A(w) }), loader: adminOnly, action: adminAction },
  "admin.offerings.$id.certificates.tsx": {
    path: (w) => `/admin/offerings/${A(w)}/certificates`,
    params: (w) => ({ id: A(w) }),
    loader: adminOnly,
    action: adminAction,
  },
  "admin.offerings.$id.certificates[.zip].tsx": {
    path: (w) => `/admin/offerings/${A(w)}/certificates.zip`,
    params: (w) => ({ id: A(w) }),
    loader: adminOnly,
    only: (_w, _actor, call) => expect(call.body!.subarray(0, 2).toString("latin1")).toBe("PK"),
  },
  "admin.offerings._index.tsx": { path: () => "/admin/offerings", params: () => ({}), loader: adminOnly },
  "admin.offerings.new.tsx": { path: () => "/admin/offerings/new", params: () => ({}), loader: adminOnly, action: adminAction },
  "admin.outbox.$id.tsx": { path: (w) => `/admin/outbox/${w.outboxId}`, params: (w) => ({ id: String(w.outboxId) }), loader: adminOnly },
  "admin.outbox._index.tsx": { path: () => "/admin/outbox", params: () => ({}), loader: adminOnly },
  "admin.tsx": { path: () => "/admin", params: () => ({}), loader: adminOnly },
  "admin.users._index.tsx": { path: () => "/admin/users", params: () => ({}), loader: adminOnly, action: adminAction },
  "admin.users.new.tsx": { path: () => "/admin/users/new", params: () => ({}), loader: adminOnly, action: adminAction },
  "certificates.$code[.jwt].tsx": {
    path: (w) => `/certificates/${w.certificate.code}.jwt`,
    params: (w) => ({ code: w.certificate.code }),
    loader: {
      anonymous: "login",
      learner: "ok",
      otherLearner: "refused",
      otherTrainer: "refused",
      trainer: "refused",
      admin: "ok",
      coordinator: "refused",
      partner: "refused",
    },
    // The credential names its holder (by a salted hash of their email), whoever downloads it.
    only: (w, _actor, call) => {
      // Open Badges 3.0 VC-JWT: the payload is the credential itself.
      const payload = decodeJwt(call.body!.toString("utf8")) as { credentialSubject: { identifier: { identityHash: string }[] } };
      const holder = `sha256$${crypto
        .createHash("sha256")
        .update(w.users.learner.email + w.certificate.subjectSalt)
        .digest("hex")}`;
      expect(payload.credentialSubject.identifier[0].identityHash).toBe(holder);
    },
  },
  "certificates.$code[.pdf].tsx": {
    path: (w) => `/certificates/${w.certificate.code}.pdf`,
    params: (w) => ({ code: w.certificate.code }),
    loader: {
      anonymous: "login",
      learner: "ok",
      otherLearner: "refused",
      otherTrainer: "refused",
      trainer: "refused",
      admin: "ok",
      coordinator: "refused",
      partner: "refused",
    },
    only: (w, _actor, call) => {
      expect(call.body!.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(call.headers.get("Content-Disposition")).toContain(w.certificate.code);
    },
  },
  "course-assets.$course.$lesson.$file.tsx": {
    path: (w) => `/course-assets/mini/${w.course.lesson1.slug}/${w.asset}`,
    params: (w) => ({ course: "mini", lesson: w.course.lesson1.slug, file: w.asset }),
    loader: all("ok"),
    only: (_w, _actor, call) => expect(call.headers.get("Content-Type")).toBe("image/png"),
  },
  "courses.$course.$lesson.tsx": {
    path: (w) => `/courses/mini/${w.course.lesson2.slug}`,
    params: (w) => ({ course: "mini", lesson: w.course.lesson2.slug }),
    loader: all("ok"),
    action: {
      anonymous: "login",
      learner: "allowed",
      otherLearner: "allowed",
      otherTrainer: "refused",
      trainer: "refused",
      admin: "refused",
      coordinator: "refused",
      partner: "refused",
    },
    // The exercise on the page is the visitor's own answer, never another learner's.
    only: (w, actor, call) => {
      const answers = Object.values(call.data.runtime.exercises as Record<string, { answer: string }>).map((e) => e.answer);
      const own = { learner: ["خطتي: ثلاث ورشات في أكادير."], otherLearner: ["Plan Atlas"] } as Partial<Record<ActorKey, string[]>>;
      expect(answers).toEqual(own[actor] ?? []);
      expect(call.data.enrolled).toBe(actor === "learner" || actor === "otherLearner");
    },
  },
  "courses.$course._index.tsx": {
    path: () => "/courses/mini",
    params: () => ({ course: "mini" }),
    loader: all("ok"),
    // The baseline withdraws the learner's enrolment: nobody else may.
    action: {
      anonymous: "login",
      learner: "allowed",
      otherLearner: "refused",
      otherTrainer: "refused",
      trainer: "refused",
      admin: "refused",
      coordinator: "refused",
      partner: "refused",
    },
    only: (w, actor, call) => {
      const mine = Object.fromEntries((call.data.offerings as { id: number; mine: { id: number } | null }[]).map((o) => [o.id, o.mine?.id ?? null]));
      const expected = {
        [w.offerings.a]: actor === "learner" ? w.enrolments.learner : null,
        [w.offerings.b]: actor === "otherLearner" ? w.enrolments.other : null,
      };
      expect(mine).toEqual(expected);
    },
  },
  "courses.$course.assessment.$kind.tsx": {
    path: () => "/courses/mini/assessment/pre",
    params: () => ({ course: "mini", kind: "pre" }),
    loader: signedIn("ok"),
    // Learners with a seat in a running offering answer; staff without a seat are turned away (403).
    action: {
      anonymous: "login",
      learner: "allowed",
      otherLearner: "allowed",
      otherTrainer: "refused",
      trainer: "refused",
      admin: "refused",
      coordinator: "refused",
      partner: "refused",
    },
    // The questions are sent without which options are right, and the results are the visitor's own (none taken yet).
    only: (_w, _actor, call) => {
      expect(JSON.stringify(call.data.questions)).not.toContain("correct");
      expect(call.data.results?.pre ?? null).toBeNull();
    },
  },
  "courses.$course.survey.tsx": {
    path: () => "/courses/mini/survey",
    params: () => ({ course: "mini" }),
    loader: signedIn("ok"),
    // Only the learner who completed may answer; the other learner is told it is not open yet (409).
    action: {
      anonymous: "login",
      learner: "allowed",
      otherLearner: "allowed",
      otherTrainer: "refused",
      trainer: "refused",
      admin: "refused",
      coordinator: "refused",
      partner: "refused",
    },
    only: (_w, actor, call) => expect(call.data.state).toBe(actor === "learner" ? "open" : actor === "otherLearner" ? "not-completed" : "not-enrolled"),
  },
  "courses._index.tsx": { path: () => "/courses", params: () => ({}), loader: all("ok") },
  // Association A's coordinator sees A's members and no one else's; admins pick an association first.
  "coordinator.tsx": {
    path: () => "/coordinator",
    params: () => ({}),
    loader: { ...all("refused"), anonymous: "login", coordinator: "ok", admin: "ok" },
    action: { ...all("refused"), anonymous: "login", coordinator: "allowed", admin: "allowed" },
    only: (w, actor, call) => {
      const ids = ((call.data.overview?.members ?? []) as { id: number }[]).map((m) => m.id).sort((a, b) => a - b);
      const { learner, midway, third, leaver, coordinator } = w.users;
      expect(ids).toEqual(actor === "coordinator" ? [learner.id, midway.id, third.id, leaver.id, coordinator.id].sort((a, b) => a - b) : []);
    },
  },
  // The link is the credential: no login, the same page for everyone holding it.
  "follow-up.tsx": {
    path: (w) => `/follow-up?token=${w.followUpToken}`,
    params: () => ({}),
    loader: all("ok"),
    action: all("allowed"),
    only: (_w, _actor, call) => expect(call.data.status).toBe("open"),
  },
  "forgot-password.tsx": { path: () => "/forgot-password", params: () => ({}), loader: all("ok"), action: all("allowed") },
  "healthz.tsx": { path: () => "/healthz", params: () => ({}), loader: all("ok") },
  "learn.tsx": {
    path: () => "/learn",
    params: () => ({}),
    loader: signedIn("ok"),
    only: (w, actor, call) => {
      const enrolments = { learner: [w.enrolments.learner], otherLearner: [w.enrolments.other] } as Partial<Record<ActorKey, number[]>>;
      expect((call.data.items as { id: number }[]).map((i) => i.id)).toEqual(enrolments[actor] ?? []);
      expect((call.data.certificates as { code: string }[]).map((c) => c.code)).toEqual(actor === "learner" ? [w.certificate.code] : []);
    },
  },
  "login.tsx": {
    path: () => "/login",
    params: () => ({}),
    loader: { ...all("redirect"), anonymous: "ok" },
    action: all("allowed"),
  },
  "logout.tsx": { path: () => "/logout", params: () => ({}), loader: all("redirect"), action: all("redirect") },
  "ob.issuer.tsx": { path: () => "/ob/issuer", params: () => ({}), loader: all("ok") },
  "ob.jwks[.json].tsx": { path: () => "/ob/jwks.json", params: () => ({}), loader: all("ok") },
  "ob.badges.$code[.svg].tsx": { path: (w) => `/ob/badges/${w.certificate.code}.svg`, params: (w) => ({ code: w.certificate.code }), loader: all("ok") },
  "ob.keys.$kid.tsx": { path: () => "/ob/keys/current", params: () => ({ kid: getSetting<{ kid: string }>("ob-issuer-key-rs256")!.kid }), loader: all("ok") },
  "ob.status.$list.tsx": { path: () => "/ob/status/1", params: () => ({ list: "1" }), loader: all("ok") },
  "reset-password.tsx": { path: (w) => `/reset-password?token=${w.resetToken}`, params: () => ({}), loader: all("ok"), action: all("allowed") },
  "set-locale.tsx": { path: () => "/set-locale", params: () => ({}), loader: all("redirect"), action: all("redirect") },
  "signup.tsx": { path: () => "/signup", params: () => ({}), loader: { ...all("redirect"), anonymous: "ok" }, action: all("allowed") },
  // The studio: trainers and admins; a course's pages only for its authors (the world's trainer) and admins, 404 for others.
  "studio.tsx": { path: () => "/studio", params: () => ({}), loader: studioStaff("ok") },
  "studio._index.tsx": {
    path: () => "/studio",
    params: () => ({}),
    loader: studioStaff("ok"),
    only: (_w, actor, call) => expect((call.data.courses as { id: string }[]).map((c) => c.id)).toEqual(actor === "otherTrainer" ? [] : ["mini"]),
  },
  "studio.problems.tsx": { path: () => "/studio/problems", params: () => ({}), loader: studioStaff("ok") },
  "studio.courses.$course._index.tsx": {
    path: () => "/studio/courses/mini",
    params: () => ({ course: "mini" }),
    loader: staffOfA("ok"),
    action: staffOfA("allowed"),
    only: (w, actor, call) => expect(call.data.authors?.current ?? null).toEqual(actor === "admin" ? [String(w.users.trainer.id)] : null),
  },
  "studio.courses.$course.lessons.$lesson.tsx": {
    path: (w) => `/studio/courses/mini/lessons/${w.course.lesson1.slug}?locale=fr`,
    params: (w) => ({ course: "mini", lesson: w.course.lesson1.slug }),
    loader: staffOfA("ok"),
    action: staffOfA("allowed"),
    only: (_w, _actor, call) => expect(call.data.source).toContain("first-quiz"),
  },
  // The editor's live check (POST only): the course's authors and admins; it compiles in memory and writes nothing.
  "studio.courses.$course.lessons.$lesson.check.tsx": {
    path: (w) => `/studio/courses/mini/lessons/${w.course.lesson1.slug}/check`,
    params: (w) => ({ course: "mini", lesson: w.course.lesson1.slug }),
    action: staffOfA("ok"),
  },
  "studio.courses.$course.lessons.$lesson_.history.tsx": {
    path: (w) => `/studio/courses/mini/lessons/${w.course.lesson1.slug}/history?locale=fr`,
    params: (w) => ({ course: "mini", lesson: w.course.lesson1.slug }),
    loader: staffOfA("ok"),
    action: staffOfA("allowed"),
    only: (w, _actor, call) => expect((call.data.versions as { id: number }[]).map((v) => v.id)).toEqual([w.studio.versionId]),
  },
  "submissions.$id.file.tsx": {
    path: (w) => `/submissions/${w.submissions.learner}/file`,
    params: (w) => ({ id: String(w.submissions.learner) }),
    loader: {
      anonymous: "login",
      learner: "ok",
      otherLearner: "refused",
      otherTrainer: "refused",
      trainer: "ok",
      admin: "ok",
      coordinator: "refused",
      partner: "refused",
    },
    only: (_w, _actor, call) => expect(call.body!.equals(EXERCISE_PDF)).toBe(true),
  },
  "trainer._index.tsx": {
    path: () => "/trainer",
    params: () => ({}),
    loader: {
      anonymous: "login",
      learner: "refused",
      otherLearner: "refused",
      otherTrainer: "ok",
      trainer: "ok",
      admin: "ok",
      coordinator: "refused",
      partner: "refused",
    },
    only: (w, actor, call) => {
      const ids = (call.data.offerings as { id: number }[]).map((o) => o.id).sort((a, b) => a - b);
      expect(ids).toEqual(actor === "admin" ? [w.offerings.a, w.offerings.b] : actor === "trainer" ? [w.offerings.a] : [w.offerings.b]);
    },
  },
  "trainer.offerings.$id._index.tsx": {
    path: (w) => `/trainer/offerings/${A(w)}`,
    params: (w) => ({ id: A(w) }),
    loader: staffOfA("ok"),
    // Offering A's learners who hold a seat or wait for one; not the one who left, not offering B's.
    only: (w, _actor, call) => {
      const ids = (call.data.roster as { userId: number }[]).map((r) => r.userId).sort((a, b) => a - b);
      expect(ids).toEqual([w.users.learner.id, w.users.midway.id, w.users.third.id, w.users.waiting.id].sort((a, b) => a - b));
    },
  },
  "trainer.offerings.$id.export[.csv].tsx": {
    path: (w) => `/trainer/offerings/${A(w)}/export.csv`,
    params: (w) => ({ id: A(w) }),
    loader: staffOfA("ok"),
    only: (w, _actor, call) => {
      const csv = call.body!.toString("utf8");
      for (const u of [w.users.learner, w.users.midway, w.users.third, w.users.waiting]) expect(csv).toContain(u.email);
      for (const u of [w.users.otherLearner, w.users.leaver, w.users.newcomer]) expect(csv).not.toContain(u.email);
    },
  },
  "studio.courses.$course.lessons.$lesson_.files.tsx": {
    path: (w) => `/studio/courses/mini/lessons/${w.course.lesson1.slug}/files`,
    params: (w) => ({ course: "mini", lesson: w.course.lesson1.slug }),
    loader: staffOfA("ok"),
    action: staffOfA("allowed"),
    // The course's author sees the lesson's own files (and admins, who may edit every course).
    only: (w, _actor, call) => expect(call.data.files.map((f: { name: string }) => f.name)).toContain(w.asset),
  },
  "studio.courses.$course.export[.zip].tsx": {
    path: () => "/studio/courses/mini/export.zip",
    params: () => ({ course: "mini" }),
    loader: staffOfA("ok"),
    only: (_w, _actor, call) => expect(call.body!.subarray(0, 2).toString("latin1")).toBe("PK"),
  },
  "studio.import.tsx": { path: () => "/studio/import", params: () => ({}), loader: adminOnly, action: adminAction },
  "trainer.offerings.$id.reviews.tsx": {
    path: (w) => `/trainer/offerings/${A(w)}/reviews`,
    params: (w) => ({ id: A(w) }),
    loader: staffOfA("ok"),
    action: staffOfA("allowed"),
    only: (w, _actor, call) => expect((call.data.items as { id: number }[]).map((i) => i.id)).toEqual([w.submissions.midway]),
  },
  "verify.$code.tsx": {
    path: (w) => `/verify/${w.certificate.code}`,
    params: (w) => ({ code: w.certificate.code }),
    loader: all("ok"),
    // Public: what the certificate itself prints, nothing more (no email, no account id).
    only: (w, _actor, call) => {
      expect(call.data.certificate.code).toBe(w.certificate.code);
      expect(JSON.stringify(call.data)).not.toContain(w.users.learner.email);
    },
  },
  // Public: anyone may check a credential file (throttled per address).
  "verify._index.tsx": { path: () => "/verify", params: () => ({}), loader: all("ok"), action: all("allowed") },
  // Funders' batch check: admins and partners' staff.
  "verify.batch.tsx": {
    path: () => "/verify/batch",
    params: () => ({}),
    loader: { ...adminOnly, partner: "ok" },
    action: { ...adminAction, partner: "allowed" },
  },
  "admin.indicators[.csv].tsx": {
    path: () => "/admin/indicators.csv?period=2031-Q1",
    params: () => ({}),
    loader: adminOnly,
    only: (_w, _actor, call) => expect(call.body!.subarray(0, 3).toString("hex")).toBe("efbbbf"),
  },
  "admin.indicators[.xlsx].tsx": {
    path: () => "/admin/indicators.xlsx?period=2031-Q1",
    params: () => ({}),
    loader: adminOnly,
    only: (_w, _actor, call) => expect(call.body!.subarray(0, 2).toString("latin1")).toBe("PK"),
  },
  "admin.indicators_.report.tsx": { path: () => "/admin/indicators/report?period=2031-Q1", params: () => ({}), loader: adminOnly },
  // The world's branding has no logo: admins get 404 too (serving one is tested in exports.test.ts).
  "admin.branding_.logo.tsx": { path: () => "/admin/branding/logo", params: () => ({}), loader: { ...all("refused"), anonymous: "login" } },
  "admin.partners._index.tsx": { path: () => "/admin/partners", params: () => ({}), loader: adminOnly, action: adminAction },
  "admin.partners.$id.tsx": {
    path: (w) => `/admin/partners/${w.partnerOrg}`,
    params: (w) => ({ id: String(w.partnerOrg) }),
    loader: adminOnly,
    action: adminAction,
  },
  // A partner's aggregated view; an admin needs ?partner= to preview one (404 without).
  "partner.tsx": {
    path: () => "/partner",
    params: () => ({}),
    loader: { ...all("refused"), anonymous: "login", partner: "ok" },
    only: (w, _actor, call) => {
      expect(call.data.offerings.map((o: { id: string }) => o.id)).toEqual([String(w.offerings.b)]);
      expect(JSON.stringify(call.data)).not.toContain(w.users.otherLearner.displayName);
    },
  },
};

/**
 * Known failures in route files other engineers are changing at the same time, each listed in the report; the lead
 * removes an entry once the fix is merged (an entry that starts passing fails the run, as it.fails does).
 */
const KNOWN_FAILURES: Record<string, string> = {};

const modules = new Map<string, RouteModule>();
for (const file of routeFiles()) modules.set(file, await loadRoute(file));

let world: World;
let baseDigests: Record<string, string>;

beforeAll(async () => {
  world = await buildWorld();
  await settle();
  baseDigests = tableDigests();
}, 60_000);

function normalise(result: unknown): Omit<Call, "body" | "writes"> & { response: Response | null } {
  if (result instanceof Response) return { status: result.status, headers: result.headers, data: null, crash: null, response: result };
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = result as { data: unknown; init?: ResponseInit | null };
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), data, crash: null, response: null };
  }
  if (result instanceof Error) return { status: 500, headers: new Headers(), data: null, crash: `${result.name}: ${result.message}`, response: null };
  return { status: 200, headers: new Headers(), data: result, crash: null, response: null };
}

const calls = new Map<string, Promise<Call>>();

/** One call per cell, shared by the cell's tests; inside a savepoint that is rolled back. */
function callOnce(file: string, kind: "loader" | "action", actor: ActorKey): Promise<Call> {
  const key = `${file} ${kind} ${actor}`;
  let pending = calls.get(key);
  if (!pending) {
    pending = rolledBack(async () => {
      const row = MATRIX[file];
      const cookie = cookieOf(world, actor);
      let request: Request;
      let params = row.params(world);
      if (kind === "loader") request = getRequest(row.path(world), { cookie });
      else {
        const body = row.actionBody?.(world) ?? ACTION_SPECS[file]!.baselines(world)[0];
        params = body.params ?? params;
        const form = new FormData();
        for (const [k, v] of body.fields) form.append(k, v);
        request = new Request(`http://localhost:3000${body.path ?? row.path(world)}`, {
          method: "POST",
          body: form,
          headers: cookie ? { Cookie: cookie } : {},
        });
      }
      const before = fingerprint();
      let result: unknown;
      try {
        result = await modules.get(file)![kind]!({ request, params, context: { clientIp: "203.0.113.9" } } as never);
      } catch (thrown) {
        result = thrown;
      }
      const call = normalise(result);
      const body = call.response && call.status < 300 ? Buffer.from(await call.response.arrayBuffer()) : null;
      await settle();
      const diff = fingerprintDiff(before, fingerprint());
      const writes = diff.length ? [...diff, `tables: ${changedTables(baseDigests, tableDigests()).join(", ") || "(none visible)"}`] : [];
      return { status: call.status, headers: call.headers, data: call.data, crash: call.crash, body, writes };
    });
    calls.set(key, pending);
  }
  return pending;
}

function judge(expected: Expect, call: Call) {
  const location = call.headers.get("Location") ?? "";
  const where = `${call.status}${location ? ` → ${location}` : ""}${call.crash ? ` (${call.crash})` : ""} ${call.data ? JSON.stringify(call.data).slice(0, 160) : ""}`;
  switch (expected) {
    case "ok":
      return expect(call.status >= 200 && call.status < 300, `expected 2xx, got ${where}`).toBe(true);
    case "redirect":
      return expect(call.status >= 300 && call.status < 400 && !location.startsWith("/login"), `expected a redirect, got ${where}`).toBe(true);
    case "login":
      expect(call.status, `expected the login page, got ${where}`).toBe(302);
      return expect(location).toMatch(/^\/login\?redirectTo=/);
    case "refused":
      return expect([403, 404], `expected 403 or 404, got ${where}`).toContain(call.status);
    case "notFound":
      return expect(call.status, `expected 404, got ${where}`).toBe(404);
    case "allowed":
      expect(call.status < 500, `expected no server error, got ${where}`).toBe(true);
      expect(location.startsWith("/login"), `sent to log in: ${where}`).toBe(false);
      return expect([401, 403, 404], `turned away: ${where}`).not.toContain(call.status);
  }
}

describe("access matrix", () => {
  it("covers every route module, and every action has a body to send", () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(41);
    expect(files.filter((f) => !MATRIX[f])).toEqual([]);
    expect(Object.keys(MATRIX).filter((f) => !files.includes(f))).toEqual([]);
    for (const [file, m] of modules) {
      expect(Boolean(MATRIX[file]?.loader), `${file}: loader row`).toBe(typeof m.loader === "function");
      expect(Boolean(MATRIX[file]?.action), `${file}: action row`).toBe(typeof m.action === "function");
    }
  });

  for (const [file, row] of Object.entries(MATRIX)) {
    describe(file, () => {
      for (const kind of ["loader", "action"] as const) {
        const expectations = row[kind];
        if (!expectations) continue;
        for (const actor of ACTORS) {
          const expected = expectations[actor];
          const name = `${kind} as ${actor}: ${expected}`;
          const known = KNOWN_FAILURES[`${file} ${name}`];
          (known ? it.fails : it)(name, async () => {
            const call = await callOnce(file, kind, actor);
            judge(expected, call);
            if (kind === "loader" && expected === "ok" && row.only) await row.only(world, actor, call);
            // A turned-away request, even with a valid body, changes nothing.
            if (kind === "action" && ["login", "refused", "notFound"].includes(expected))
              expect(call.writes, "a refused action changed the database").toEqual([]);
          });
          if (kind === "loader") {
            const writeName = `loader as ${actor} writes nothing`;
            const knownWrite = KNOWN_FAILURES[`${file} ${writeName}`];
            (knownWrite ? it.fails : it)(writeName, async () => {
              const call = await callOnce(file, kind, actor);
              expect(call.writes, "a GET changed the database").toEqual([]);
            });
          }
        }
      }
    });
  }
});

describe("the root loader, run on every page", () => {
  for (const actor of ACTORS) {
    it(`shows ${actor === "anonymous" ? "no one" : `the ${actor} and no one else`} as signed in, and writes nothing`, async () => {
      const root = await import("~/root");
      const call = await rolledBack(async () => {
        const before = fingerprint();
        const result = normalise(await root.loader({ request: getRequest("/", { cookie: cookieOf(world, actor) }), params: {}, context: {} } as never));
        return { ...result, writes: fingerprintDiff(before, fingerprint()) };
      });
      expect(call.status).toBe(200);
      expect(call.data.user?.id ?? null).toBe(userOf(world, actor)?.id ?? null);
      expect(call.writes).toEqual([]);
    });
  }
});

describe("the readiness probe", () => {
  it("answers ok while the database can take writes, and 503 with the reason when the disk is full or the file cannot be written", async () => {
    const ok = healthz.loader();
    expect([ok.status, await ok.text()]).toEqual([200, "ok"]);

    const statfs = fs.statfsSync;
    const full = vi.spyOn(fs, "statfsSync").mockImplementation((p) => ({ ...statfs(p), bavail: 0 }) as never);
    const diskFull = healthz.loader();
    full.mockRestore();
    expect([diskFull.status, await diskFull.text()]).toEqual([503, "database: disk-full"]);

    const denied = vi.spyOn(fs, "accessSync").mockImplementation(() => {
      throw Object.assign(new Error("EACCES"), { code: "EACCES" });
    });
    const readOnly = healthz.loader();
    denied.mockRestore();
    expect([readOnly.status, await readOnly.text()]).toEqual([503, "database: not-writable"]);
    expect(readOnly.headers.get("Cache-Control")).toBe("no-store");
  });
});
