import "./journey-setup";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { enrolments } from "../../db/schema";
import { IndicatorsView, type IndicatorsPageData } from "~/components/indicators-view";
import { createAssociation } from "~/models/association.server";
import { syncCatalogue } from "~/models/course.server";
import { saveOffering } from "~/models/offering.server";
import * as indicatorsPage from "~/routes/admin.indicators._index";
import { db } from "~/utils/db.server";
import { i18nFor } from "~/utils/i18n.server";
import { cookieFor, getRequest, makeUser, run } from "../helpers";

// A year with 23 associations: the page lists the 20 with the most enrolments, says so, and links to all of them.
// Association k (1…23) has k members enrolled in 2026-Q2, so the order and the cut are known: 23 down to 4 are shown.

let admin: string;
const at = (month: number, day: number) => new Date(Date.UTC(2026, month - 1, day, 10));
beforeAll(async () => {
  syncCatalogue();
  const r = saveOffering({
    courseId: "mini",
    periodLabel: "2026-Q2",
    enrolOpensAt: at(3, 1),
    enrolClosesAt: at(5, 1),
    startsAt: at(4, 1),
    endsAt: at(6, 28),
    capacity: 400,
    languages: ["ar", "fr"],
    status: "running",
    trainerIds: [],
  });
  if (!r.ok) throw new Error(r.error);
  for (let k = 1; k <= 23; k++) {
    const a = createAssociation({
      name: `Association ${String(k).padStart(2, "0")}`,
      regionCode: "RSK",
      city: "Rabat",
      foundingYear: null,
      focusAreas: [],
      contactEmail: null,
      status: "active",
    })!;
    for (let m = 0; m < k; m++) {
      const userId = makeUser("learner", { associationId: a.id }).id;
      db.insert(enrolments)
        .values({ userId, offeringId: r.id, status: "enrolled", requestedAt: at(4, 2), enrolledAt: at(4, 2) })
        .run();
    }
  }
  admin = (await cookieFor(makeUser("admin").id)).cookie;
});

async function page(query: string, locale: string) {
  const outcome = await run(indicatorsPage.loader, getRequest(`/admin/indicators?${query}`, { cookie: admin }));
  expect(outcome.status).toBe(200);
  const data = outcome.data.page as IndicatorsPageData;
  const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n: i18nFor(locale) }, createElement(IndicatorsView, { data })));
  const table = html.slice(html.indexOf('data-testid="table-association"'), html.indexOf("</table>", html.indexOf('data-testid="table-association"')));
  const rows = [...table.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
  const note = /data-testid="associations-note">([\s\S]*?)<\/p>/.exec(html)?.[1].replace(/<[^>]+>/g, "") ?? null;
  const link = /data-testid="associations-note">[\s\S]*?href="([^"]*)"/.exec(html)?.[1].replace(/&amp;/g, "&") ?? null;
  return { data, rows, note, link, bytes: html.length };
}

describe("the associations on the indicators page", () => {
  it("lists the 20 with the most enrolments, says how many there are, and links to all (French)", async () => {
    const p = await page("period=2026", "fr");
    expect(p.rows).toHaveLength(20);
    expect(p.rows[0]).toBe("Association 23");
    expect(p.rows[19]).toBe("Association 04");
    expect(p.note).toBe("Les 20 associations qui comptent le plus d’inscrits, sur 23 associations. Afficher toutes les associations (23)");
    expect(p.link).toBe("?period=2026&all=associations#section-association");
    // The figures above the table still count everyone: 1 + 2 + … + 23 people in 23 associations.
    if (!p.data.ok) throw new Error("page");
    expect(p.data.indicators.totals.enrolled).toBe(276);
    expect(p.data.indicators.totals.associationsReached).toBe(23);
  });

  it("shows every association when asked, and the way back (Arabic)", async () => {
    const p = await page("period=2026&all=associations", "ar");
    expect(p.rows).toHaveLength(23);
    expect(p.rows[22]).toBe("Association 01");
    expect(p.note).toBe("تُعرض كل الجمعيات (23). عرض الأولى فقط (20)");
    expect(p.link).toBe("?period=2026#section-association");
    const top = await page("period=2026", "ar");
    expect(top.note).toBe("الجمعيات الأكثر تسجيلًا (20)، من أصل 23 جمعيةً. عرض كل الجمعيات (23)");
    expect(top.bytes).toBeLessThan(p.bytes);
  });

  it("a quarter with fewer associations than the limit lists them all, with no note", async () => {
    const p = await page("period=2026-Q1", "fr");
    expect(p.rows).toHaveLength(0);
    expect(p.note).toBeNull();
  });
});
