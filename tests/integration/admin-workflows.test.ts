import "./journey-setup";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { enrolments, offerings, outbox, users } from "../../db/schema";
import { syncCatalogue } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import * as editOffering from "~/routes/admin.offerings.$id._index";
import { db } from "~/utils/db.server";
import { cookieFor, makeUser, postRequest, run } from "../helpers";

const DAY = 86_400_000;
let n = 0;
let cookie = "";
function offering(capacity: number, status: "draft" | "running" = "running") {
  n += 1;
  const r = saveOffering({
    courseId: "mini",
    periodLabel: `2090-${String(n).padStart(2, "0")}`,
    enrolOpensAt: new Date(Date.now() - DAY),
    enrolClosesAt: new Date(Date.now() + DAY),
    startsAt: new Date(Date.now() - DAY),
    endsAt: new Date(Date.now() + 10 * DAY),
    capacity,
    languages: ["ar"],
    status,
    trainerIds: [],
  });
  if (!r.ok) throw new Error(r.error);
  return r.id;
}
const act = (id: number, fields: Record<string, string>) =>
  run(editOffering.action, postRequest(`/admin/offerings/${id}`, fields, { cookie }), { id: String(id) });
const statusOf = (id: number) => db.select().from(offerings).where(eq(offerings.id, id)).get()!.status;

beforeAll(async () => {
  syncCatalogue();
  cookie = (await cookieFor(makeUser("admin", { displayName: "Nadia Admin" }).id)).cookie;
});

describe("closing an offering (closeOffering)", () => {
  it("closes, releases the waiting list, tells them, and says what happened; closing twice changes nothing", async () => {
    const id = offering(3);
    const people = Array.from({ length: 5 }, () => makeUser("learner", { locale: "fr" }));
    const taken = people.map((p) => enrol(id, p.id).enrolment);
    db.update(enrolments).set({ completedAt: new Date() }).where(eq(enrolments.id, taken[0]!.id)).run();
    const closed = await act(id, { intent: "close" });
    expect(closed.status).toBe(200);
    expect(closed.data.closed).toEqual({ alreadyClosed: false, enrolled: 3, completed: 1, released: 2 });
    expect(statusOf(id)).toBe("closed");
    const rows = db.select().from(enrolments).where(eq(enrolments.offeringId, id)).all();
    expect(rows.filter((r) => r.status === "enrolled")).toHaveLength(3);
    expect(rows.filter((r) => r.status === "waitlisted")).toHaveLength(0);
    expect(rows.filter((r) => r.status === "withdrawn" && r.withdrawnAt && !r.enrolledAt)).toHaveLength(2);
    const told = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, "waitlist-released"), inArray(outbox.to, [people[3]!.email, people[4]!.email])))
      .all();
    expect(told).toHaveLength(2);
    expect(told[0]!.subject).toContain("pas de place");
    const again = await act(id, { intent: "close" });
    expect(again.data.closed).toEqual({ alreadyClosed: true, enrolled: 3, completed: 1, released: 0 });
    expect(db.select().from(outbox).where(eq(outbox.kind, "waitlist-released")).all()).toHaveLength(2);
  });

  it("only the reopen intent takes a closed offering out of closed; a stale form posting 'running' does not", async () => {
    const id = offering(4);
    const row = db.select().from(offerings).where(eq(offerings.id, id)).get()!;
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const form = {
      intent: "save",
      courseId: "mini",
      periodLabel: row.periodLabel,
      enrolOpensAt: day(row.enrolOpensAt),
      enrolClosesAt: day(row.enrolClosesAt),
      startsAt: day(row.startsAt),
      endsAt: day(row.endsAt),
      capacity: "4",
      languages: "ar",
    };
    await act(id, { intent: "close" });
    expect((await act(id, { ...form, status: "running" })).status).toBe(302);
    expect(statusOf(id)).toBe("closed");
    // And the page no longer offers a status to post.
    expect(
      Object.keys(
        (await run(editOffering.loader, new Request(`http://localhost:3000/admin/offerings/${id}`, { headers: { Cookie: cookie } }), { id: String(id) })).data
          .defaults,
      ),
    ).not.toContain("status");
    const reopened = await act(id, { intent: "reopen" });
    expect(reopened.status).toBe(302);
    expect(reopened.headers.get("Location")).toBe(`/admin/offerings/${id}?done=reopened`);
    expect(statusOf(id)).toBe("running");
    expect((await act(id, { intent: "reopen" })).status).toBe(409);
    // Once open again, the form's status works as before (but never to "closed": that is the close command).
    expect((await act(id, { ...form, status: "draft" })).status).toBe(302);
    expect(statusOf(id)).toBe("draft");
    expect((await act(id, { ...form, status: "closed" })).status).toBe(400);
    expect(statusOf(id)).toBe("draft");
  });
});

describe("bulk enrolment (bulkEnrol)", () => {
  const bulk = (id: number, emails: string, invite = false) => {
    const body = new FormData();
    body.append("intent", "bulk");
    body.append("emails", emails);
    if (invite) body.append("invite", "on");
    return run(editOffering.action, new Request(`http://localhost:3000/admin/offerings/${id}`, { method: "POST", body, headers: { Cookie: cookie } }), {
      id: String(id),
    });
  };

  it("enrols under the seat rules, counts each outcome, invites new accounts by email, and skips disabled ones", async () => {
    const id = offering(2);
    const already = makeUser();
    const fresh = makeUser();
    const disabled = makeUser();
    db.update(users).set({ disabled: true }).where(eq(users.id, disabled.id)).run();
    enrol(id, already.id);
    const stranger = `stranger-${Date.now()}@example.ma`;
    const res = await bulk(id, [already.email, fresh.email, disabled.email, stranger, fresh.email.toUpperCase()].join("\n"), true);
    expect(res.status).toBe(200);
    expect(res.data.bulk.results).toEqual([
      { email: already.email, outcome: "already-enrolled" },
      { email: fresh.email, outcome: "enrolled" },
      { email: disabled.email, outcome: "disabled" },
      { email: stranger, outcome: "invited-waitlisted" },
    ]);
    expect(res.data.bulk.counts).toMatchObject({ "already-enrolled": 1, enrolled: 1, disabled: 1, "invited-waitlisted": 1, waitlisted: 0, unknown: 0 });
    const invited = db.select().from(users).where(eq(users.email, stranger)).get()!;
    expect(invited).toMatchObject({ passwordHash: null, role: "learner" });
    const email = db.select().from(outbox).where(eq(outbox.to, stranger)).get()!;
    expect(email.kind).toBe("invite");
    expect(email.text).toContain("Nadia Admin");
    const seats = db.select().from(enrolments).where(eq(enrolments.offeringId, id)).all();
    expect(seats.filter((e) => e.status === "enrolled")).toHaveLength(2);
    expect(seats.filter((e) => e.status === "waitlisted").map((e) => e.userId)).toEqual([invited.id]);
  });

  it("refuses a draft session and a list with junk whole: nobody enrolled, no account created", async () => {
    const draft = offering(5, "draft");
    const someone = makeUser();
    const newcomer = `newcomer-${Date.now()}@example.ma`;
    const refused = await bulk(draft, `${newcomer}\n${someone.email}`, true);
    expect(refused.status).toBe(409);
    expect(refused.data.result.error[""]).toEqual(["bulk.closed"]);
    expect(db.select().from(users).where(eq(users.email, newcomer)).get()).toBeUndefined();
    expect(db.select().from(enrolments).where(eq(enrolments.offeringId, draft)).all()).toHaveLength(0);
    const id = offering(5);
    const junk = await bulk(id, `${someone.email}\nnot an address\n${newcomer}`, true);
    expect(junk.status).toBe(400);
    expect(junk.data.junk).toEqual([{ line: 2, text: "not an address" }]);
    expect(db.select().from(enrolments).where(eq(enrolments.offeringId, id)).all()).toHaveLength(0);
    expect(db.select().from(users).where(eq(users.email, newcomer)).get()).toBeUndefined();
    // The pasted text is given back so it can be corrected.
    expect(junk.data.result.initialValue.emails).toContain("not an address");
  });
});
