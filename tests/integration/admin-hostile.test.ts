import "./journey-setup";
import fs from "node:fs";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { associations, enrolments, offerings, offeringTrainers, outbox, passwordTokens, settings, users } from "../../db/schema";
import { errorKey } from "~/components/form";
import { createAssociation } from "~/models/association.server";
import { syncCatalogue } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import * as editAssociation from "~/routes/admin.associations.$id";
import * as newAssociation from "~/routes/admin.associations.new";
import * as branding from "~/routes/admin.branding";
import * as editOffering from "~/routes/admin.offerings.$id._index";
import * as newOffering from "~/routes/admin.offerings.new";
import * as usersPage from "~/routes/admin.users._index";
import { BRANDING_DIR } from "~/models/certificate/files.server";
import { db } from "~/utils/db.server";
import { resources } from "~/utils/i18n.server";
import { cookieFor, makeUser, run, type Outcome } from "../helpers";

// Every admin action of this slice, sent hostile bodies: each answer must be a 4xx that the page can translate, and
// the database (and the branding folder) must be exactly as before.
const DAY = 86_400_000;
let cookie = "";
const ids = {} as Record<string, number>;

type Action = {
  name: string;
  fn: Parameters<typeof run>[0];
  path: string;
  params?: Record<string, string>;
  valid: () => Record<string, string>;
  uploads?: boolean;
};
let actions: Action[] = [];

function snapshot() {
  const tables = { associations, users, offerings, offeringTrainers, enrolments, settings, passwordTokens, outbox };
  const rows = Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, db.select().from(table).all()]));
  const files = fs.existsSync(BRANDING_DIR) ? fs.readdirSync(BRANDING_DIR).sort() : [];
  return JSON.stringify({ rows, files });
}

function lookup(locale: "ar" | "fr" | "en", key: string): unknown {
  let node: unknown = resources[locale].common;
  for (const part of key.split(".")) node = node && typeof node === "object" && Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined;
  if (node === undefined && !key.includes("_")) {
    // A plural key: any of its forms.
    const parent = key.split(".").slice(0, -1).join(".");
    const last = key.split(".").at(-1)!;
    const holder = parent ? lookup(locale, parent) : resources[locale].common;
    if (holder && typeof holder === "object") return Object.keys(holder).find((k) => k.startsWith(`${last}_`));
  }
  return node;
}

const REASONS = new Set(["badRequest", "tooLarge", "unsupportedMediaType", "notFound", "forbidden"]);

/** A 4xx with something the page shows translated in Arabic, French and English. */
function expectTranslated4xx(outcome: Outcome, label: string) {
  expect(outcome.status, label).toBeGreaterThanOrEqual(400);
  expect(outcome.status, label).toBeLessThan(500);
  if (outcome.data?.reason) {
    expect(REASONS.has(outcome.data.reason), label).toBe(true);
    return;
  }
  const errors = Object.values((outcome.data?.result?.error ?? {}) as Record<string, string[] | null>)
    .flat()
    .filter(Boolean) as string[];
  expect(errors.length, `${label}: no message`).toBeGreaterThan(0);
  for (const message of errors) {
    for (const locale of ["ar", "fr", "en"] as const) expect(lookup(locale, errorKey(message)), `${label}: ${message} in ${locale}`).toBeTruthy();
  }
}

function request(action: Action, body: BodyInit | null, contentType?: string, headers: Record<string, string> = {}) {
  return new Request(`http://localhost:3000${action.path}`, {
    method: "POST",
    body,
    headers: { Cookie: cookie, ...(contentType ? { "Content-Type": contentType } : {}), ...headers },
  });
}

const urlencoded = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");

async function send(action: Action, req: Request) {
  const before = snapshot();
  const outcome = await run(action.fn, req, action.params ?? {});
  return { outcome, unchanged: snapshot() === before };
}

beforeAll(async () => {
  syncCatalogue();
  cookie = (await cookieFor(makeUser("admin").id)).cookie;
  ids.learner = makeUser("learner").id;
  ids.trainer = makeUser("trainer").id;
  ids.disabledTrainer = makeUser("trainer").id;
  db.update(users).set({ disabled: true }).where(eq(users.id, ids.disabledTrainer)).run();
  const association = (name: string, status: "active" | "inactive") =>
    createAssociation({ name, regionCode: "RSK", city: "Salé", foundingYear: null, focusAreas: [], contactEmail: null, status })!.id;
  ids.active = association("Hostile Active", "active");
  ids.inactive = association("Hostile Inactive", "inactive");
  const offering = (periodLabel: string, status: "running" | "closed", capacity = 3) => {
    const r = saveOffering({
      courseId: "mini",
      periodLabel,
      enrolOpensAt: new Date(Date.now() - DAY),
      enrolClosesAt: new Date(Date.now() + DAY),
      startsAt: new Date(Date.now() - DAY),
      endsAt: new Date(Date.now() + 9 * DAY),
      capacity,
      languages: ["ar"],
      status,
      trainerIds: [],
    });
    if (!r.ok) throw new Error(r.error);
    return r.id;
  };
  ids.offering = offering("2080-Q1", "running");
  ids.other = offering("2080-Q2", "running");
  ids.closed = offering("2080-Q3", "closed");
  ids.otherEnrolment = enrol(ids.other, makeUser().id).enrolment.id;
  ids.enrolment = enrol(ids.offering, makeUser().id).enrolment.id;

  const associationFields = {
    name: "Jamiat Tajriba",
    regionCode: "RSK",
    city: "Rabat",
    foundingYear: "2020",
    focusAreas: "youth",
    contactEmail: "a@example.ma",
    status: "active",
  };
  const offeringFields = {
    courseId: "mini",
    periodLabel: "2081-Q1",
    enrolOpensAt: "2080-12-01",
    enrolClosesAt: "2081-01-15",
    startsAt: "2081-01-05",
    endsAt: "2081-03-31",
    capacity: "20",
    languages: "ar",
    status: "open",
  };
  const brandingFields = {
    centreAr: "مركز",
    centreFr: "Centre",
    partnerAr: "مؤسسة",
    partnerFr: "Fondation",
    sig0NameAr: "أ",
    sig0NameFr: "A",
    sig0TitleAr: "ب",
    sig0TitleFr: "B",
    sig1NameAr: "ج",
    sig1NameFr: "C",
    sig1TitleAr: "د",
    sig1TitleFr: "D",
    colour: "#123456",
  };
  actions = [
    { name: "users", fn: usersPage.action, path: "/admin/users", valid: () => ({ intent: "role", userId: String(ids.learner), role: "learner" }) },
    { name: "new association", fn: newAssociation.action, path: "/admin/associations/new", valid: () => associationFields },
    {
      name: "edit association",
      fn: editAssociation.action,
      path: `/admin/associations/${ids.active}`,
      params: { id: String(ids.active) },
      valid: () => ({ ...associationFields, name: "Hostile Active" }),
    },
    { name: "new offering", fn: newOffering.action, path: "/admin/offerings/new", valid: () => offeringFields },
    {
      name: "edit offering",
      fn: editOffering.action,
      path: `/admin/offerings/${ids.offering}`,
      params: { id: String(ids.offering) },
      valid: () => ({ ...offeringFields, intent: "save", periodLabel: "2080-Q1" }),
      uploads: true,
    },
    { name: "branding", fn: branding.action, path: "/admin/branding", valid: () => brandingFields, uploads: true },
  ];
});

describe("hostile bodies to every admin action: 4xx with a translated message, nothing written", () => {
  it("wrong, missing or foreign content types are 415", async () => {
    for (const action of actions) {
      for (const [body, type] of [
        [JSON.stringify(action.valid()), "application/json"],
        [urlencoded(Object.entries(action.valid())), "text/plain"],
        [urlencoded(Object.entries(action.valid())), undefined],
      ] as const) {
        const req = request(action, body, type);
        if (!type) req.headers.delete("Content-Type");
        const { outcome, unchanged } = await send(action, req);
        expect(outcome.status, `${action.name} ${type}`).toBe(415);
        expectTranslated4xx(outcome, `${action.name} ${type}`);
        expect(unchanged, action.name).toBe(true);
      }
    }
  });

  it("bodies over the limit are 413, declared or not; malformed multipart and encodings are 400", async () => {
    for (const action of actions) {
      const limit = action.uploads ? 6 * 1024 * 1024 : 64 * 1024;
      const big = urlencoded([...Object.entries(action.valid()), ["padding", "x".repeat(limit)]]);
      for (const req of [
        request(action, big, "application/x-www-form-urlencoded"),
        request(action, "a=1", "application/x-www-form-urlencoded", { "Content-Length": String(limit + 1) }),
      ]) {
        const { outcome, unchanged } = await send(action, req);
        expect(outcome.status, action.name).toBe(413);
        expect(unchanged).toBe(true);
      }
      for (const [body, type] of [
        ['--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n', "multipart/form-data; boundary=x"],
        ["name=%FF%FE", "application/x-www-form-urlencoded"],
        ["a=1", "multipart/form-data"],
      ] as const) {
        const { outcome, unchanged } = await send(action, request(action, body, type));
        expect(outcome.status, `${action.name} ${body}`).toBe(400);
        expectTranslated4xx(outcome, action.name);
        expect(unchanged).toBe(true);
      }
    }
  });

  it("oversized fields, duplicated keys, prototype-named keys and conform's reserved fields never break an action", async () => {
    for (const action of actions) {
      const valid = Object.entries(action.valid());
      const cases: [string, [string, string][]][] = [
        ["oversized", valid.map(([k, v]) => [k, k === "intent" ? v : `${v}${"ي".repeat(9000)}`])],
        [
          "duplicated",
          valid.flatMap(
            ([k, v]) =>
              (k === "intent"
                ? [[k, v]]
                : [
                    [k, v],
                    [k, `${v}2`],
                  ]) as [string, string][],
          ),
        ],
        ["reserved state", [...valid, ["__state__", "{not json"]]],
        ["reserved intent", [...valid, ["__intent__", '{"type":"update","payload":{"name":"__proto__","value":{"polluted":1}}}']]],
        [
          "prototype keys, required fields missing",
          [
            ["__proto__", "x"],
            ["constructor", "y"],
            ["toString", "z"],
            ["__proto__[polluted]", "1"],
            ["a.__proto__.b", "1"],
            ["hasOwnProperty", "1"],
          ],
        ],
      ];
      for (const [label, pairs] of cases) {
        const body = new URLSearchParams(pairs);
        const { outcome, unchanged } = await send(action, request(action, body.toString(), "application/x-www-form-urlencoded"));
        expectTranslated4xx(outcome, `${action.name}: ${label}`);
        expect(unchanged, `${action.name}: ${label}`).toBe(true);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});

describe("crafted values: ids, choices and dates", () => {
  const post = (action: Action, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return send(action, request(action, body.toString(), "application/x-www-form-urlencoded"));
  };
  const byName = (name: string) => actions.find((a) => a.name === name)!;

  it("users: ids that are not numbers are 400, unknown ids 404, an unknown intent 400", async () => {
    const usersAction = byName("users");
    for (const [fields, status] of [
      [{ intent: "role", userId: "abc", role: "trainer" }, 400],
      [{ intent: "role", userId: "-4", role: "trainer" }, 400],
      [{ intent: "role", userId: "1e400", role: "trainer" }, 400],
      [{ intent: "role", userId: "0x10", role: "trainer" }, 400],
      [{ intent: "disable", userId: "987654" }, 404],
      [{ intent: "explode", userId: String(ids.learner) }, 400],
      [{ userId: String(ids.learner) }, 400],
      [{ intent: "role", userId: String(ids.learner), role: "overlord" }, 400],
    ] as const) {
      const { outcome, unchanged } = await post(usersAction, fields);
      expect(outcome.status, JSON.stringify(fields)).toBe(status);
      expectTranslated4xx(outcome, JSON.stringify(fields));
      expect(unchanged).toBe(true);
    }
  });

  it("a crafted form cannot attach a person to an inactive (or unknown) association; an active one works", async () => {
    const usersAction = byName("users");
    for (const associationId of [String(ids.inactive), "99999", "abc"]) {
      const { outcome, unchanged } = await post(usersAction, { intent: "association", userId: String(ids.learner), associationId });
      expect(outcome.status).toBe(400);
      expect(outcome.data.result.error.associationId).toEqual([associationId === "abc" ? "errors.invalidChoice" : "admin.users.associationUnavailable"]);
      expect(unchanged).toBe(true);
    }
    const ok = await post(usersAction, { intent: "association", userId: String(ids.learner), associationId: String(ids.active) });
    expect(ok.outcome.status).toBe(200);
    expect(db.select().from(users).where(eq(users.id, ids.learner)).get()!.associationId).toBe(ids.active);
    const none = await post(usersAction, { intent: "association", userId: String(ids.learner), associationId: "none" });
    expect(none.outcome.status).toBe(200);
    expect(db.select().from(users).where(eq(users.id, ids.learner)).get()!.associationId).toBeNull();
  });

  it("associations: an id that does not exist or is not a number is 404", async () => {
    for (const id of ["99999", "abc", "1.5", "-1"]) {
      const action = { ...byName("edit association"), path: `/admin/associations/${id}`, params: { id } };
      const { outcome, unchanged } = await post(action, action.valid());
      expect(outcome.status, id).toBe(404);
      expect(unchanged).toBe(true);
    }
  });

  it("offerings: dates out of range or not in the calendar, capacities out of range, unknown courses and non-trainers are refused", async () => {
    const create = byName("new offering");
    const base = create.valid();
    for (const [override, field, message] of [
      [{ startsAt: "2041-02-30" }, "startsAt", "offerings.errors.date"],
      [{ endsAt: "9999-12-31" }, "endsAt", "offerings.errors.dateRange"],
      [{ enrolOpensAt: "1900-01-01" }, "enrolOpensAt", "offerings.errors.dateRange"],
      [{ startsAt: "2081-13-01" }, "startsAt", "offerings.errors.date"],
      [{ capacity: "1e9" }, "capacity", "offerings.errors.capacity"],
      [{ capacity: "12.5" }, "capacity", "offerings.errors.capacity"],
      [{ courseId: "no-such-course" }, "courseId", "errors.invalidChoice"],
      [{ languages: ["ar", "xx"] }, "languages", "errors.invalidChoice"],
      [{ status: "closed" }, "status", "errors.invalidChoice"],
      [{ trainerIds: String(ids.learner) }, "trainerIds", "offerings.errors.notATrainer"],
      [{ trainerIds: String(ids.disabledTrainer) }, "trainerIds", "offerings.errors.notATrainer"],
      [{ trainerIds: "99999" }, "trainerIds", "offerings.errors.notATrainer"],
      [{ trainerIds: "abc" }, "trainerIds", "errors.invalidChoice"],
    ] as [Record<string, string | string[]>, string, string][]) {
      const { outcome, unchanged } = await post(create, { ...base, ...override });
      expect(outcome.status, JSON.stringify(override)).toBe(400);
      expect(outcome.data.result.error[field], JSON.stringify(override)).toEqual([message]);
      expect(unchanged).toBe(true);
    }
    // Several server checks come back together on the same result.
    const both = await post(create, { ...base, periodLabel: "2080-Q1", trainerIds: String(ids.learner) });
    expect(both.outcome.data.result.error).toMatchObject({ periodLabel: ["offerings.errors.periodTaken"], trainerIds: ["offerings.errors.notATrainer"] });
    const ok = await post(create, { ...base, trainerIds: String(ids.trainer) });
    expect(ok.outcome.status).toBe(302);
  });

  it("offering page: enrolment ids that are not numbers, unknown, or of another session; unknown intents", async () => {
    const edit = byName("edit offering");
    for (const [fields, status] of [
      [{ intent: "withdraw", enrolmentId: "abc" }, 400],
      [{ intent: "withdraw", enrolmentId: "999999" }, 404],
      [{ intent: "promote", enrolmentId: String(ids.otherEnrolment) }, 404],
      [{ intent: "withdraw", enrolmentId: String(ids.otherEnrolment) }, 404],
      [{ intent: "promote", enrolmentId: String(ids.enrolment) }, 409],
      [{ intent: "reopen" }, 409],
      [{ intent: "delete" }, 400],
      [{ intent: ["close", "reopen"] }, 400],
      [{}, 400],
    ] as [Record<string, string | string[]>, number][]) {
      const { outcome, unchanged } = await post(edit, fields);
      expect(outcome.status, JSON.stringify(fields)).toBe(status);
      expectTranslated4xx(outcome, JSON.stringify(fields));
      expect(unchanged, JSON.stringify(fields)).toBe(true);
    }
  });

  it("bulk enrolment into a closed session is refused whole (409), nobody enrolled or invited", async () => {
    const edit = { ...byName("edit offering"), path: `/admin/offerings/${ids.closed}`, params: { id: String(ids.closed) } };
    const known = makeUser();
    // The unknown address comes first: its invited account is created, then the closed session refuses, and the
    // transaction takes the account back with everything else.
    const { outcome, unchanged } = await post(edit, { intent: "bulk", emails: `nobody-${Date.now()}@example.ma\n${known.email}`, invite: "on" });
    expect(outcome.status).toBe(409);
    expect(outcome.data.result.error[""]).toEqual(["bulk.closed"]);
    expect(unchanged).toBe(true);
  });

  it("branding: an image that is not PNG or JPEG is 415, one over 2 MB is 400; texts come back, nothing is saved", async () => {
    const action = byName("branding");
    const postWith = (file: File, fields = action.valid()) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      body.append("sig1", file);
      return send(action, request(action, body));
    };
    const html = await postWith(new File(["\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>"], "logo.png", { type: "image/png" }));
    expect(html.outcome.status).toBe(415);
    expect(html.outcome.data.result.error.sig1).toEqual(["branding.imageType"]);
    expect(html.unchanged).toBe(true);
    const huge = await postWith(new File([new Uint8Array(2 * 1024 * 1024 + 1)], "big.jpg", { type: "image/jpeg" }));
    expect(huge.outcome.status).toBe(400);
    expect(huge.outcome.data.result.error.sig1).toEqual(["branding.imageTooBig"]);
    expect(huge.unchanged).toBe(true);
    // A missing text and a wrong image at once: both reported, everything typed is given back.
    const both = await postWith(new File(["GIF89a"], "x.gif"), { ...action.valid(), centreFr: "", partnerAr: "مؤسسة الأمل" });
    expect(both.outcome.status).toBe(400);
    expect(both.outcome.data.result.error).toMatchObject({ centreFr: ["errors.required"], sig1: ["branding.imageType"] });
    expect(both.outcome.data.result.initialValue).toMatchObject({ centreAr: "مركز", partnerAr: "مؤسسة الأمل", colour: "#123456" });
    expect(both.unchanged).toBe(true);
  });
});

// Last: a generated body may be valid and change something (close a session, change a role), which is allowed.
describe("generated bodies", () => {
  it("generated bodies (fast-check): never a 5xx, and a refused body writes nothing", async () => {
    const key = fc.oneof(
      fc.constantFrom(
        "__proto__",
        "constructor",
        "toString",
        "valueOf",
        "intent",
        "userId",
        "enrolmentId",
        "name",
        "capacity",
        "languages",
        "trainerIds",
        "emails",
        "startsAt",
        "colour",
        "csv",
      ),
      fc.string({ maxLength: 12 }),
    );
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        "",
        "-1",
        "1e400",
        "NaN",
        "99999999999",
        "0x10",
        "٣",
        "\u202e",
        "\u0000",
        "<script>",
        "2041-02-30",
        "9999-12-31",
        "close",
        "reopen",
        "bulk",
        "save",
        "promote",
        "withdraw",
      ),
    );
    for (const action of actions) {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 12 }), fc.boolean(), async (pairs, keepValid) => {
          const body = new URLSearchParams([...(keepValid ? Object.entries(action.valid()) : []), ...pairs]);
          const before = snapshot();
          const outcome = await run(action.fn, request(action, body.toString(), "application/x-www-form-urlencoded"), action.params ?? {});
          expect(outcome.status).toBeLessThan(500);
          if (outcome.status >= 400) {
            expectTranslated4xx(outcome, action.name);
            expect(snapshot()).toBe(before);
          }
        }),
        { numRuns: 40 },
      );
    }
  });
});
