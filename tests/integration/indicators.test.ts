import "./journey-setup";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { IndicatorsView, PeopleView, type IndicatorsPageData, type PeoplePageData } from "~/components/indicators-view";
import { computeIndicators, indicatorPeople, parseIndicatorFilters, type IndicatorFilters } from "~/models/indicators.server";
import * as indicatorsPage from "~/routes/admin.indicators._index";
import * as peoplePage from "~/routes/admin.indicators.people";
import { i18nFor } from "~/utils/i18n.server";
import { sqlite } from "~/utils/db.server";
import { cookieFor, getRequest, makeUser, run } from "../helpers";
import { buildIndicatorsWorld } from "./indicators-fixture";

// Every number below is worked out by hand from the fixture (indicators-fixture.ts); the comments say who is counted.

let w: ReturnType<typeof buildIndicatorsWorld>;
let admin: string;
beforeAll(async () => {
  w = buildIndicatorsWorld();
  admin = (await cookieFor(makeUser("admin", { locale: "fr" }).id)).cookie;
});

function filters(query: string): IndicatorFilters {
  const r = parseIndicatorFilters(new URLSearchParams(query));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.filters;
}

function html(element: ReactElement, locale: string) {
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: i18nFor(locale) }, element));
}

const text = (fragment: string) =>
  fragment
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/[\s\u00a0\u202f]+/g, " ")
    .trim();

function between(source: string, start: string, end: string) {
  const i = source.indexOf(start);
  if (i < 0) throw new Error(`not found: ${start}`);
  return source.slice(i, source.indexOf(end, i) + end.length);
}

/** The text inside the element that carries this marker (an attribute). */
function inner(source: string, marker: string, end: string) {
  const fragment = between(source, marker, end);
  return text(fragment.slice(fragment.indexOf(">") + 1));
}
const attr = (key: string) => key.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The texts of a breakdown table's row: the group's label then each cell. */
function row(page: string, table: string, key: string) {
  const t = between(page, `data-testid="table-${table}"`, "</table>");
  const tr = between(t, `<tr data-key="${attr(key)}">`, "</tr>");
  return [...tr.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => text(m[1]));
}
const tile = (page: string, id: string) => inner(page, `data-testid="tile-${id}"`, "</li>");
const keysOf = (page: string, table: string) =>
  [...between(page, `data-testid="table-${table}"`, "</table>").matchAll(/<tr data-key="([^"]*)">/g)].map((m) => text(m[1]));

async function indicatorsHtml(query: string, locale = "fr") {
  const outcome = await run(indicatorsPage.loader, getRequest(`/admin/indicators?${query}`, { cookie: admin }));
  return { status: outcome.status, page: html(createElement(IndicatorsView, { data: outcome.data.page as IndicatorsPageData }), locale), data: outcome.data };
}

async function peopleHtml(query: string, locale = "fr") {
  const outcome = await run(peoplePage.loader, getRequest(`/admin/indicators/people?${query}`, { cookie: admin }));
  if (outcome.status !== 200) return { status: outcome.status, page: "" };
  return { status: outcome.status, page: html(createElement(PeopleView, { data: outcome.data.page as PeoplePageData }), locale) };
}
const names = (page: string) => [...between(page, 'data-testid="people-table"', "</table>").matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);

describe("the indicators of 2026-Q4, computed and shown", () => {
  it("shows the headline numbers, each person and association counted once", async () => {
    const { status, page } = await indicatorsHtml("period=2026-Q4");
    expect(status).toBe(200);
    expect(page).toContain("2026-Q4");
    // Reached: Jeunes de Tanger, Amal Agadir, Nour Casablanca (Hind has no association; Atlas only in Q3).
    expect(tile(page, "reached")).toBe("3 Associations touchées");
    // Trained: Jeunes de Tanger (Amina, Badr, Ilyas) and Amal Agadir (Chaima).
    expect(tile(page, "trained")).toBe("2 Associations formées");
    // Seats given in Q4: Amina, Badr, Chaima (two offerings, once), Driss (then withdrew), Fatima, Hind; Ghali only waitlisted.
    expect(tile(page, "enrolled")).toBe("6 Personnes inscrites");
    // Completed in Q4: Amina, Badr, Chaima, and Ilyas (enrolled in Q3, completed 2 October).
    expect(tile(page, "completed")).toBe("4 Personnes ayant terminé");
    // Valid certificates issued in Q4: Amina, Badr, Ilyas; Chaima's was revoked.
    expect(tile(page, "certified")).toBe("3 Personnes certifiées");
    // Of the 6 enrolled in Q4, Amina, Badr and Chaima completed.
    expect(tile(page, "cohortCompleted")).toBe("50 % Taux d’achèvement 3 des 6 personnes inscrites sur la période ont terminé");
    expect(tile(page, "issued")).toBe("4 Certificats délivrés");
    expect(tile(page, "revoked")).toBe("1 Certificats révoqués");
    // Pairs with the post-test in Q4: Amina 20→80, Badr 40→40, Ilyas 60→70.
    expect(tile(page, "gain")).toBe("+23,3 pts Progression des acquis 40 % avant → 63 % après ; 67 % ont progressé (3 apprenants)");
    // Surveys in Q4: Amina 5,5,4,5,5 and Chaima 3,4,2,3,4 (Badr's Q3 answer is outside the period).
    expect(tile(page, "satisfaction")).toBe("4/5 Satisfaction 70 % des réponses à 4 ou 5 (2 apprenants)");
  });

  it("breaks every number down by region (all twelve), association, course, quarter, sex and age band", async () => {
    const { page } = await indicatorsHtml("period=2026-Q4");
    expect(keysOf(page, "region")).toEqual(["TTA", "ORI", "FME", "RSK", "BMK", "CSE", "MSA", "DTA", "SMA", "GON", "LSH", "DOD"]);
    // region | enrolled | completed | completion | certified | associations | gain | satisfaction
    expect(row(page, "region", "TTA")).toEqual(["Tanger-Tétouan-Al Hoceïma", "2", "3", "100 %", "3", "1", "+23,3 pts", "4,8/5"]);
    expect(row(page, "region", "SMA")).toEqual(["Souss-Massa", "2", "1", "50 %", "0", "1", "—", "3,2/5"]);
    expect(row(page, "region", "CSE")).toEqual(["Casablanca-Settat", "1", "0", "0 %", "0", "1", "—", "—"]);
    // Hind has no association: her own region counts.
    expect(row(page, "region", "ORI")).toEqual(["L'Oriental", "1", "0", "0 %", "0", "0", "—", "—"]);
    expect(row(page, "region", "DOD")).toEqual(["Dakhla-Oued Ed-Dahab", "0", "0", "—", "0", "0", "—", "—"]);

    expect(row(page, "association", String(w.A1))).toEqual(["Jeunes de Tanger", "2", "3", "100 %", "3", "+23,3 pts", "4,8/5"]);
    expect(row(page, "association", String(w.A2))).toEqual(["Amal Agadir", "2", "1", "50 %", "0", "—", "3,2/5"]);
    expect(row(page, "association", "")).toEqual(["Sans association", "1", "0", "0 %", "0", "—", "—"]);
    expect(keysOf(page, "association")).not.toContain(String(w.A4));

    // Chaima is in both courses: once in each course, once in the total (4 + 3 = 7 > 6).
    // mini: Amina, Badr, Chaima, Driss enrolled (2 of them completed: Amina, Badr); Amina, Badr, Ilyas completed and certified.
    expect(row(page, "course", "mini")).toEqual(["Cours court", "4", "3", "50 %", "3", "+23,3 pts", "4,8/5"]);
    expect(row(page, "course", "ind-second")).toEqual(["Financement participatif (test)", "3", "1", "33 %", "0", "—", "3,2/5"]);
    expect(row(page, "quarter", "2026-Q4")).toEqual(["2026-Q4", "6", "4", "50 %", "3", "+23,3 pts", "4/5"]);

    // Fatima withdrew her consent and Driss never gave it: "not given", like Chaima's missing birth year.
    expect(row(page, "sex", "female")).toEqual(["Femmes", "3", "2", "67 %", "1", "+60 pts", "4/5"]);
    expect(row(page, "sex", "male")).toEqual(["Hommes", "1", "2", "100 %", "2", "+5 pts", "—"]);
    expect(row(page, "sex", "")).toEqual(["Non renseigné", "2", "0", "0 %", "0", "—", "—"]);
    // Ages at the end of 2026: Hind 16, Badr 18, Amina 26, Ilyas 31.
    expect(row(page, "age", "<18")).toEqual(["Moins de 18 ans", "1", "0", "0 %", "0", "—", "—"]);
    expect(row(page, "age", "18-24")).toEqual(["18–24 ans", "1", "1", "100 %", "1", "0 pts", "—"]);
    expect(row(page, "age", "25-34")).toEqual(["25–34 ans", "1", "2", "100 %", "2", "+35 pts", "4,8/5"]);
    expect(row(page, "age", "35+")).toEqual(["35 ans et plus", "0", "0", "—", "0", "—", "—"]);
    expect(row(page, "age", "")).toEqual(["Non renseigné", "3", "1", "33 %", "0", "—", "3,2/5"]);
  });

  it("shows learning gain and satisfaction per question", async () => {
    const { page } = await indicatorsHtml("period=2026-Q4");
    const gain = between(page, 'data-testid="table-gain"', "</table>");
    expect([...gain.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => text(m[1]))).toEqual(["3", "40 %", "63 %", "+23,3 pts", "67 %"]);
    expect(row(page, "satisfaction", "relevance")).toEqual(["Pertinente pour mon association", "4/5", "50 %"]);
    expect(row(page, "satisfaction", "clarity")).toEqual(["Leçons claires", "4,5/5", "100 %"]);
    expect(row(page, "satisfaction", "trainer")).toEqual(["Formateur utile", "3/5", "50 %"]);
    expect(row(page, "satisfaction", "usefulness")).toEqual(["Utile à mon association", "4/5", "50 %"]);
    expect(row(page, "satisfaction", "recommend")).toEqual(["Je la recommanderais", "4,5/5", "100 %"]);
  });

  it("draws the charts as images with a title, in Arabic too", async () => {
    const { page } = await indicatorsHtml("period=2026-Q4", "ar");
    expect(page.match(/<svg[^>]*role="img"/g)?.length).toBe(6);
    expect(page).toContain("الأشخاص المسجلون حسب الجهة");
    expect(page).toContain("طنجة");
    expect(page).toContain('<bdi dir="ltr">2026-Q4</bdi>');
    expect(tile(page, "enrolled")).toBe("6 الأشخاص المسجلون");
  });
});

describe("counted once across offerings", () => {
  it("counts Badr once in 2026 though he enrolled in both offerings of the course", async () => {
    const { page } = await indicatorsHtml("period=2026");
    // Amina, Badr, Chaima, Driss, Fatima, Hind (Q4) + Ilyas, Jamila (Q3); Badr in Q3 and Q4.
    expect(tile(page, "enrolled")).toBe("8 Personnes inscrites");
    expect(tile(page, "completed")).toBe("4 Personnes ayant terminé");
    // Badr holds two valid certificates: one person certified.
    expect(tile(page, "certified")).toBe("3 Personnes certifiées");
    expect(tile(page, "issued")).toBe("5 Certificats délivrés");
    expect(row(page, "course", "mini").slice(1, 3)).toEqual(["6", "3"]);
    expect(keysOf(page, "quarter")).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    expect(row(page, "quarter", "2026-Q3").slice(1, 3)).toEqual(["3", "1"]);
    expect(row(page, "quarter", "2026-Q1").slice(1, 3)).toEqual(["0", "0"]);
    const people = indicatorPeople(filters("period=2026"), "enrolled");
    expect(people.filter((p) => p.name === "Badr Tanger")).toHaveLength(1);
    expect(
      people
        .find((p) => p.name === "Badr Tanger")!
        .items.map((i) => i.periodLabel)
        .sort(),
    ).toEqual(["2026-Q3", "2026-Q4"]);
  });
});

describe("filters", () => {
  it("narrows to a region, a course, another period, an association, an offering", async () => {
    let page = (await indicatorsHtml("period=2026-Q4&region=TTA")).page;
    expect([tile(page, "enrolled"), tile(page, "completed"), tile(page, "certified"), tile(page, "reached")].map((s) => s.split(" ")[0])).toEqual([
      "2",
      "3",
      "3",
      "1",
    ]);
    page = (await indicatorsHtml("period=2026-Q4&course=ind-second")).page;
    expect(["enrolled", "completed", "certified", "issued", "revoked"].map((id) => tile(page, id).split(" ")[0])).toEqual(["3", "1", "0", "1", "1"]);
    page = (await indicatorsHtml("period=2026-Q3")).page;
    expect(["enrolled", "completed", "certified", "issued"].map((id) => tile(page, id).split(" ")[0])).toEqual(["3", "1", "1", "1"]);
    expect(computeIndicators(filters(`period=2026-Q4&association=${w.A2}`)).totals.enrolled).toBe(2);
    expect(computeIndicators(filters(`period=2026&offering=${w.O1}`)).totals.enrolled).toBe(3);
    // Custom dates, both days included: 5–10 October holds Amina (5th), Chaima (8th and 9th: once) and Driss (10th); Badr enrolled on the 3rd.
    expect(computeIndicators(filters("from=2026-10-05&to=2026-10-10")).totals.enrolled).toBe(3);
  });

  it("a coordinator's scope is one association; a partner's a set of offerings", () => {
    expect(computeIndicators(filters("period=2026-Q4"), { associationId: w.A1 }).totals.enrolled).toBe(2);
    // Asking for another association inside a coordinator's scope gives nobody, not the other association.
    expect(computeIndicators(filters(`period=2026-Q4&association=${w.A2}`), { associationId: w.A1 }).totals.enrolled).toBe(0);
    expect(computeIndicators(filters("period=2026-Q4"), { offeringIds: [w.O3] }).totals.enrolled).toBe(3);
  });
});

describe("the names behind the numbers", () => {
  it("lists the six people enrolled in 2026-Q4, Chaima once with her two offerings", async () => {
    const { status, page } = await peopleHtml("period=2026-Q4&metric=enrolled");
    expect(status).toBe(200);
    expect(inner(page, 'data-testid="people-count"', "</p>")).toBe("6 personnes");
    expect(names(page)).toEqual(["Amina Tanger", "Badr Tanger", "Chaima Agadir", "Driss Agadir", "Fatima Casablanca", "Hind Oujda"]);
    expect(page).toContain("Désinscrit·e");
  });

  it("lists the three people who completed in Tanger-Tétouan-Al Hoceïma, linked from the region table", async () => {
    const { page: indicators } = await indicatorsHtml("period=2026-Q4");
    const href = between(between(indicators, '<tr data-key="TTA">', "</tr>"), "<a href=", ">").match(/href="([^"]*)"/)![1];
    expect(href).toContain("metric=enrolled");
    const completedHref = href.replace("metric=enrolled", "metric=completed").replace(/&amp;/g, "&");
    const { page } = await peopleHtml(completedHref.split("?")[1]);
    expect(names(page)).toEqual(["Amina Tanger", "Badr Tanger", "Ilyas Tanger"]);
    expect(inner(page, 'data-testid="people-count"', "</p>")).toBe("3 personnes");
  });

  it("lists the revoked certificate's holder and the women with both tests", async () => {
    expect(names((await peopleHtml("period=2026-Q4&metric=revoked")).page)).toEqual(["Chaima Agadir"]);
    expect(names((await peopleHtml("period=2026-Q4&metric=gain&by=sex&key=female")).page)).toEqual(["Amina Tanger"]);
    expect(names((await peopleHtml("period=2026-Q4&metric=enrolled&by=sex&key=")).page)).toEqual(["Driss Agadir", "Fatima Casablanca"]);
  });
});

describe("a long name list", () => {
  it("says when only the first names are shown", () => {
    const person = { userId: 1, name: "Amina", association: null, region: null, items: [] };
    const data = {
      metric: "enrolled",
      selection: null,
      period: "2026",
      search: "period=2026",
      people: [person],
      total: 501,
      courseTitles: {},
      associationNames: {},
    } as const;
    const page = html(createElement(PeopleView, { data: { ...data, people: [...data.people] } }), "fr");
    expect(inner(page, 'data-testid="people-count"', "</p>")).toBe("501 personnes");
    expect(text(page)).toContain("Seuls les 1 premiers noms sont affichés ici");
  });
});

describe("bad input: a translated answer, never a 500", () => {
  it.each([
    ["from=2026-12-01&to=2026-10-01", "La date de fin précède la date de début."],
    ["period=2026-Q4&region=XX", "Cette région n’existe pas."],
    ["period=2026-Q4&region=__proto__", "Cette région n’existe pas."],
    ["period=2026-Q4&association=999999", "Cette association n’existe pas."],
    ["period=2026-Q4&association=constructor", "Cette association n’existe pas."],
    ["period=2026-Q5", "Cette période n’est pas reconnue"],
    ["from=2026-02-30&to=2026-03-01", "Saisissez une date au format AAAA-MM-JJ."],
    ["period=2026-Q4&course=nope", "Cette formation n’existe pas."],
  ])("%s → 400 with its message", async (query, message) => {
    const before = sqlite.prepare("SELECT total_changes()").pluck().get();
    const { status, page } = await indicatorsHtml(query);
    expect(status).toBe(400);
    expect(text(page)).toContain(message);
    expect(page).not.toContain('data-testid="tile-enrolled"');
    expect(sqlite.prepare("SELECT total_changes()").pluck().get()).toBe(before);
  });

  it("a period without data shows zeros and says so", async () => {
    const { status, page } = await indicatorsHtml("period=2019-Q1");
    expect(status).toBe(200);
    expect(tile(page, "enrolled")).toBe("0 Personnes inscrites");
    expect(text(page)).toContain("Aucune donnée pour cette période");
    expect(row(page, "region", "TTA").slice(1)).toEqual(["0", "0", "—", "0", "0", "—", "—"]);
  });

  it("an empty period means this quarter", async () => {
    const { status, data } = await indicatorsHtml("period=&region=");
    expect(status).toBe(200);
    expect(data.page.ok).toBe(true);
  });

  it.each([
    "metric=__proto__",
    "metric=enrolled&by=__proto__",
    "metric=enrolled&by=region&key=__proto__",
    "metric=enrolled&by=age&key=99",
    "metric=enrolled&by=quarter&key=x",
  ])("name list %s → 400", async (query) => {
    expect((await peopleHtml(`period=2026-Q4&${query}`)).status).toBe(400);
  });

  it("only admins see the indicators and their names", async () => {
    const learner = (await cookieFor(makeUser("learner").id)).cookie;
    const trainer = (await cookieFor(makeUser("trainer").id)).cookie;
    for (const loader of [indicatorsPage.loader, peoplePage.loader]) {
      expect((await run(loader, getRequest("/admin/indicators?metric=enrolled", { cookie: learner }))).status).toBe(403);
      expect((await run(loader, getRequest("/admin/indicators?metric=enrolled", { cookie: trainer }))).status).toBe(403);
      expect((await run(loader, getRequest("/admin/indicators?metric=enrolled"))).status).toBe(302);
    }
  });
});
