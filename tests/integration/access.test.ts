import { describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import * as account from "~/routes/account";
import * as adminLayout from "~/routes/admin";
import * as adminHome from "~/routes/admin._index";
import * as associationEdit from "~/routes/admin.associations.$id";
import * as associations from "~/routes/admin.associations._index";
import * as associationNew from "~/routes/admin.associations.new";
import * as outboxEmail from "~/routes/admin.outbox.$id";
import * as outbox from "~/routes/admin.outbox._index";
import * as users from "~/routes/admin.users._index";
import * as invite from "~/routes/admin.users.new";
import * as trainer from "~/routes/trainer._index";
import { cookieFor, getRequest, makeUser, postRequest, run } from "../helpers";

type Guarded = { name: string; path: string; params?: Record<string, string>; module: { loader?: any; action?: any }; allowed: Role[] };

const guarded: Guarded[] = [
  { name: "account", path: "/account", module: account, allowed: ["learner", "trainer", "admin"] },
  { name: "trainer dashboard", path: "/trainer", module: trainer, allowed: ["trainer", "admin"] },
  { name: "admin layout", path: "/admin", module: adminLayout, allowed: ["admin"] },
  { name: "admin overview", path: "/admin", module: adminHome, allowed: ["admin"] },
  { name: "admin users", path: "/admin/users", module: users, allowed: ["admin"] },
  { name: "admin invite", path: "/admin/users/new", module: invite, allowed: ["admin"] },
  { name: "admin associations", path: "/admin/associations", module: associations, allowed: ["admin"] },
  { name: "admin new association", path: "/admin/associations/new", module: associationNew, allowed: ["admin"] },
  { name: "admin edit association", path: "/admin/associations/1", params: { id: "1" }, module: associationEdit, allowed: ["admin"] },
  { name: "admin outbox", path: "/admin/outbox", module: outbox, allowed: ["admin"] },
  { name: "admin outbox email", path: "/admin/outbox/1", params: { id: "1" }, module: outboxEmail, allowed: ["admin"] },
];

describe("every guarded route checks the role", () => {
  for (const route of guarded) {
    for (const kind of ["loader", "action"] as const) {
      const fn = route.module[kind];
      if (!fn) continue;
      const request = (cookie?: string) => (kind === "loader" ? getRequest(route.path, { cookie }) : postRequest(route.path, {}, { cookie }));

      it(`${route.name} ${kind}: anonymous visitors are sent to log in`, async () => {
        const outcome = await run(fn, request());
        expect(outcome.status).toBe(302);
        expect(outcome.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
      });

      for (const role of ["learner", "trainer", "admin"] as Role[]) {
        const allowed = route.allowed.includes(role);
        it(`${route.name} ${kind}: a ${role} is ${allowed ? "let in" : "refused with 403"}`, async () => {
          const { cookie } = await cookieFor(makeUser(role).id);
          const outcome = await run(fn, request(cookie), route.params);
          if (allowed) {
            // Past the guard: anything but a redirect to login or a 403 (an empty form may be a 400, an unknown id a 404).
            expect(outcome.status).not.toBe(403);
            expect(outcome.headers.get("Location") ?? "").not.toMatch(/^\/login/);
          } else {
            expect(outcome.status).toBe(403);
          }
        });
      }
    }
  }
});
