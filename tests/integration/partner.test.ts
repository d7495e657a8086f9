import "../fixtures/world-env";
import { beforeAll, describe, expect, it } from "vitest";
import { suppressColumn, suppressOne, suppressShare } from "~/models/small-counts";
import * as adminPartner from "~/routes/admin.partners.$id";
import * as adminPartners from "~/routes/admin.partners._index";
import * as adminUsers from "~/routes/admin.users._index";
import { getUserById } from "~/models/user.server";
import * as partnerPage from "~/routes/partner";
import * as verifyBatch from "~/routes/verify.batch";
import { partnerOfferingIds, partnerStaff } from "~/models/partner.server";
import { getRequest, makeUser, postRequest, replyErrors, run } from "../helpers";
import { reportsWorld } from "./reports-fixture";

type W = Awaited<ReturnType<typeof reportsWorld>>;
let w: W;
beforeAll(async () => {
  w = await reportsWorld();
});

const shown = (value: number) => ({ value, hidden: false });
const hidden = { value: null, hidden: true };

describe("small counts", () => {
  it("hides 1–4, keeps 0 and 5+", () => {
    expect([0, 1, 4, 5].map(suppressOne)).toEqual([shown(0), hidden, hidden, shown(5)]);
  });
  it("hides a second cell when one hidden cell could be worked out from the total", () => {
    // 6 + 3 + 0 = 9: hiding only the 3 would leave 9 − 6 − 0.
    expect(suppressColumn([6, 3, 0])).toEqual([hidden, hidden, shown(0)]);
    expect(suppressColumn([8, 3, 1, 0])).toEqual([shown(8), hidden, hidden, shown(0)]);
  });
  it("never leaves hidden cells that must all be 1 or all be 4", () => {
    expect(suppressColumn([7, 1, 1])).toEqual([hidden, hidden, hidden]);
    expect(suppressColumn([9, 4, 4, 12])).toEqual([hidden, hidden, hidden, shown(12)]);
    expect(suppressColumn([4, 4])).toEqual([hidden, hidden]);
  });
  it("a share needs a group of 5 and a numerator that is not small", () => {
    expect(suppressShare(6, 8)).toEqual(shown(0.75));
    expect(suppressShare(3, 8)).toEqual(hidden);
    expect(suppressShare(3, 3)).toEqual(hidden);
    expect(suppressShare(0, 0)).toBeNull();
  });
});

describe("the partner page", () => {
  const get = (query: string, cookie: string) => run(partnerPage.loader, getRequest(`/partner${query}`, { cookie }));

  it("shows the linked offering's aggregates only, a group of 3 as fewer than 5, with its complement hidden", async () => {
    const page = await get("?period=2026-Q4", w.cookies.partner1);
    expect(page.status).toBe(200);
    const v = page.data.view;
    // 8 Amal + 3 Atlas + 1 Nour in O1; the 5 Nour learners of P2's offering are not counted.
    expect(v.totals.enrolled).toEqual(shown(12));
    expect(v.totals.completed).toEqual(shown(9));
    expect(v.totals.certified).toEqual(shown(5));
    expect(v.totals.completionRate).toEqual(shown(0.75));
    // Amal and Atlas trained, Amal, Atlas and Nour reached: both under 5.
    expect(v.totals.associationsTrained).toEqual(hidden);
    expect(v.totals.associationsReached).toEqual(hidden);
    const region = (code: string) => v.breakdowns.region.find((r: { key: string }) => r.key === code);
    // Oriental: 3 completions → fewer than 5; Souss-Massa's 6 hidden too, or 9 − 6 would give the 3 back.
    expect(region("ORI").completed).toEqual(hidden);
    expect(region("SMA").completed).toEqual(hidden);
    expect(region("CSE").completed).toEqual(shown(0));
    // Enrolled: Oriental 3 and Casablanca-Settat 1 hidden; two hidden cells summing to 4 pin neither down.
    expect(region("SMA").enrolled).toEqual(shown(8));
    expect(region("ORI").enrolled).toEqual(hidden);
    expect(region("CSE").enrolled).toEqual(hidden);
    expect(region("SMA").completionRate).toEqual(hidden);
    expect(region("TTA").enrolled).toEqual(shown(0));
    // Certified: Souss-Massa 5, the only non-zero cell.
    expect(region("SMA").certified).toEqual(shown(5));
    // No names or association rows anywhere in what the page receives.
    const json = JSON.stringify(page.data);
    for (const l of w.learners) expect(json).not.toContain(l.name);
    expect(json).not.toContain("Atlas Oujda");
    expect(v.breakdowns.association).toBeUndefined();
    expect(page.data.offerings).toEqual([expect.objectContaining({ id: String(w.offerings.O1), period: "2026-Q4" })]);
  });

  it("a partner asking for another partner's offering or organisation gets 404; name lists stay the admin's", async () => {
    expect((await get(`?period=2026-Q4&offering=${w.offerings.O2}`, w.cookies.partner1)).status).toBe(404);
    expect((await get(`?period=2026-Q4&offering=99999`, w.cookies.partner1)).status).toBe(404);
    expect((await get(`?period=2026-Q4&partner=${w.partners.P2}`, w.cookies.partner1)).status).toBe(404);
    // Their own id in the address is fine; filters that are not theirs to use are ignored, never applied.
    const own = await get(`?period=2026-Q4&partner=${w.partners.P1}&association=${w.associations.nour}&region=__proto__`, w.cookies.partner1);
    expect(own.status).toBe(200);
    expect(own.data.view.totals.enrolled).toEqual(shown(12));
    // P2 sees its 5 learners, all completed.
    const other = await get("?period=2026-Q4", w.cookies.partner2);
    expect(other.data.view.totals.enrolled).toEqual(shown(5));
    expect(other.data.view.totals.completionRate).toEqual(shown(1));
  });

  it("a bad period is a translated 400 on the page; an empty period shows zeros, not an error", async () => {
    const bad = await get("?from=2026-12-31&to=2026-10-01", w.cookies.partner1);
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual(["reports.filterErrors.endBeforeStart"]);
    const empty = await get("?period=2025-Q1", w.cookies.partner1);
    expect(empty.status).toBe(200);
    expect(empty.data.view.empty).toBe(true);
    expect(empty.data.view.totals.enrolled).toEqual(shown(0));
  });

  it("learners get 403, visitors the login page; an admin previews a partner with ?partner=", async () => {
    expect((await get("", w.cookies.learner)).status).toBe(403);
    expect((await run(partnerPage.loader, getRequest("/partner"))).status).toBe(302);
    expect((await get("", w.cookies.admin)).status).toBe(404);
    const preview = await get(`?partner=${w.partners.P1}&period=2026-Q4`, w.cookies.admin);
    expect(preview.status).toBe(200);
    expect(preview.data.adminPreview).toBe(true);
    expect(preview.data.view.totals.enrolled).toEqual(shown(12));
  });

  it("partners may check certificate codes in bulk", async () => {
    expect((await run(verifyBatch.loader, getRequest("/verify/batch", { cookie: w.cookies.partner1 }))).status).toBe(200);
    expect((await run(verifyBatch.loader, getRequest("/verify/batch", { cookie: w.cookies.learner }))).status).toBe(403);
  });
});

describe("admin partner pages", () => {
  it("creates a partner, refuses a duplicate name in any letter case", async () => {
    const created = await run(adminPartners.action, postRequest("/admin/partners", { name: "Fondation Test" }, { cookie: w.cookies.admin }));
    expect(created.status).toBe(302);
    const again = await run(adminPartners.action, postRequest("/admin/partners", { name: "fondation test" }, { cookie: w.cookies.admin }));
    expect(again.status).toBe(400);
    expect(replyErrors(again).name).toEqual(["reports.partners.nameTaken"]);
    const list = await run(adminPartners.loader, getRequest("/admin/partners", { cookie: w.cookies.admin }));
    expect(list.data.partners.find((p: { name: string }) => p.name === "Fondation Digitale")).toMatchObject({ staff: 1, offerings: 1 });
    expect((await run(adminPartners.loader, getRequest("/admin/partners", { cookie: w.cookies.partner1 }))).status).toBe(403);
  });

  it("links offerings, attaches and detaches staff, never demotes a trainer; unknown ids are refused whole", async () => {
    const id = String(w.partners.P2);
    const post = (fields: Record<string, string> | [string, string][]) => {
      const body = new URLSearchParams(fields as Record<string, string>);
      return run(
        adminPartner.action,
        new Request(`http://localhost:3000/admin/partners/${id}`, {
          method: "POST",
          body,
          headers: { Cookie: w.cookies.admin, "Content-Type": "application/x-www-form-urlencoded" },
        }),
        { id },
      );
    };
    expect(
      (
        await post([
          ["intent", "offerings"],
          ["offeringIds", String(w.offerings.O2)],
          ["offeringIds", "999999"],
        ])
      ).status,
    ).toBe(404);
    expect(partnerOfferingIds(w.partners.P2)).toEqual([w.offerings.O2]);
    expect(
      (
        await post([
          ["intent", "offerings"],
          ["offeringIds", String(w.offerings.O1)],
          ["offeringIds", String(w.offerings.O2)],
        ])
      ).status,
    ).toBe(302);
    expect(partnerOfferingIds(w.partners.P2)).toEqual([w.offerings.O1, w.offerings.O2]);
    expect((await post({ intent: "offerings" })).status).toBe(302);
    expect(partnerOfferingIds(w.partners.P2)).toEqual([]);

    const trainer = makeUser("trainer");
    const refused = await post({ intent: "attach", email: trainer.email });
    expect(refused.status).toBe(409);
    expect(replyErrors(refused).email).toEqual(["reports.partners.attach.other-role"]);
    expect(replyErrors(await post({ intent: "attach", email: w.staff.staff1.email })).email).toEqual(["reports.partners.attach.other-partner"]);
    expect((await post({ intent: "attach", email: "nobody@example.test" })).status).toBe(404);
    const newcomer = makeUser("learner", { displayName: "Nouvelle" });
    expect((await post({ intent: "attach", email: newcomer.email.toUpperCase() })).status).toBe(302);
    expect(partnerStaff(w.partners.P2).map((s) => s.displayName)).toEqual(["Karim (autre)", "Nouvelle"]);
    expect((await post({ intent: "detach", userId: String(w.staff.staff1.id) })).status).toBe(404);
    expect((await post({ intent: "detach", userId: String(newcomer.id) })).status).toBe(302);
    expect(partnerStaff(w.partners.P2).map((s) => s.displayName)).toEqual(["Karim (autre)"]);
    expect((await post({ intent: "nope" })).status).toBe(400);
    // Restore P2's link for the other tests of this file.
    await post([
      ["intent", "offerings"],
      ["offeringIds", String(w.offerings.O2)],
    ]);
  });
});

describe("the users page and the partner role", () => {
  it("never turns an account into a partner without an organisation: the role is not offered, and a forged request gets 409", async () => {
    const learner = makeUser("learner", { displayName: "Sans organisation" });
    const forged = await run(
      adminUsers.action,
      postRequest("/admin/users", { intent: "role", userId: String(learner.id), role: "partner" }, { cookie: w.cookies.admin }),
    );
    expect(forged.status).toBe(409);
    expect(replyErrors(forged)[""]).toEqual(["reports.partners.useThePartnersPage"]);
    expect(getUserById(learner.id)?.role).toBe("learner");
    // A partner's own staff account can still be moved back to learner there.
    const back = await run(
      adminUsers.action,
      postRequest("/admin/users", { intent: "role", userId: String(w.staff.staff1.id), role: "partner" }, { cookie: w.cookies.admin }),
    );
    expect(back.status).toBe(200);
  });
});
