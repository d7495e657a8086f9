import "./journey-setup";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { enrolments, offerings, users } from "../../db/schema";
import { syncCatalogue } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import * as adminOfferings from "~/routes/admin.offerings._index";
import * as editOffering from "~/routes/admin.offerings.$id._index";
import * as newOffering from "~/routes/admin.offerings.new";
import * as learn from "~/routes/learn";
import * as trainerHome from "~/routes/trainer._index";
import * as roster from "~/routes/trainer.offerings.$id._index";
import * as csv from "~/routes/trainer.offerings.$id.export[.csv]";
import * as reviews from "~/routes/trainer.offerings.$id.reviews";
import { db } from "~/utils/db.server";
import { cookieFor, getRequest, makeUser, postRequest, replyErrors, run } from "../helpers";

const DAY = 86_400_000;
let n = 0;
function offering(overrides: Partial<Parameters<typeof saveOffering>[0]> = {}) {
  n += 1;
  const r = saveOffering({
    courseId: "mini",
    periodLabel: `2040-${String(n).padStart(2, "0")}`,
    enrolOpensAt: new Date(Date.now() - DAY),
    enrolClosesAt: new Date(Date.now() + DAY),
    startsAt: new Date(Date.now() - DAY),
    endsAt: new Date(Date.now() + 10 * DAY),
    capacity: 5,
    languages: ["ar"],
    status: "running",
    trainerIds: [],
    ...overrides,
  });
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

const form = {
  courseId: "mini",
  periodLabel: "2041-Q1",
  enrolOpensAt: "2040-12-01",
  enrolClosesAt: "2041-01-15",
  startsAt: "2041-01-05",
  endsAt: "2041-03-31",
  capacity: "20",
  languages: "ar",
  status: "open",
};

beforeAll(() => {
  syncCatalogue();
});

describe("admin: offerings", () => {
  it("creates an offering with dates as whole days and its trainers", async () => {
    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const trainer = makeUser("trainer");
    const body = new URLSearchParams({ ...form, intent: "save" });
    body.append("languages", "fr");
    body.append("trainerIds", String(trainer.id));
    const res = await run(
      newOffering.action,
      new Request("http://localhost:3000/admin/offerings/new", {
        method: "POST",
        body,
        headers: { Cookie: admin, "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );
    expect(res.status).toBe(302);
    const row = db.select().from(offerings).where(eq(offerings.periodLabel, "2041-Q1")).get()!;
    expect(row.languages).toEqual(["ar", "fr"]);
    expect(row.startsAt.toISOString()).toBe("2041-01-05T00:00:00.000Z");
    expect(row.endsAt.toISOString()).toBe("2041-03-31T23:59:59.999Z");
  });

  it("refuses end before start, closing before opening, no language, bad period, duplicate period, unknown course or trainer — with 400", async () => {
    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const learner = makeUser("learner");
    const before = db.select().from(offerings).all().length;
    const cases: [Record<string, string>, string, string][] = [
      [{ endsAt: "2040-12-31" }, "endsAt", "offerings.errors.endBeforeStart"],
      [{ enrolClosesAt: "2040-11-01" }, "enrolClosesAt", "offerings.errors.closeBeforeOpen"],
      [{ languages: "" }, "languages", "offerings.errors.languages"],
      [{ periodLabel: "Q1 2041" }, "periodLabel", "offerings.errors.period"],
      [{ capacity: "-3" }, "capacity", "offerings.errors.capacity"],
      [{ startsAt: "2041-02-30x" }, "startsAt", "offerings.errors.date"],
      [{ courseId: "no-such-course", periodLabel: "2041-Q2" }, "courseId", "errors.invalidChoice"],
      [{ periodLabel: "2041-Q3", trainerIds: String(learner.id) }, "trainerIds", "offerings.errors.notATrainer"],
    ];
    for (const [override, field, message] of cases) {
      const fields = { ...form, intent: "save", ...override };
      const body = new URLSearchParams(Object.entries(fields).filter(([, v]) => v !== ""));
      const res = await run(
        newOffering.action,
        new Request("http://localhost:3000/admin/offerings/new", {
          method: "POST",
          body,
          headers: { Cookie: admin, "Content-Type": "application/x-www-form-urlencoded" },
        }),
      );
      expect(res.status, JSON.stringify(override)).toBe(400);
      expect(replyErrors(res)[field], JSON.stringify(override)).toEqual([message]);
    }
    offering({ periodLabel: "2042-Q1" });
    const dup = await run(newOffering.action, postRequest("/admin/offerings/new", { ...form, intent: "save", periodLabel: "2042-Q1" }, { cookie: admin }));
    expect(replyErrors(dup).periodLabel).toEqual(["offerings.errors.periodTaken"]);
    expect(db.select().from(offerings).all().length).toBe(before + 1);
  });

  it("refuses a capacity below the enrolled count, and raising it promotes the waitlist", async () => {
    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const id = offering({ capacity: 2 });
    const people = [makeUser(), makeUser(), makeUser()];
    for (const p of people) enrol(id, p.id);
    const low = await run(
      editOffering.action,
      postRequest(
        `/admin/offerings/${id}`,
        { ...form, periodLabel: `2050-Q${(id % 4) + 1}`, intent: "save", capacity: "1", status: "running" },
        { cookie: admin },
      ),
      { id: String(id) },
    );
    expect(low.status).toBe(400);
    expect(replyErrors(low).capacity).toEqual(["offerings.errors.capacityBelowEnrolled"]);
    const row = db.select().from(offerings).where(eq(offerings.id, id)).get()!;
    const raise = await run(
      editOffering.action,
      postRequest(
        `/admin/offerings/${id}`,
        {
          ...form,
          periodLabel: row.periodLabel,
          intent: "save",
          capacity: "3",
          status: "running",
          enrolOpensAt: "2020-01-01",
          enrolClosesAt: "2099-01-01",
          startsAt: "2020-01-01",
          endsAt: "2099-01-01",
        },
        { cookie: admin },
      ),
      { id: String(id) },
    );
    expect(raise.status).toBe(302);
    expect(
      db
        .select()
        .from(enrolments)
        .where(eq(enrolments.offeringId, id))
        .all()
        .every((e) => e.status === "enrolled"),
    ).toBe(true);
  });

  it("closes an offering, which then refuses enrolment", async () => {
    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const id = offering();
    expect((await run(editOffering.action, postRequest(`/admin/offerings/${id}`, { intent: "close" }, { cookie: admin }), { id: String(id) })).status).toBe(
      200,
    );
    expect(db.select().from(offerings).where(eq(offerings.id, id)).get()!.status).toBe("closed");
    expect(() => enrol(id, makeUser().id)).toThrow("closed");
  });

  it("bulk enrols pasted emails and reports each outcome; invites unknown emails on request", async () => {
    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const id = offering({ capacity: 2 });
    const a = makeUser();
    const b = makeUser();
    const c = makeUser();
    enrol(id, a.id);
    const body = new FormData();
    body.append("intent", "bulk");
    body.append("emails", `${a.email}\n${b.email.toUpperCase()}\n"Nom";${c.email}\nnew.person@example.ma\n`);
    const res = await run(
      editOffering.action,
      new Request(`http://localhost:3000/admin/offerings/${id}`, { method: "POST", body, headers: { Cookie: admin } }),
      { id: String(id) },
    );
    expect(res.status).toBe(200);
    expect(res.data.bulk.results).toEqual([
      { email: a.email, outcome: "already-enrolled" },
      { email: b.email, outcome: "enrolled" },
      { email: c.email, outcome: "waitlisted" },
      { email: "new.person@example.ma", outcome: "unknown" },
    ]);
    const invite = new FormData();
    invite.append("intent", "bulk");
    invite.append("emails", "new.person@example.ma");
    invite.append("invite", "on");
    const invited = await run(
      editOffering.action,
      new Request(`http://localhost:3000/admin/offerings/${id}`, { method: "POST", body: invite, headers: { Cookie: admin } }),
      { id: String(id) },
    );
    expect(invited.data.bulk.results).toEqual([{ email: "new.person@example.ma", outcome: "invited-waitlisted" }]);
    expect(db.select().from(users).where(eq(users.email, "new.person@example.ma")).get()?.passwordHash).toBeNull();
  });

  it("refuses a CSV in another encoding or with junk lines, enrolling nobody", async () => {
    const admin = (await cookieFor(makeUser("admin").id)).cookie;
    const id = offering();
    const a = makeUser();
    const post = (content: Uint8Array) => {
      const body = new FormData();
      body.append("intent", "bulk");
      body.append("csv", new File([content as Uint8Array<ArrayBuffer>], "list.csv", { type: "text/csv" }));
      return run(editOffering.action, new Request(`http://localhost:3000/admin/offerings/${id}`, { method: "POST", body, headers: { Cookie: admin } }), {
        id: String(id),
      });
    };
    // "Hôte" in Windows-1252 next to UTF-8 Arabic: mixed encodings.
    const latin1 = new Uint8Array([...new TextEncoder().encode(`email\n${a.email}\nعلي@`), 0x48, 0xf4, 0x74, 0x65, 0x0a]);
    const enc = await post(latin1);
    expect(enc.status).toBe(400);
    expect(replyErrors(enc)[""]).toEqual(["bulk.encoding"]);
    const junk = await post(new TextEncoder().encode(`email,name\n${a.email},Ali\nnot an email,Sara\n\n;;;\n`));
    expect(junk.status).toBe(400);
    expect(replyErrors(junk)[""]).toEqual(["bulk.junk"]);
    expect(junk.data.junk.map((j: { line: number }) => j.line)).toEqual([3, 5]);
    expect(db.select().from(enrolments).where(eq(enrolments.offeringId, id)).all()).toHaveLength(0);
    const bom = await post(new TextEncoder().encode(`\uFEFFemail;nom\r\n${a.email};Ali\r\n`));
    expect(bom.data.bulk.results).toEqual([{ email: a.email, outcome: "enrolled" }]);
  });
});

describe("trainer area and admin offering pages check role and ownership", () => {
  it("a trainer sees only the offerings they teach; other trainers and learners get 403", async () => {
    const trainer = makeUser("trainer");
    const mine = offering({ trainerIds: [trainer.id] });
    const other = offering();
    const learner = makeUser();
    enrol(mine, learner.id);
    const trainerCookie = (await cookieFor(trainer.id)).cookie;
    const home = await run(trainerHome.loader, getRequest("/trainer", { cookie: trainerCookie }));
    expect(home.data.offerings.map((o: { id: number }) => o.id)).toEqual([mine]);
    expect((await run(roster.loader, getRequest(`/trainer/offerings/${mine}`, { cookie: trainerCookie }), { id: String(mine) })).status).toBe(200);
    for (const module of [roster, csv, reviews]) {
      expect((await run(module.loader, getRequest(`/trainer/offerings/${other}`, { cookie: trainerCookie }), { id: String(other) })).status).toBe(403);
      expect(
        (await run(module.loader, getRequest(`/trainer/offerings/${mine}`, { cookie: (await cookieFor(learner.id)).cookie }), { id: String(mine) })).status,
      ).toBe(403);
      expect((await run(module.loader, getRequest(`/trainer/offerings/x`, { cookie: trainerCookie }), { id: "x" })).status).toBe(404);
    }
    expect(
      (
        await run(
          reviews.action,
          postRequest(`/trainer/offerings/${other}/reviews`, { submissionId: "1", version: "1", decision: "accepted" }, { cookie: trainerCookie }),
          { id: String(other) },
        )
      ).status,
    ).toBe(403);
    for (const module of [adminOfferings, newOffering]) {
      expect((await run(module.loader, getRequest("/admin/offerings", { cookie: trainerCookie }))).status).toBe(403);
    }
    expect((await run(editOffering.loader, getRequest(`/admin/offerings/${mine}`, { cookie: trainerCookie }), { id: String(mine) })).status).toBe(403);
    expect(
      (await run(editOffering.action, postRequest(`/admin/offerings/${mine}`, { intent: "close" }, { cookie: trainerCookie }), { id: String(mine) })).status,
    ).toBe(403);
    expect((await run(learn.loader, getRequest("/learn"))).status).toBe(302);
  });

  it("exports the roster as UTF-8 CSV with a BOM, Arabic names intact and formulas neutralised", async () => {
    const trainer = makeUser("trainer", { locale: "fr" });
    const id = offering({ trainerIds: [trainer.id] });
    enrol(id, makeUser("learner", { displayName: "أمينة الزهراوي" }).id);
    enrol(id, makeUser("learner", { displayName: '=HYPERLINK("x")' }).id);
    const res = (await csv.loader({
      request: getRequest(`/trainer/offerings/${id}/export.csv`, { cookie: (await cookieFor(trainer.id)).cookie, headers: { "Accept-Language": "fr" } }),
      params: { id: String(id) },
      context: { clientIp: "x" },
    })) as Response;
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('"أمينة الزهراوي"');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text.split("\r\n")[0]).toContain('"Nom complet"');
  });
});
