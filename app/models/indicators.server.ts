import type { Statement } from "better-sqlite3";
import { z } from "zod";
import { REGION_CODES, type LocalizedText, type RegionCode } from "../../db/schema";
import {
  AGE_BANDS,
  BREAKDOWNS,
  PEOPLE_METRICS,
  LIKERT_QUESTIONS,
  NOT_GIVEN,
  PAGE_ASSOCIATIONS,
  SEXES,
  type Breakdown,
  type BreakdownRow,
  type Counts,
  type FilterError,
  type FilterResult,
  type Gain,
  type IndicatorFilters,
  type Indicators,
  type IndicatorScope,
  type Period,
  type PeopleMetric,
  type PeopleSelection,
  type PersonRow,
  type Satisfaction,
} from "./indicators";

export * from "./indicators";
import { sqlite } from "~/utils/db.server";
import { shared } from "~/utils/kept.server";
import { getPartner, partnerOfferingIds as linkedOfferingIds } from "./partner.server";

/**
 * The programme's results for funders (docs/indicators.md says what each number means and where the definitions come
 * from). Everything here is a read: grouped SQL over enrolments, certificates, assessment attempts and survey
 * responses, one statement per family of numbers, each returning the totals and every breakdown at once.
 */

const DAY = 86_400_000;
const quarterRe = /^(\d{4})-Q([1-4])$/;
const yearRe = /^(\d{4})$/;
const dateRe = /^(\d{4})-(\d{2})-(\d{2})$/;

export function quarterOf(ms: number) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

export function quarterPeriod(label: string): Period | null {
  const m = quarterRe.exec(label);
  if (!m) return null;
  const y = Number(m[1]);
  const q = Number(m[2]) - 1;
  return { kind: "quarter", label, from: Date.UTC(y, q * 3, 1), to: Date.UTC(y, q * 3 + 3, 1) };
}

function yearPeriod(label: string): Period | null {
  const m = yearRe.exec(label);
  if (!m) return null;
  const y = Number(m[1]);
  return { kind: "year", label, from: Date.UTC(y, 0, 1), to: Date.UTC(y + 1, 0, 1) };
}

function parseDay(value: string): number | null {
  const m = dateRe.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

/** The quarters a period covers, oldest first (a custom period: every quarter it touches). */
export function quartersIn(period: Pick<Period, "from" | "to">) {
  const out: string[] = [];
  const start = new Date(period.from);
  let y = start.getUTCFullYear();
  let q = Math.floor(start.getUTCMonth() / 3);
  while (Date.UTC(y, q * 3, 1) < period.to && out.length < 200) {
    out.push(`${y}-Q${q + 1}`);
    q += 1;
    if (q === 4) [y, q] = [y + 1, 0];
  }
  return out;
}

const text = (max: number) => z.string().trim().max(max).optional();
const filterSchema = z.object({
  period: text(20),
  from: text(20),
  to: text(20),
  course: text(100),
  offering: text(12),
  region: text(10),
  association: text(12),
  partner: text(12),
});

const idRe = /^\d{1,9}$/;

/**
 * Reads the page's query string. No period means the current quarter; `from`/`to` (YYYY-MM-DD, both days included)
 * make a custom period. A name that does not exist is an error the page shows, never an empty result that looks true.
 */
export function parseIndicatorFilters(searchParams: URLSearchParams, now = new Date()): FilterResult {
  const raw: Record<string, string | undefined> = Object.create(null);
  for (const key of Object.keys(filterSchema.shape)) {
    const value = searchParams.get(key);
    raw[key] = value === null || value.trim() === "" ? undefined : value;
  }
  const errors: { field: string; error: FilterError }[] = [];
  const parsed = filterSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push({ field: String(issue.path[0] ?? "period"), error: "badPeriod" });
    return { ok: false, errors };
  }
  const input = parsed.data;

  let period: Period | null = null;
  if (input.from !== undefined || input.to !== undefined || input.period === "custom") {
    const from = input.from === undefined ? null : parseDay(input.from);
    const to = input.to === undefined ? null : parseDay(input.to);
    if (from === null) errors.push({ field: "from", error: "badDate" });
    if (to === null) errors.push({ field: "to", error: "badDate" });
    if (from !== null && to !== null) {
      if (to < from) errors.push({ field: "to", error: "endBeforeStart" });
      else period = { kind: "custom", label: `${input.from}/${input.to}`, from, to: to + DAY };
    }
  } else if (input.period === undefined) {
    period = quarterPeriod(quarterOf(now.getTime()));
  } else {
    period = quarterPeriod(input.period) ?? yearPeriod(input.period);
    if (!period) errors.push({ field: "period", error: "badPeriod" });
  }
  if (
    period &&
    (new Date(period.from).getUTCFullYear() < 2000 || new Date(period.to - 1).getUTCFullYear() > 2100 || quartersIn(period).length > MAX_QUARTERS)
  ) {
    errors.push({ field: "period", error: "badPeriod" });
  }

  let region: RegionCode | null = null;
  if (input.region !== undefined) {
    const known = (REGION_CODES as readonly string[]).includes(input.region);
    if (known) region = input.region as RegionCode;
    else errors.push({ field: "region", error: "unknownRegion" });
  }
  const idOf = (field: "association" | "offering" | "partner", error: FilterError, exists: (id: number) => boolean) => {
    const value = input[field];
    if (value === undefined) return null;
    if (idRe.test(value) && exists(Number(value))) return Number(value);
    errors.push({ field, error });
    return null;
  };
  const associationId = idOf("association", "unknownAssociation", (id) => Boolean(statements().associationExists.get(id)));
  const offeringId = idOf("offering", "unknownOffering", (id) => Boolean(statements().offeringExists.get(id)));
  const partnerId = idOf("partner", "unknownPartner", (id) => partnerOfferingIds(id) !== null);
  let courseId: string | null = null;
  if (input.course !== undefined) {
    if (statements().courseExists.get(input.course)) courseId = input.course;
    else errors.push({ field: "course", error: "unknownCourse" });
  }

  if (errors.length || !period) return { ok: false, errors: errors.length ? errors : [{ field: "period", error: "badPeriod" }] };
  return { ok: true, filters: { period, courseId, offeringId, region, associationId, partnerId } };
}

/** The offerings a partner is linked to, or null when there is no such partner. */
export function partnerOfferingIds(partnerId: number): number[] | null {
  return getPartner(partnerId) ? linkedOfferingIds(partnerId) : null;
}

/** The query string that reproduces these filters (for links to name lists, exports, the printable report). */
export function filtersToSearch(filters: IndicatorFilters, extra: Record<string, string> = {}) {
  const p = new URLSearchParams();
  if (filters.period.kind === "custom") {
    const [from, to] = filters.period.label.split("/");
    p.set("from", from);
    p.set("to", to);
  } else p.set("period", filters.period.label);
  if (filters.courseId) p.set("course", filters.courseId);
  if (filters.offeringId) p.set("offering", String(filters.offeringId));
  if (filters.region) p.set("region", filters.region);
  if (filters.associationId) p.set("association", String(filters.associationId));
  if (filters.partnerId) p.set("partner", String(filters.partnerId));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
}

// ---------------------------------------------------------------------------------------------------------------
// SQL

const quarterSql = (ms: string) =>
  `(strftime('%Y', ${ms} / 1000, 'unixepoch') || '-Q' || ((CAST(strftime('%m', ${ms} / 1000, 'unixepoch') AS INTEGER) + 2) / 3))`;

/** The person's attributes every breakdown uses; `u` is the user, `a` their association. */
const personColumns = `
  COALESCE(a.region_code, u.region_code, '') AS region,
  COALESCE(u.association_id, 0) AS assoc,
  CASE WHEN u.profile_consent_at IS NOT NULL AND u.sex IN ('female', 'male') THEN u.sex ELSE '' END AS sex,
  CASE WHEN u.profile_consent_at IS NULL OR u.birth_year IS NULL THEN ''
       WHEN @endYear - u.birth_year < 18 THEN '<18'
       WHEN @endYear - u.birth_year < 25 THEN '18-24'
       WHEN @endYear - u.birth_year < 35 THEN '25-34'
       ELSE '35+' END AS age`;

/** Filters shared by every family; `e` is the enrolment, `o` its offering. */
const filterSql = `
  AND (@course IS NULL OR o.course_id = @course)
  AND (@offering IS NULL OR o.id = @offering)
  AND (@scopeOfferings IS NULL OR o.id IN (SELECT value FROM json_each(@scopeOfferings)))
  AND (@association IS NULL OR u.association_id = @association)
  AND (@region IS NULL OR COALESCE(a.region_code, u.region_code) = @region)`;

/** The offering filters through an offering id, for facts scanned without joining their offering. */
const offeringFilterSql = (offeringId: string) => `
  AND (@course IS NULL OR ${offeringId} IN (SELECT id FROM offerings WHERE course_id = @course))
  AND (@offering IS NULL OR ${offeringId} = @offering)
  AND (@scopeOfferings IS NULL OR ${offeringId} IN (SELECT value FROM json_each(@scopeOfferings)))`;

/** The person filters through a person id, for facts scanned without joining the person. */
const personFilterSql = (uid: string) => `
  AND (@association IS NULL OR ${uid} IN (SELECT id FROM users WHERE association_id = @association))
  AND (@region IS NULL OR ${uid} IN (
    SELECT ru.id FROM users ru LEFT JOIN associations ra ON ra.id = ru.association_id WHERE COALESCE(ra.region_code, ru.region_code) = @region))`;

/** A person's attributes joined once per person, after their facts are folded to one row. */
const personJoin = (from: string) => `${from} JOIN users u ON u.id = uid LEFT JOIN associations a ON a.id = u.association_id`;

/** Longest custom period: its quarters are spelt out in the statements (one CASE branch each). */
export const MAX_QUARTERS = 40;

/**
 * The index (0…n-1) of the period's quarter a date falls in: a CASE over the quarters' first instants, bound as @qb1…,
 * far cheaper than formatting a date on every row. Only rows inside the period are ever grouped by it.
 */
const quarterIndex = (ms: string, n: number) =>
  n <= 1 ? "0" : `CASE ${Array.from({ length: n - 1 }, (_, i) => `WHEN ${ms} < @qb${i + 1} THEN ${i}`).join(" ")} ELSE ${n - 1} END`;

type GroupRow = (string | number | null)[];

/**
 * The enrolments in the period, one row per person: their attributes and, per enrolment, one integer packing its
 * offering, the index of the quarter it was enrolled and completed in, and whether it was enrolled in the period (1),
 * completed in it (2) and completed at all (4). Folding these in JS (enrolmentGroups) replaces a sort of every enrolment
 * per breakdown; the offering filters go through the offering id so that the scan needs no join.
 */
const enrolmentSql = (n: number, some: boolean) => `
SELECT uid, ${personColumns}, codes
FROM ${personJoin(`(
  SELECT e.user_id AS uid, group_concat(((e.offering_id * 64 + ${quarterIndex("e.enrolled_at", n)}) * 64 + ${quarterIndex("e.completed_at", n)}) * 8
    + coalesce(e.enrolled_at >= @from AND e.enrolled_at < @to, 0) + 2 * coalesce(e.completed_at >= @from AND e.completed_at < @to, 0)
    + 4 * (e.completed_at IS NOT NULL)) AS codes
  FROM enrolments e
  WHERE ((e.enrolled_at >= @from AND e.enrolled_at < @to) OR (e.completed_at >= @from AND e.completed_at < @to))
    ${offeringFilterSql("e.offering_id")} ${personFilterSql("e.user_id")} ${some ? "AND e.user_id IN (SELECT value FROM json_each(@people))" : ""}
  GROUP BY e.user_id)`)}`;

/**
 * Unique people, counted once per group: every person (one row of enrolmentSql) adds 1 to each group they are in —
 * their region, association, sex, age band, each course and each quarter they were enrolled or completed in. Returns
 * the rows the grouped SQL used to return: [dim, key, enrolled, completed, cohortCompleted, reached, trained].
 */
function enrolmentGroups(people: Iterable<GroupRow>, courseOf: Map<number, string>): GroupRow[] {
  type Acc = { enr: number; cmp: number; coh: number; reached: Set<number>; trained: Set<number> };
  const acc = () => ({ enr: 0, cmp: 0, coh: 0, reached: new Set<number>(), trained: new Set<number>() });
  const total = acc();
  const byDim = new Map<string, Map<string | number, Acc>>(["region", "association", "sex", "age"].map((d) => [d, new Map()]));
  const add = (group: Acc, enr: number, cmp: number, coh: number, assoc: number) => {
    group.enr += enr;
    group.cmp += cmp;
    group.coh += coh;
    if (assoc > 0 && enr) group.reached.add(assoc);
    if (assoc > 0 && cmp) group.trained.add(assoc);
  };
  const groupIn = (dim: string, key: string | number | null) => {
    const groups = byDim.get(dim)!;
    let group = groups.get(key ?? "");
    if (!group) groups.set(key ?? "", (group = acc()));
    return group;
  };
  const courses = new Map<string, { enr: number; cmp: number; coh: number }>();
  const quarterEnrolled = new Map<number, { n: number; coh: number; assocs: Set<number> }>();
  const quarterCompleted = new Map<number, { n: number; assocs: Set<number> }>();
  const personCourses = new Map<string, number>();
  const personEq = new Map<number, number>();
  const personCq = new Set<number>();
  for (const [, region, assocValue, sex, age, codes] of people) {
    const assoc = Number(assocValue);
    let enr = 0;
    let cmp = 0;
    let coh = 0;
    personCourses.clear();
    personEq.clear();
    personCq.clear();
    // The codes are parsed by hand: 300k short strings through split() and Number() cost more than the query.
    const list = String(codes ?? "");
    let value = 0;
    for (let i = 0; i <= list.length; i++) {
      const ch = i < list.length ? list.charCodeAt(i) : 44;
      if (ch !== 44) {
        value = value * 10 + ch - 48;
        continue;
      }
      let code = value;
      value = 0;
      const flags = code % 8;
      code = (code - flags) / 8;
      const cq = code % 64;
      code = (code - cq) / 64;
      const eq = code % 64;
      const offering = (code - eq) / 64;
      const e = flags & 1;
      const c = (flags >> 1) & 1;
      const h = e & (flags >> 2);
      enr |= e;
      cmp |= c;
      coh |= h;
      const course = courseOf.get(offering) ?? "";
      personCourses.set(course, (personCourses.get(course) ?? 0) | e | (c << 1) | (h << 2));
      if (e) personEq.set(eq, Math.max(personEq.get(eq) ?? 0, 1 + h));
      if (c) personCq.add(cq);
    }
    add(total, enr, cmp, coh, assoc);
    add(groupIn("region", region), enr, cmp, coh, assoc);
    add(groupIn("association", assoc), enr, cmp, coh, assoc);
    add(groupIn("sex", sex), enr, cmp, coh, assoc);
    add(groupIn("age", age), enr, cmp, coh, assoc);
    for (const [course, bits] of personCourses) {
      let group = courses.get(course);
      if (!group) courses.set(course, (group = { enr: 0, cmp: 0, coh: 0 }));
      group.enr += bits & 1;
      group.cmp += (bits >> 1) & 1;
      group.coh += (bits >> 2) & 1;
    }
    for (const [q, value] of personEq) {
      let group = quarterEnrolled.get(q);
      if (!group) quarterEnrolled.set(q, (group = { n: 0, coh: 0, assocs: new Set() }));
      group.n += 1;
      group.coh += value - 1;
      if (assoc > 0) group.assocs.add(assoc);
    }
    for (const q of personCq) {
      let group = quarterCompleted.get(q);
      if (!group) quarterCompleted.set(q, (group = { n: 0, assocs: new Set() }));
      group.n += 1;
      if (assoc > 0) group.assocs.add(assoc);
    }
  }
  const rows: GroupRow[] = [["total", "", total.enr, total.cmp, total.coh, total.reached.size, total.trained.size]];
  for (const [dim, groups] of byDim) for (const [key, g] of groups) rows.push([dim, key, g.enr, g.cmp, g.coh, g.reached.size, g.trained.size]);
  for (const [course, g] of courses) rows.push(["course", course, g.enr, g.cmp, g.coh, 0, 0]);
  for (const [q, g] of quarterEnrolled) rows.push(["quarter-enrolled", q, g.n, 0, g.coh, g.assocs.size, 0]);
  for (const [q, g] of quarterCompleted) rows.push(["quarter-completed", q, 0, g.n, 0, 0, g.assocs.size]);
  return rows;
}

/**
 * The certificates issued or revoked in the period, one row per person like enrolmentSql: per certificate, its course
 * (in `courses`, same order) and one integer packing the quarter index it was issued and revoked in and whether it was
 * issued in the period (1), revoked in it (2), and issued in it and still valid (4).
 */
const certificateSql = (n: number, some: boolean) => `
SELECT uid, ${personColumns}, codes, courses
FROM ${personJoin(`(
  SELECT c.user_id AS uid,
    group_concat((${quarterIndex("c.issued_at", n)} * 64 + ${quarterIndex("c.revoked_at", n)}) * 8
      + (c.issued_at >= @from AND c.issued_at < @to) + 2 * coalesce(c.revoked_at >= @from AND c.revoked_at < @to, 0)
      + 4 * (c.issued_at >= @from AND c.issued_at < @to AND c.revoked_at IS NULL)) AS codes,
    group_concat(c.course_id, char(31)) AS courses
  FROM certificates c
  WHERE ((c.issued_at >= @from AND c.issued_at < @to) OR (c.revoked_at >= @from AND c.revoked_at < @to))
    ${offeringFilterSql("c.offering_id")} ${personFilterSql("c.user_id")} ${some ? "AND c.user_id IN (SELECT value FROM json_each(@people))" : ""}
  GROUP BY c.user_id)`)}`;

/**
 * Certificates per group: people with a valid certificate issued in the period (counted once), certificates issued and
 * revoked. Returns [dim, key, certified, issued, revoked].
 */
function certificateGroups(people: Iterable<GroupRow>): GroupRow[] {
  const groups = new Map<string, Map<string | number, [number, number, number]>>();
  const groupIn = (dim: string, key: string | number | null) => {
    let byKey = groups.get(dim);
    if (!byKey) groups.set(dim, (byKey = new Map()));
    let group = byKey.get(key ?? "");
    if (!group) byKey.set(key ?? "", (group = [0, 0, 0]));
    return group;
  };
  const personCourses = new Map<string, [number, number, number]>();
  const personIssued = new Map<number, [number, number]>();
  for (const [, region, assoc, sex, age, codes, courseList] of people) {
    const courses = String(courseList ?? "").split("\u001f");
    let valid = 0;
    let issued = 0;
    let revoked = 0;
    personCourses.clear();
    personIssued.clear();
    String(codes ?? "")
      .split(",")
      .forEach((text, i) => {
        let code = Number(text);
        const flags = code % 8;
        code = (code - flags) / 8;
        const rq = code % 64;
        const iq = (code - rq) / 64;
        const iss = flags & 1;
        const rev = (flags >> 1) & 1;
        const val = (flags >> 2) & 1;
        valid |= val;
        issued += iss;
        revoked += rev;
        const course = courses[i] ?? "";
        const c = personCourses.get(course) ?? [0, 0, 0];
        personCourses.set(course, [c[0] | val, c[1] + iss, c[2] + rev]);
        if (iss) {
          const q = personIssued.get(iq) ?? [0, 0];
          personIssued.set(iq, [q[0] | val, q[1] + 1]);
        }
        if (rev) groupIn("quarter-revoked", rq)[2] += 1;
      });
    for (const group of [groupIn("total", ""), groupIn("region", region), groupIn("association", assoc), groupIn("sex", sex), groupIn("age", age)]) {
      group[0] += valid;
      group[1] += issued;
      group[2] += revoked;
    }
    for (const [course, [val, iss, rev]] of personCourses) {
      const group = groupIn("course", course);
      group[0] += val;
      group[1] += iss;
      group[2] += rev;
    }
    for (const [q, [val, count]] of personIssued) {
      const group = groupIn("quarter-issued", q);
      group[0] += val;
      group[1] += count;
    }
  }
  groupIn("total", "");
  const rows: GroupRow[] = [];
  for (const [dim, byKey] of groups) for (const [key, g] of byKey) rows.push([dim, key, ...g]);
  return rows;
}

/**
 * Scores as percentages of the maximum; a pair is one enrolment with both tests, dated by its post-test (at most one of
 * each per enrolment): the post-tests of the period through (kind, created_at), each one's pre-test through its key.
 */
const gainSql = (n: number, some: boolean) => `
WITH pairs AS (
  SELECT t.enrolment_id, 100.0 * b.score / b.max_score AS pre, 100.0 * t.score / t.max_score AS post, t.created_at AS post_at
  FROM assessment_attempts t
  JOIN assessment_attempts b ON b.enrolment_id = t.enrolment_id AND b.kind = 'pre'
  WHERE t.kind = 'post' AND t.created_at >= @from AND t.created_at < @to AND t.max_score > 0 AND b.max_score > 0
    ${some ? "AND t.enrolment_id IN (SELECT id FROM enrolments WHERE user_id IN (SELECT value FROM json_each(@people)))" : ""}
)
SELECT e.user_id AS uid, o.course_id AS course, ${personColumns}, ${quarterIndex("p.post_at", n)} AS q, p.pre, p.post
FROM pairs p
JOIN enrolments e ON e.id = p.enrolment_id
JOIN offerings o ON o.id = e.offering_id
JOIN users u ON u.id = e.user_id
LEFT JOIN associations a ON a.id = u.association_id
WHERE 1 ${filterSql}`;

/** One row per answer: its person and course, the person's attributes, its quarter and the five Likert answers. */
const satisfactionSql = (n: number, some: boolean) => `
SELECT e.user_id AS uid, o.course_id AS course, ${personColumns}, ${quarterIndex("s.created_at", n)} AS q, ${LIKERT_QUESTIONS.map((q) => `s.${q}`).join(", ")}
FROM survey_responses s
JOIN enrolments e ON e.id = s.enrolment_id
JOIN offerings o ON o.id = e.offering_id
JOIN users u ON u.id = e.user_id
LEFT JOIN associations a ON a.id = u.association_id
WHERE s.created_at >= @from AND s.created_at < @to ${filterSql}
  ${some ? "AND s.enrolment_id IN (SELECT id FROM enrolments WHERE user_id IN (SELECT value FROM json_each(@people)))" : ""}`;

/**
 * SQLite's avg(), step for step (Kahan-Babuska-Neumaier over REAL values, exact over integers), so that means
 * computed here are the very numbers the grouped SQL gave.
 */
class Mean {
  private sum = 0;
  private err = 0;
  add(value: number, real: boolean) {
    if (!real) {
      this.sum += value;
      return;
    }
    const t = this.sum + value;
    if (Math.abs(this.sum) > Math.abs(value)) this.err += this.sum - t + value;
    else this.err += value - t + this.sum;
    this.sum = t;
  }
  of(n: number) {
    return n ? (Number.isFinite(this.err) ? this.sum + this.err : this.sum) / n : null;
  }
}

/**
 * Per-answer aggregates (no people to de-duplicate) over the rows of gainSql or satisfactionSql, one pass for every
 * breakdown: [dim, key, count, mean of each value…]. `values` turns a row's tail into the averaged values.
 */
function answerGroups(rows: Iterable<GroupRow>, width: number, values: (tail: number[], out: number[]) => void, real: boolean[]): GroupRow[] {
  const groups = new Map<string, Map<string | number, { n: number; means: Mean[] }>>();
  const out = new Array<number>(width);
  const groupIn = (dim: string, key: string | number) => {
    let byKey = groups.get(dim);
    if (!byKey) groups.set(dim, (byKey = new Map()));
    let group = byKey.get(key);
    if (!group) byKey.set(key, (group = { n: 0, means: Array.from({ length: width }, () => new Mean()) }));
    return group;
  };
  const total = groupIn("total", "");
  for (const row of rows) {
    const [, course, region, assoc, sex, age, q, ...tail] = row as [number, string, string, number, string, string, number, ...number[]];
    values(tail, out);
    for (const group of [
      total,
      groupIn("region", region),
      groupIn("association", assoc),
      groupIn("sex", sex),
      groupIn("age", age),
      groupIn("course", course),
      groupIn("quarter", q),
    ]) {
      group.n += 1;
      for (let i = 0; i < width; i++) group.means[i]!.add(out[i]!, real[i]!);
    }
  }
  const result: GroupRow[] = [];
  for (const [dim, byKey] of groups) for (const [key, g] of byKey) result.push([dim, key, g.n, ...g.means.map((m) => m.of(g.n))]);
  return result;
}

const gainValues = (tail: number[], out: number[]) => {
  const [pre, post] = tail as [number, number];
  out[0] = pre;
  out[1] = post;
  out[2] = post - pre;
  out[3] = post > pre ? 1 : 0;
};
const gainReal = [true, true, true, false];
const likertValues = (tail: number[], out: number[]) => {
  for (let i = 0; i < LIKERT_QUESTIONS.length; i++) {
    out[i * 2] = tail[i]!;
    out[i * 2 + 1] = tail[i]! >= 4 ? 1 : 0;
  }
};
const likertReal = LIKERT_QUESTIONS.flatMap(() => [false, false]);

const FAMILIES = ["enrolments", "certificates", "gain", "satisfaction"] as const;
type Family = (typeof FAMILIES)[number];
const familySql: Record<Family, (n: number, some: boolean) => string> = {
  enrolments: enrolmentSql,
  certificates: certificateSql,
  gain: gainSql,
  satisfaction: satisfactionSql,
};
// One statement per family, number of quarters in the period (1 for a quarter, 4 for a year) and reach (everyone, or
// the people named in @people), prepared on first use. Each returns rows whose first column is the person.
const families = new Map<string, Statement>();
function familyStatement(family: Family, n: number, some: boolean): Statement {
  const key = `${family}|${n}|${some}`;
  let st = families.get(key);
  if (!st) families.set(key, (st = sqlite.prepare(familySql[family](n, some)).raw()));
  return st;
}

type Statements = {
  associationExists: Statement;
  offeringExists: Statement;
  courseExists: Statement;
  associationNames: Statement;
  courseTitles: Statement;
  offeringCourses: Statement;
  offeringLabels: Statement;
};
let prepared: Statements | null = null;

// Prepared on first use, once per process: module import stays free of database work.
function statements(): Statements {
  if (prepared) return prepared;
  prepared = {
    associationExists: sqlite.prepare("SELECT 1 FROM associations WHERE id = ?").pluck(),
    offeringExists: sqlite.prepare("SELECT 1 FROM offerings WHERE id = ?").pluck(),
    courseExists: sqlite.prepare("SELECT 1 FROM courses WHERE id = ?").pluck(),
    associationNames: sqlite.prepare("SELECT a.id, a.name, a.region_code AS region FROM associations a WHERE a.id IN (SELECT value FROM json_each(?))"),
    courseTitles: sqlite.prepare("SELECT id, title FROM courses WHERE id IN (SELECT value FROM json_each(?))"),
    offeringCourses: sqlite.prepare("SELECT id, course_id FROM offerings").raw(),
    offeringLabels: sqlite.prepare("SELECT id, course_id, period_label FROM offerings").raw(),
  };
  return prepared;
}

function bindings(filters: IndicatorFilters, scope?: IndicatorScope) {
  let offeringIds = scope?.offeringIds ?? null;
  if (filters.partnerId !== null) {
    const partner = partnerOfferingIds(filters.partnerId) ?? [];
    offeringIds = offeringIds ? offeringIds.filter((id) => partner.includes(id)) : partner;
  }
  let association = filters.associationId;
  // A coordinator asking for another association sees nobody, never the other association's people.
  if (scope?.associationId !== undefined) association = association === null || association === scope.associationId ? scope.associationId : -1;
  const quarters = quartersIn(filters.period);
  const bounds: Record<string, number> = {};
  for (let i = 1; i < quarters.length; i++) bounds[`qb${i}`] = quarterPeriod(quarters[i])!.from;
  return {
    ...bounds,
    from: filters.period.from,
    to: filters.period.to,
    endYear: new Date(filters.period.to - 1).getUTCFullYear(),
    course: filters.courseId,
    offering: filters.offeringId,
    scopeOfferings: offeringIds ? JSON.stringify(offeringIds) : null,
    association,
    region: filters.region,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Results

const zeroCounts = (): Counts => ({
  enrolled: 0,
  completed: 0,
  cohortCompleted: 0,
  completionRate: null,
  certified: 0,
  certificatesIssued: 0,
  certificatesRevoked: 0,
  associationsReached: 0,
  associationsTrained: 0,
});
const zeroGain = (): Gain => ({ n: 0, meanPre: null, meanPost: null, meanGain: null, shareImproved: null });
const zeroSatisfaction = (): Satisfaction => ({
  n: 0,
  questions: LIKERT_QUESTIONS.map((key) => ({ key, mean: null, shareHigh: null })),
  mean: null,
  shareHigh: null,
});

/** Each family's rows, per person: one enrolment row and one certificate row each, a row per test pair or survey answer. */
type PeopleRows = Record<Family, Map<number, GroupRow[]>>;

/** Computed indicators as of an entry of indicator_changes, with the rows they were folded from while memory allows. */
type Kept = { seq: number; rows: PeopleRows | null; indicators: Indicators };

/**
 * Computed indicators are kept with the rows they were folded from, one entry per question (the statements' bindings:
 * period, filters and scope; the course titles depend on the course filter, which is there too). Reading everyone's
 * rows for a year across every course is ~0.5 s on the 50,000-learner set (bench/indicators.ts), folding them ~0.1 s,
 * and every completion, certificate or survey answer changes the figures. So a write does not throw the rows away:
 * the triggers of migration 0013 name the people whose figures moved, and the next question reads only their rows
 * again, then folds. Everyone's rows are read afresh when an offering changes course, when more than REREAD_AT_MOST
 * people changed, or when the entries since are no longer in the log. Results are shared between requests (frozen
 * outside production). The rows are what costs memory (a year on that set is ~110,000 rows, ~28 MB with their
 * strings shared): the most recently asked questions keep theirs up to a number of rows in all; older ones keep only
 * their result, computed afresh once the data changes (indicatorMemory.rowsKept).
 */
const KEEP = 24;
/** How many rows the kept questions hold in all (a setting; tests lower it to take the path without rows). */
export const indicatorMemory = { rowsKept: 150_000 };
const REREAD_AT_MOST = 5_000;
const kept = new Map<string, Kept>();

// Counted per person and family, not per row: a person's test pairs and survey answers (rarely more than one) count once,
// so that trimming stays a few additions per question rather than a walk over every row.
const rowCount = (rows: PeopleRows) => FAMILIES.reduce((n, f) => n + rows[f].size, 0);

/** Drops the rows of the least recently asked questions beyond indicatorMemory.rowsKept, and whole entries beyond KEEP. */
function trimKept() {
  if (kept.size > KEEP) kept.delete(kept.keys().next().value!);
  // From the most recently asked, which always keeps its rows.
  let total = 0;
  for (const entry of [...kept.values()].reverse()) {
    if (!entry.rows) continue;
    const count = rowCount(entry.rows);
    if (total > 0 && total + count > indicatorMemory.rowsKept) entry.rows = null;
    else total += count;
  }
}

type ChangeStatements = { last: Statement; first: Statement; since: Statement };
let changeStatements: ChangeStatements | null = null;
const changes = (): ChangeStatements =>
  (changeStatements ??= {
    last: sqlite.prepare("SELECT max(seq) FROM indicator_changes").pluck(),
    first: sqlite.prepare("SELECT min(seq) FROM indicator_changes").pluck(),
    since: sqlite.prepare("SELECT DISTINCT user_id FROM indicator_changes WHERE seq > ? AND seq <= ?").pluck(),
  });

/** The programme's indicators for the filters, optionally within a scope (a partner's offerings, one association). */
export function computeIndicators(filters: IndicatorFilters, scope?: IndicatorScope): Indicators {
  const params = bindings(filters, scope);
  const key = JSON.stringify(params);
  // Read before any row: a write landing meanwhile is in the rows read and named again next time (read twice, harmless).
  const seq = (changes().last.get() as number | null) ?? 0;
  let entry = kept.get(key);
  if (entry) {
    kept.delete(key);
    if (entry.seq !== seq && !(entry.rows && bringUpToDate(entry, entry.rows, seq, filters, params))) entry = undefined;
  }
  if (!entry) {
    const rows = readEveryone(filters, params);
    entry = { seq, rows, indicators: shared(foldIndicators(filters, rows)) };
  }
  kept.set(key, entry);
  trimKept();
  return entry.indicators;
}

/**
 * Computes the questions admins open first, this quarter and this year across everything (the quarter first, so that
 * the year keeps its rows), so that the first visit after a start costs what the next ones do. Start-up calls it.
 */
export function warmIndicators(now = new Date()): Indicators[] {
  const computed: Indicators[] = [];
  for (const period of [quarterOf(now.getTime()), String(now.getUTCFullYear())]) {
    const parsed = parseIndicatorFilters(new URLSearchParams({ period }), now);
    if (parsed.ok) computed.push(computeIndicators(parsed.filters));
  }
  return computed;
}

/** The indicators computed from everyone's rows, nothing kept or reused: what computeIndicators must always equal. */
export function computeIndicatorsAfresh(filters: IndicatorFilters, scope?: IndicatorScope): Indicators {
  return foldIndicators(filters, readEveryone(filters, bindings(filters, scope)));
}

/** Every family's rows of everyone in the question. */
function readEveryone(filters: IndicatorFilters, params: ReturnType<typeof bindings>): PeopleRows {
  const n = quartersIn(filters.period).length;
  return Object.fromEntries(FAMILIES.map((f) => [f, readRows(f, n, params, null)])) as PeopleRows;
}

/** Brings kept indicators up to `seq` by reading again the rows of the people named since; false when it cannot. */
function bringUpToDate(entry: Kept, rows: PeopleRows, seq: number, filters: IndicatorFilters, params: ReturnType<typeof bindings>) {
  const c = changes();
  const first = c.first.get() as number | null;
  if (seq < entry.seq || first === null || first > entry.seq + 1) return false;
  const named = c.since.all(entry.seq, seq) as (number | null)[];
  if (named.length > REREAD_AT_MOST || named.includes(null)) return false;
  const people = named.filter((id): id is number => id !== null && id > 0);
  if (people.length) {
    const n = quartersIn(filters.period).length;
    const json = JSON.stringify(people);
    for (const family of FAMILIES) {
      const fresh = readRows(family, n, params, json);
      const byPerson = rows[family];
      for (const id of people) {
        const theirs = fresh.get(id);
        if (theirs) byPerson.set(id, theirs);
        else byPerson.delete(id);
      }
    }
  }
  entry.seq = seq;
  entry.indicators = shared(foldIndicators(filters, rows));
  return true;
}

// The few distinct short strings of the rows (regions, sexes, age bands, course ids), one copy each: SQLite hands over a
// new string per row, which for a year's 110,000 rows was more than half of their memory.
const sharedStrings = new Map<string, string>();
const share = (value: string) => {
  const known = sharedStrings.get(value);
  if (known !== undefined) return known;
  if (sharedStrings.size < 10_000) sharedStrings.set(value, value);
  return value;
};

/** A family's rows grouped by person: everyone's, or only those of the people in `people` (a JSON array of ids). */
function readRows(family: Family, n: number, params: ReturnType<typeof bindings>, people: string | null) {
  const out = new Map<number, GroupRow[]>();
  const st = familyStatement(family, n, people !== null);
  // The enrolments' and certificates' codes (columns 5 and on) are one per person and kept as they come.
  const last = family === "enrolments" || family === "certificates" ? 5 : Infinity;
  for (const raw of st.all(people === null ? params : { ...params, people }) as GroupRow[]) {
    // A copy: the driver's arrays have room to spare (265 bytes a row against ~100 for the copy).
    const row = raw.slice();
    for (let i = 1; i < row.length && i < last; i++) if (typeof row[i] === "string") row[i] = share(row[i] as string);
    const id = row[0] as number;
    const list = out.get(id);
    if (list) list.push(row);
    else out.set(id, [row]);
  }
  return out;
}

const allRows = (byPerson: Map<number, GroupRow[]>) => {
  const out: GroupRow[] = [];
  for (const rows of byPerson.values()) for (const row of rows) out.push(row);
  return out;
};

/**
 * The indicators as the page shows them: the associations with the most enrolments first, the rest behind a link. A
 * year across 300 associations is otherwise a 300-row table and bar chart (~310 KB of HTML) that no one reads on screen;
 * the XLSX and CSV keep them all.
 */
export function indicatorsForPage(indicators: Indicators, allAssociations: boolean) {
  const rows = indicators.breakdowns.association;
  const total = rows.length;
  if (allAssociations || total <= PAGE_ASSOCIATIONS) return { indicators, associations: { shown: total, total, all: allAssociations } };
  const shown = rows.slice(0, PAGE_ASSOCIATIONS);
  const associationNames: Indicators["associationNames"] = Object.create(null);
  for (const r of shown) if (indicators.associationNames[r.key]) associationNames[r.key] = indicators.associationNames[r.key]!;
  return {
    indicators: { ...indicators, breakdowns: { ...indicators.breakdowns, association: shown }, associationNames },
    associations: { shown: shown.length, total, all: false },
  };
}

/** Every number of the page from the people's rows: one pass per family, then names and titles. */
function foldIndicators(filters: IndicatorFilters, rows: PeopleRows): Indicators {
  const s = statements();
  const quarters = quartersIn(filters.period);
  // Quarter groups come back as indexes into the period's quarters.
  const quarterKeys = (rows: GroupRow[]) => rows.map((r) => (String(r[0]).startsWith("quarter") ? [r[0], quarters[Number(r[1])] ?? "", ...r.slice(2)] : r));
  const courseOf = new Map((s.offeringCourses.all() as [number, string][]).map(([id, course]) => [id, course]));
  const enrolmentRows = quarterKeys(enrolmentGroups(allRows(rows.enrolments), courseOf));
  const certificateRows = quarterKeys(certificateGroups(allRows(rows.certificates)));
  const gainRows = quarterKeys(answerGroups(allRows(rows.gain), 4, gainValues, gainReal));
  const satisfactionRows = quarterKeys(answerGroups(allRows(rows.satisfaction), LIKERT_QUESTIONS.length * 2, likertValues, likertReal));

  // Groups keyed by breakdown then key; Maps, since keys come from data (association ids, region codes).
  const groups = new Map<string, Map<string, BreakdownRow>>();
  const rowFor = (dim: string, key: string) => {
    let byKey = groups.get(dim);
    if (!byKey) groups.set(dim, (byKey = new Map()));
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = { key, counts: zeroCounts(), gain: zeroGain(), satisfaction: zeroSatisfaction() }));
    return row;
  };
  const keyOf = (v: string | number | null) => (v === null ? NOT_GIVEN : String(v === 0 ? NOT_GIVEN : v));

  for (const [dim, k, enrolled, completed, cohort, reached, trained] of enrolmentRows) {
    const row = rowFor(String(dim).replace(/^quarter-.*/, "quarter"), keyOf(k));
    row.counts.enrolled += Number(enrolled);
    row.counts.completed += Number(completed);
    row.counts.cohortCompleted += Number(cohort);
    row.counts.associationsReached += Number(reached);
    row.counts.associationsTrained += Number(trained);
  }
  for (const [dim, k, certified, issued, revoked] of certificateRows) {
    const row = rowFor(String(dim).replace(/^quarter-.*/, "quarter"), keyOf(k));
    row.counts.certified += Number(certified);
    row.counts.certificatesIssued += Number(issued ?? 0);
    row.counts.certificatesRevoked += Number(revoked ?? 0);
  }
  for (const [dim, k, n, pre, post, gain, improved] of gainRows) {
    if (!Number(n)) continue;
    rowFor(String(dim), keyOf(k)).gain = {
      n: Number(n),
      meanPre: Number(pre),
      meanPost: Number(post),
      meanGain: Number(gain),
      shareImproved: Number(improved),
    };
  }
  for (const raw of satisfactionRows) {
    const [dim, k, n, ...values] = raw;
    if (!Number(n)) continue;
    const questions = LIKERT_QUESTIONS.map((key, i) => ({ key, mean: Number(values[i * 2]), shareHigh: Number(values[i * 2 + 1]) }));
    rowFor(String(dim), keyOf(k)).satisfaction = {
      n: Number(n),
      questions,
      mean: questions.reduce((sum, q) => sum + (q.mean ?? 0), 0) / questions.length,
      shareHigh: questions.reduce((sum, q) => sum + (q.shareHigh ?? 0), 0) / questions.length,
    };
  }
  for (const byKey of groups.values()) {
    for (const row of byKey.values()) {
      row.counts.completionRate = row.counts.enrolled ? row.counts.cohortCompleted / row.counts.enrolled : null;
    }
  }

  const total = rowFor("total", NOT_GIVEN);
  const list = (dim: Breakdown, fixed: readonly string[] | null) => {
    const byKey = groups.get(dim) ?? new Map<string, BreakdownRow>();
    if (!fixed) return [...byKey.values()].filter((r) => !isZero(r)).sort((a, b) => b.counts.enrolled - a.counts.enrolled || a.key.localeCompare(b.key));
    // The fixed lists show every group, zeros included; "not given" only when someone is in it.
    const rows = fixed.map((key) => byKey.get(key) ?? { key, counts: zeroCounts(), gain: zeroGain(), satisfaction: zeroSatisfaction() });
    const notGiven = byKey.get(NOT_GIVEN);
    if (notGiven && !isZero(notGiven)) rows.push(notGiven);
    return rows;
  };
  const breakdowns: Record<Breakdown, BreakdownRow[]> = {
    region: list("region", REGION_CODES),
    association: list("association", null),
    course: list("course", null),
    quarter: list("quarter", quarters),
    sex: list("sex", [...SEXES, NOT_GIVEN]),
    age: list("age", [...AGE_BANDS, NOT_GIVEN]),
  };
  // The sex and age groups always show "not given", even at zero: it is a group funders ask about.
  breakdowns.sex = dedupeKeys(breakdowns.sex);
  breakdowns.age = dedupeKeys(breakdowns.age);

  const associationIds = breakdowns.association.map((r) => Number(r.key)).filter((id) => id > 0);
  const associationNames: Indicators["associationNames"] = Object.create(null);
  for (const a of s.associationNames.all(JSON.stringify(associationIds)) as { id: number; name: string; region: RegionCode }[]) {
    associationNames[String(a.id)] = { name: a.name, region: a.region };
  }
  const courseIds = [...breakdowns.course.map((r) => r.key), ...(filters.courseId ? [filters.courseId] : [])];
  const courseTitles: Indicators["courseTitles"] = Object.create(null);
  for (const c of s.courseTitles.all(JSON.stringify(courseIds)) as { id: string; title: string }[]) courseTitles[c.id] = JSON.parse(c.title) as LocalizedText;

  return {
    filters,
    totals: total.counts,
    gain: total.gain,
    satisfaction: total.satisfaction,
    breakdowns,
    associationNames,
    courseTitles,
    empty: isZero(total),
  };
}

function isZero(row: BreakdownRow) {
  const c = row.counts;
  return !c.enrolled && !c.completed && !c.certified && !c.certificatesIssued && !c.certificatesRevoked && !row.gain.n && !row.satisfaction.n;
}

function dedupeKeys(rows: BreakdownRow[]) {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
}

// ---------------------------------------------------------------------------------------------------------------
// Name lists

const breakdownWhere: Record<Breakdown, string> = {
  region: "AND COALESCE(a.region_code, u.region_code, '') = @bkey",
  association: "AND COALESCE(u.association_id, 0) = CAST(@bkey AS INTEGER)",
  course: "AND o.course_id = @bkey",
  quarter: "AND __QUARTER__ = @bkey",
  sex: "AND (CASE WHEN u.profile_consent_at IS NOT NULL AND u.sex IN ('female', 'male') THEN u.sex ELSE '' END) = @bkey",
  age: `AND (CASE WHEN u.profile_consent_at IS NULL OR u.birth_year IS NULL THEN ''
       WHEN @endYear - u.birth_year < 18 THEN '<18' WHEN @endYear - u.birth_year < 25 THEN '18-24'
       WHEN @endYear - u.birth_year < 35 THEN '25-34' ELSE '35+' END) = @bkey`,
};

/** For each metric: the rows behind it, their date column and the condition that puts them in the number. */
const peopleSources: Record<PeopleMetric, { from: string; date: string; where: string; status: string }> = {
  enrolled: { from: "enrolments e", date: "e.enrolled_at", where: "e.enrolled_at >= @from AND e.enrolled_at < @to", status: enrolmentStatus() },
  reached: {
    from: "enrolments e",
    date: "e.enrolled_at",
    where: "e.enrolled_at >= @from AND e.enrolled_at < @to AND u.association_id IS NOT NULL",
    status: enrolmentStatus(),
  },
  completed: { from: "enrolments e", date: "e.completed_at", where: "e.completed_at >= @from AND e.completed_at < @to", status: "'completed'" },
  trained: {
    from: "enrolments e",
    date: "e.completed_at",
    where: "e.completed_at >= @from AND e.completed_at < @to AND u.association_id IS NOT NULL",
    status: "'completed'",
  },
  cohortCompleted: {
    from: "enrolments e",
    date: "e.completed_at",
    where: "e.enrolled_at >= @from AND e.enrolled_at < @to AND e.completed_at IS NOT NULL",
    status: "'completed'",
  },
  certified: {
    from: "certificates c JOIN enrolments e ON e.id = c.enrolment_id",
    date: "c.issued_at",
    where: "c.issued_at >= @from AND c.issued_at < @to AND c.revoked_at IS NULL",
    status: "'certified'",
  },
  issued: {
    from: "certificates c JOIN enrolments e ON e.id = c.enrolment_id",
    date: "c.issued_at",
    where: "c.issued_at >= @from AND c.issued_at < @to",
    status: "CASE WHEN c.revoked_at IS NULL THEN 'certified' ELSE 'revoked' END",
  },
  revoked: {
    from: "certificates c JOIN enrolments e ON e.id = c.enrolment_id",
    date: "c.revoked_at",
    where: "c.revoked_at >= @from AND c.revoked_at < @to",
    status: "'revoked'",
  },
  gain: {
    from: "assessment_attempts t JOIN enrolments e ON e.id = t.enrolment_id",
    date: "t.created_at",
    where: `t.kind = 'post' AND t.created_at >= @from AND t.created_at < @to
      AND EXISTS (SELECT 1 FROM assessment_attempts pre WHERE pre.enrolment_id = t.enrolment_id AND pre.kind = 'pre')`,
    status: "'tested'",
  },
};

function enrolmentStatus() {
  return "CASE WHEN e.completed_at IS NOT NULL THEN 'completed' ELSE e.status END";
}

const peopleStatements = new Map<string, Statement>();

/** The people behind a number (one row per person, counted once), with the enrolments or certificates that put them there. */
export function indicatorPeople(filters: IndicatorFilters, metric: PeopleMetric, selection: PeopleSelection = null, scope?: IndicatorScope): PersonRow[] {
  const source = peopleSources[metric];
  const key = `${metric}|${selection?.breakdown ?? ""}`;
  let st = peopleStatements.get(key);
  if (!st) {
    const extra = selection ? breakdownWhere[selection.breakdown].replace("__QUARTER__", quarterSql(source.date)) : "";
    st = sqlite.prepare(`
      SELECT u.id AS userId, u.display_name AS name, a.name AS association, COALESCE(a.region_code, u.region_code) AS region,
        json_group_array(json_object('courseId', o.course_id, 'periodLabel', o.period_label, 'date', ${source.date}, 'status', ${source.status})) AS items
      FROM ${source.from}
      JOIN offerings o ON o.id = e.offering_id
      JOIN users u ON u.id = e.user_id
      LEFT JOIN associations a ON a.id = u.association_id
      WHERE ${source.where} ${filterSql} ${extra}
      GROUP BY u.id
      ORDER BY u.display_name COLLATE NOCASE, u.id`);
    peopleStatements.set(key, st);
  }
  const rows = st.all({ ...bindings(filters, scope), ...(selection ? { bkey: selection.key } : {}) }) as (Omit<PersonRow, "items"> & { items: string })[];
  return rows.map((r) => ({ ...r, items: JSON.parse(r.items) as PersonRow["items"] }));
}

const optionStatements = () => ({
  courses: sqlite.prepare("SELECT id, title FROM courses WHERE archived_at IS NULL OR id IN (SELECT course_id FROM offerings) ORDER BY id"),
  offerings: sqlite.prepare("SELECT id, course_id AS courseId, period_label AS periodLabel FROM offerings ORDER BY starts_at DESC, id DESC"),
  associations: sqlite.prepare("SELECT id, name FROM associations ORDER BY name COLLATE NOCASE"),
  firstStart: sqlite.prepare("SELECT min(starts_at) FROM offerings").pluck(),
});
let options: ReturnType<typeof optionStatements> | null = null;

/** What the filter form offers: quarters from the first offering to the next quarter, courses, offerings, associations. */
export function indicatorFilterOptions(now = new Date()) {
  options ??= optionStatements();
  const first = (options.firstStart.get() as number | null) ?? now.getTime();
  const next = quarterPeriod(quarterOf(now.getTime()))!.to;
  const periods = quartersIn({ from: Math.min(first, now.getTime()), to: next + 1 }).reverse();
  return {
    periods,
    courses: (options.courses.all() as { id: string; title: string }[]).map((c) => ({ id: c.id, title: JSON.parse(c.title) as LocalizedText })),
    offerings: options.offerings.all() as { id: number; courseId: string; periodLabel: string }[],
    associations: options.associations.all() as { id: number; name: string }[],
  };
}

/** The filter form's values as typed, to refill it (never used as keys). */
export function filterFormValues(searchParams: URLSearchParams) {
  const value = (k: string) => (searchParams.get(k) ?? "").slice(0, 100);
  return {
    period: value("period"),
    from: value("from"),
    to: value("to"),
    course: value("course"),
    offering: value("offering"),
    region: value("region"),
    association: value("association"),
  };
}

const quarterKeyRe = /^\d{4}-Q[1-4]$/;

/**
 * The group a name list is narrowed to (`by` and `key` from the query string), or an error for a group that cannot
 * exist. The key is matched against each breakdown's own values, never used to index anything.
 */
export function parsePeopleSelection(searchParams: URLSearchParams): { ok: true; metric: PeopleMetric; selection: PeopleSelection } | { ok: false } {
  const metric = searchParams.get("metric") ?? "";
  if (!(PEOPLE_METRICS as readonly string[]).includes(metric)) return { ok: false };
  const by = searchParams.get("by");
  if (by === null || by === "") return { ok: true, metric: metric as PeopleMetric, selection: null };
  if (!(BREAKDOWNS as readonly string[]).includes(by)) return { ok: false };
  const key = searchParams.get("key") ?? "";
  const valid: Record<Breakdown, (k: string) => boolean> = {
    region: (k) => k === NOT_GIVEN || (REGION_CODES as readonly string[]).includes(k),
    association: (k) => k === NOT_GIVEN || idRe.test(k),
    course: (k) => k.length > 0 && k.length <= 100,
    quarter: (k) => quarterKeyRe.test(k),
    sex: (k) => k === NOT_GIVEN || (SEXES as readonly string[]).includes(k),
    age: (k) => k === NOT_GIVEN || (AGE_BANDS as readonly string[]).includes(k),
  };
  const breakdown = by as Breakdown;
  if (!valid[breakdown](key)) return { ok: false };
  return { ok: true, metric: metric as PeopleMetric, selection: { breakdown, key } };
}

/** Course titles for the name list's rows. */
export function courseTitlesFor(courseIds: string[]) {
  const titles: Record<string, LocalizedText> = Object.create(null);
  for (const c of statements().courseTitles.all(JSON.stringify([...new Set(courseIds)])) as { id: string; title: string }[]) {
    titles[c.id] = JSON.parse(c.title) as LocalizedText;
  }
  return titles;
}

/** The association's name for a name list narrowed to one association. */
export function associationNamesFor(ids: number[]) {
  const names: Record<string, { name: string; region: RegionCode }> = Object.create(null);
  for (const a of statements().associationNames.all(JSON.stringify(ids)) as { id: number; name: string; region: RegionCode }[]) {
    names[String(a.id)] = { name: a.name, region: a.region };
  }
  return names;
}

/** One enrolment (or certificate, or test pair) behind a number, flat: what an export writes as one line. */
export type PersonItemRow = {
  userId: number;
  name: string;
  association: string | null;
  region: RegionCode | null;
  courseId: string;
  periodLabel: string;
  date: number | null;
  status: string;
};

const pageStatements = new Map<PeopleMetric, Statement>();
let personStatement: Statement | null = null;

/**
 * The name list as flat lines, a page at a time, in the order of the rows behind them (enrolment, certificate or
 * attempt id): a year's export never holds every line in memory, each page walks the primary key from where the last
 * one stopped, and the connection is free between pages (the caller may yield to other requests). A page reads ids,
 * dates and states only; each person's name, association and region are read once (a person has several lines), and
 * the offerings' course and session once per call.
 */
export function* indicatorPeoplePages(filters: IndicatorFilters, metric: PeopleMetric, scope?: IndicatorScope, pageSize = 2000): Generator<PersonItemRow[]> {
  const source = peopleSources[metric];
  const rowId = source.from.startsWith("certificates") ? "c.id" : source.from.startsWith("assessment_attempts") ? "t.id" : "e.id";
  let st = pageStatements.get(metric);
  if (!st) {
    st = sqlite
      .prepare(
        `
      SELECT ${rowId} AS rowId, u.id AS userId, o.id AS offeringId, ${source.date} AS date, ${source.status} AS status
      FROM ${source.from}
      JOIN offerings o ON o.id = e.offering_id
      JOIN users u ON u.id = e.user_id
      LEFT JOIN associations a ON a.id = u.association_id
      WHERE ${rowId} > @after AND ${source.where} ${filterSql}
      ORDER BY ${rowId}
      LIMIT @limit`,
      )
      .raw();
    pageStatements.set(metric, st);
  }
  personStatement ??= sqlite
    .prepare(
      `SELECT u.id, u.display_name, a.name, COALESCE(a.region_code, u.region_code)
      FROM users u LEFT JOIN associations a ON a.id = u.association_id WHERE u.id IN (SELECT value FROM json_each(?))`,
    )
    .raw();
  const offerings = new Map(
    (statements().offeringLabels.all() as [number, string, string][]).map(([id, courseId, periodLabel]) => [id, { courseId, periodLabel }]),
  );
  const people = new Map<number, { name: string; association: string | null; region: RegionCode | null }>();
  const params = bindings(filters, scope);
  let after = 0;
  for (;;) {
    const rows = st.all({ ...params, after, limit: pageSize }) as [number, number, number, number | null, string][];
    if (!rows.length) return;
    after = rows[rows.length - 1]![0];
    const unknown = [...new Set(rows.map((r) => r[1]).filter((id) => !people.has(id)))];
    if (unknown.length) {
      for (const [id, name, association, region] of personStatement.all(JSON.stringify(unknown)) as [number, string, string | null, RegionCode | null][])
        people.set(id, { name, association, region });
    }
    yield rows.map(([, userId, offeringId, date, status]) => {
      const person = people.get(userId)!;
      const offering = offerings.get(offeringId)!;
      return { userId, ...person, courseId: offering.courseId, periodLabel: offering.periodLabel, date, status };
    });
    if (rows.length < pageSize) return;
  }
}
