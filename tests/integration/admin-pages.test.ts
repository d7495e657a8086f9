import "./journey-setup";
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { enrolments, users } from "../../db/schema";
import { createAssociation } from "~/models/association.server";
import { syncCatalogue } from "~/models/course.server";
import { enrol, withdraw } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import { loader as overviewLoader } from "~/routes/admin._index";
import { loader as associationsLoader } from "~/routes/admin.associations._index";
import * as editOffering from "~/routes/admin.offerings.$id._index";
import { loader as offeringsLoader } from "~/routes/admin.offerings._index";
import { loader as usersLoader } from "~/routes/admin.users._index";
import { db } from "~/utils/db.server";
import { cookieFor, getRequest, makeUser, postRequest, run } from "../helpers";

// Page truth: one fixture with people in every state, and each admin list must show exactly what it holds.
// The numbers below are counted by hand from the fixture, not recomputed with the code under test.
const DAY = 86_400_000;
let cookie = "";
const ids = {} as Record<string, number>;

function offering(periodLabel: string, capacity: number, status: "open" | "running" | "closed") {
  const r = saveOffering({
    courseId: "mini",
    periodLabel,
    enrolOpensAt: new Date(Date.now() - DAY),
    enrolClosesAt: new Date(Date.now() + DAY),
    startsAt: new Date(Date.now() - DAY),
    endsAt: new Date(Date.now() + 30 * DAY),
    capacity,
    languages: ["ar"],
    status: status === "closed" ? "running" : status,
    trainerIds: [],
  });
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

const disable = (id: number) => db.update(users).set({ disabled: true }).where(eq(users.id, id)).run();

beforeAll(async () => {
  syncCatalogue();
  expect(db.select({ n: count() }).from(users).get()!.n).toBe(0);
  const association = (name: string, regionCode: "TTA" | "FME" | "DOD", status: "active" | "inactive" | "pending") =>
    createAssociation({ name, regionCode, city: "—", foundingYear: null, focusAreas: [], contactEmail: null, status })!.id;
  ids.atlas = association("Atlas", "TTA", "active");
  ids.badr = association("Badr", "FME", "active");
  ids.chourouk = association("Chourouk", "FME", "inactive");
  ids.dakhla = association("Dakhla", "DOD", "pending");

  const admin = makeUser("admin", { displayName: "Admin One" });
  cookie = (await cookieFor(admin.id)).cookie;
  ids.trainer1 = makeUser("trainer", { displayName: "Trainer Atlas", associationId: ids.atlas }).id;
  ids.trainer2 = makeUser("trainer", { displayName: "Trainer Gone" }).id;
  disable(ids.trainer2);
  const learner = (name: string, associationId: number | null, extra: Partial<Parameters<typeof makeUser>[1]> = {}) =>
    makeUser("learner", { displayName: name, associationId, ...extra }).id;
  ids.l1 = learner("Learner Enrolled", ids.atlas);
  ids.l2 = learner("Learner Completed", ids.atlas);
  ids.l3 = learner("Learner Waiting", ids.atlas);
  ids.l4 = learner("Learner Withdrawn", ids.badr);
  ids.l5 = learner("Learner Second", ids.badr);
  ids.l6 = learner("Learner Disabled", ids.chourouk);
  ids.l7 = learner("Learner Invited", ids.badr, { passwordHash: null });
  ids.l8 = learner("Learner Closed", null);

  ids.o1 = offering("2070-Q1", 2, "running");
  ids.o2 = offering("2070-Q2", 5, "open");
  ids.o3 = offering("2070-Q3", 1, "running");
  ids.o4 = offering("2070-Q4", 3, "running");
  enrol(ids.o1, ids.l1);
  const completed = enrol(ids.o1, ids.l2).enrolment;
  db.update(enrolments).set({ completedAt: new Date() }).where(eq(enrolments.id, completed.id)).run();
  enrol(ids.o1, ids.l3); // full: waiting list
  ids.e4 = enrol(ids.o2, ids.l4).enrolment.id;
  withdraw(ids.e4);
  enrol(ids.o2, ids.l5);
  enrol(ids.o2, ids.l6);
  disable(ids.l6); // disabled after enrolling: still holds the seat until someone withdraws it
  enrol(ids.o4, ids.l8);
  const closed = await run(editOffering.action, postRequest(`/admin/offerings/${ids.o4}`, { intent: "close" }, { cookie }), { id: String(ids.o4) });
  expect(closed.status).toBe(200);
});

describe("admin pages show what the database holds", () => {
  it("users: total, role and association filters, and each person's state", async () => {
    const list = async (query = "") => (await run(usersLoader, getRequest(`/admin/users${query}`, { cookie }))).data;
    const all = await list();
    expect(all.total).toBe(11);
    expect(all.users).toHaveLength(11);
    expect((await list("?role=learner")).total).toBe(8);
    expect((await list("?role=trainer")).total).toBe(2);
    expect((await list("?role=admin")).total).toBe(1);
    const atlas = await list(`?association=${ids.atlas}`);
    expect(atlas.users.map((u: { displayName: string }) => u.displayName).sort()).toEqual([
      "Learner Completed",
      "Learner Enrolled",
      "Learner Waiting",
      "Trainer Atlas",
    ]);
    expect((await list(`?association=${ids.badr}&role=learner`)).total).toBe(3);
    expect((await list(`?association=${ids.dakhla}`)).total).toBe(0);
    expect((await list("?q=learner%20w")).users.map((u: { displayName: string }) => u.displayName).sort()).toEqual(["Learner Waiting", "Learner Withdrawn"]);
    const state = (name: string) => {
      const u = all.users.find((row: { displayName: string }) => row.displayName === name);
      return u.disabled ? "disabled" : u.hasPassword ? "active" : "invited";
    };
    expect([state("Learner Disabled"), state("Trainer Gone"), state("Learner Invited"), state("Learner Enrolled")]).toEqual([
      "disabled",
      "disabled",
      "invited",
      "active",
    ]);
    expect(all.users.find((u: { displayName: string }) => u.displayName === "Learner Enrolled").associationId).toBe(ids.atlas);
    // Only associations that are not inactive can be chosen for a person.
    expect(all.assignable.map((a: { name: string }) => a.name)).toEqual(["Atlas", "Badr", "Dakhla"]);
  });

  it("associations: members are the accounts attached that are not disabled (invited ones count)", async () => {
    const page = await run(associationsLoader, getRequest("/admin/associations", { cookie }));
    const members = Object.fromEntries(page.data.associations.map((a: { name: string; members: number }) => [a.name, a.members]));
    expect(members).toEqual({ Atlas: 4, Badr: 3, Chourouk: 0, Dakhla: 0 });
    const fme = await run(associationsLoader, getRequest("/admin/associations?region=FME", { cookie }));
    expect(fme.data.associations.map((a: { name: string }) => a.name)).toEqual(["Badr", "Chourouk"]);
  });

  it("offerings: enrolled, waitlisted and seats left per session", async () => {
    const page = await run(offeringsLoader, getRequest("/admin/offerings", { cookie }));
    const row = (id: number) => {
      const o = page.data.offerings.find((x: { id: number }) => x.id === id);
      return { period: o.period, status: o.status, enrolled: o.enrolled, waitlisted: o.waitlisted, capacity: o.capacity, seatsLeft: o.seatsLeft };
    };
    expect(row(ids.o1)).toEqual({ period: "2070-Q1", status: "running", enrolled: 2, waitlisted: 1, capacity: 2, seatsLeft: 0 });
    expect(row(ids.o2)).toEqual({ period: "2070-Q2", status: "open", enrolled: 2, waitlisted: 0, capacity: 5, seatsLeft: 3 });
    expect(row(ids.o3)).toEqual({ period: "2070-Q3", status: "running", enrolled: 0, waitlisted: 0, capacity: 1, seatsLeft: 1 });
    expect(row(ids.o4)).toEqual({ period: "2070-Q4", status: "closed", enrolled: 1, waitlisted: 0, capacity: 3, seatsLeft: 2 });
    const one = await run(editOffering.loader, getRequest(`/admin/offerings/${ids.o1}`, { cookie }), { id: String(ids.o1) });
    expect(one.data).toMatchObject({ enrolled: 2, waitlisted: 1, capacity: 2, seatsLeft: 0, period: "2070-Q1" });
    expect(one.data.roster.map((r: { name: string; status: string }) => [r.name, r.status])).toEqual([
      ["Learner Enrolled", "enrolled"],
      ["Learner Completed", "enrolled"],
      ["Learner Waiting", "waitlisted"],
    ]);
  });

  it("overview: people by role without disabled accounts, associations, regions, sessions and seats", async () => {
    const page = await run(overviewLoader, getRequest("/admin", { cookie }));
    expect(page.data.counts).toMatchObject({
      learners: 7,
      trainers: 1,
      admins: 1,
      disabled: 2,
      associations: 4,
      regions: 3,
      openOfferings: 3,
      enrolledNow: 4,
      waitlistedNow: 1,
    });
  });
});
