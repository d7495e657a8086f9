import "./journey-setup";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { associations, enrolments, offerings, users } from "../../db/schema";
import { syncCatalogue } from "~/models/course.server";
import { enrol, withdraw } from "~/models/enrolment.server";
import { catalogueOfferings, saveOffering } from "~/models/offering.server";
import { createAssociation } from "~/models/association.server";
import { loader as associationsLoader } from "~/routes/admin.associations._index";
import * as adminOfferings from "~/routes/admin.offerings._index";
import * as editOffering from "~/routes/admin.offerings.$id._index";
import { db } from "~/utils/db.server";
import { cookieFor, getRequest, makeUser, postRequest, run } from "../helpers";

const DAY = 86_400_000;
let n = 0;
function offering(overrides: Partial<Parameters<typeof saveOffering>[0]> = {}) {
  n += 1;
  const r = saveOffering({
    courseId: "mini",
    periodLabel: `2060-${String(n).padStart(2, "0")}`,
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

beforeAll(() => {
  syncCatalogue();
});

describe("associations list: members", () => {
  it("counts each association's own active members (0, 1 and 3 with one disabled → 2)", async () => {
    const cookie = (await cookieFor(makeUser("admin").id)).cookie;
    const mk = (name: string) =>
      createAssociation({ name, regionCode: "SMA", city: "Agadir", foundingYear: null, focusAreas: [], contactEmail: null, status: "active" })!.id;
    const none = mk("Truth Zero");
    const one = mk("Truth One");
    const three = mk("Truth Three");
    makeUser("learner", { associationId: one });
    makeUser("learner", { associationId: three });
    makeUser("trainer", { associationId: three });
    const disabled = makeUser("learner", { associationId: three });
    db.update(users).set({ disabled: true }).where(eq(users.id, disabled.id)).run();
    const page = await run(associationsLoader, getRequest("/admin/associations?region=SMA", { cookie }));
    const members = Object.fromEntries(page.data.associations.map((a: { name: string; members: number }) => [a.name, a.members]));
    expect(members).toEqual({ "Truth Zero": 0, "Truth One": 1, "Truth Three": 2 });
    expect(db.select().from(associations).where(eq(associations.id, none)).get()).toBeTruthy();
  });
});

describe("offerings list: seats", () => {
  it("shows enrolled, waitlisted and seats left = capacity − enrolled for 0, 2 and 5 enrolled", async () => {
    const cookie = (await cookieFor(makeUser("admin").id)).cookie;
    const empty = offering({ capacity: 5 });
    const two = offering({ capacity: 5 });
    const full = offering({ capacity: 5 });
    for (let i = 0; i < 2; i++) enrol(two, makeUser().id);
    const gone = enrol(two, makeUser().id).enrolment;
    withdraw(gone.id);
    for (let i = 0; i < 5; i++) enrol(full, makeUser().id);
    enrol(full, makeUser().id);
    enrol(full, makeUser().id);
    const page = await run(adminOfferings.loader, getRequest("/admin/offerings", { cookie }));
    const byId = new Map(page.data.offerings.map((o: { id: number }) => [o.id, o]));
    expect(byId.get(empty)).toMatchObject({ enrolled: 0, waitlisted: 0, capacity: 5, seatsLeft: 5 });
    expect(byId.get(two)).toMatchObject({ enrolled: 2, waitlisted: 0, seatsLeft: 3 });
    expect(byId.get(full)).toMatchObject({ enrolled: 5, waitlisted: 2, seatsLeft: 0 });
    // The public catalogue reads the same counts from a query without a join, where drizzle wrote the outer id bare.
    const catalogue = new Map((catalogueOfferings().get("mini") ?? []).map((r) => [r.offering.id, { enrolled: r.enrolled, waitlisted: r.waitlisted }]));
    expect([catalogue.get(empty), catalogue.get(two), catalogue.get(full)]).toEqual([
      { enrolled: 0, waitlisted: 0 },
      { enrolled: 2, waitlisted: 0 },
      { enrolled: 5, waitlisted: 2 },
    ]);
  });
});

describe("closing an offering", () => {
  it("stays closed when its (stale) edit form is saved afterwards", async () => {
    const cookie = (await cookieFor(makeUser("admin").id)).cookie;
    const id = offering({ status: "draft" });
    const row = db.select().from(offerings).where(eq(offerings.id, id)).get()!;
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const stale = {
      intent: "save",
      courseId: "mini",
      periodLabel: row.periodLabel,
      enrolOpensAt: day(row.enrolOpensAt),
      enrolClosesAt: day(row.enrolClosesAt),
      startsAt: day(row.startsAt),
      endsAt: day(row.endsAt),
      capacity: "5",
      languages: "ar",
      status: "draft",
    };
    expect((await run(editOffering.action, postRequest(`/admin/offerings/${id}`, { intent: "close" }, { cookie }), { id: String(id) })).status).toBe(200);
    const saved = await run(editOffering.action, postRequest(`/admin/offerings/${id}`, { ...stale, capacity: "7" }, { cookie }), { id: String(id) });
    expect(saved.status).toBe(302);
    const after = db.select().from(offerings).where(eq(offerings.id, id)).get()!;
    expect(after.status).toBe("closed");
    expect(after.capacity).toBe(7);
    expect(db.select().from(enrolments).where(eq(enrolments.offeringId, id)).all()).toHaveLength(0);
  });
});
