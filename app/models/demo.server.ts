import { count, eq, inArray } from "drizzle-orm";
import {
  assessmentAttempts,
  associations,
  certificates,
  courseAuthors,
  courses,
  enrolments,
  offerings,
  offeringTrainers,
  surveyResponses,
  users,
  type RegionCode,
} from "../../db/schema";
import { makeCertificateCode } from "./certificate/code";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { attachPartnerStaff, createPartner, setPartnerOfferings } from "./partner.server";
import { db, sqlite } from "~/utils/db.server";

const DAY = 24 * 60 * 60 * 1000;
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));
const endOf = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d) + DAY - 1);

const DEMO_LEARNERS = [
  "Yassine Alaoui",
  "Fatima Zahra Bennani",
  "Omar El Idrissi",
  "Khadija Amrani",
  "Hamza Tazi",
  "Salma Chraibi",
  "Mehdi Berrada",
  "Nadia Ouazzani",
  "Anas Lahlou",
  "Imane Fassi",
  "Reda Benjelloun",
];

/**
 * Demo offerings for a fresh demo database: this quarter's runs of the three quarterly courses, this and next
 * month's IT training, and next quarter's runs, one of them nearly full. Only when no offering exists yet and the
 * demo accounts are there: a real installation is never touched.
 */
export function seedDemoOfferings(now = new Date()) {
  if (db.select({ n: count() }).from(offerings).get()!.n > 0) return false;
  const admin = db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS[0].email)).get();
  const trainer = db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS[1].email)).get();
  const learner = db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS[2].email)).get();
  if (!admin || !trainer || !learner) return false;
  const known = new Set(
    db
      .select({ id: courses.id })
      .from(courses)
      .all()
      .map((c) => c.id),
  );
  const quarterly = ["digital-communication", "project-proposal-writing", "crowdfunding"].filter((c) => known.has(c));

  const y = now.getUTCFullYear();
  const q = Math.floor(now.getUTCMonth() / 3);
  const qStart = utc(y, q * 3, 1);
  const qEnd = endOf(y, q * 3 + 3, 0);
  const nq = (q + 1) % 4;
  const ny = q === 3 ? y + 1 : y;
  const nqStart = utc(ny, nq * 3, 1);
  const nqEnd = endOf(ny, nq * 3 + 3, 0);
  const m = now.getUTCMonth();
  const monthLabel = (yy: number, mm: number) => `${yy}-${String(mm + 1).padStart(2, "0")}`;
  const nmY = m === 11 ? y + 1 : y;
  const nm = (m + 1) % 12;

  type Row = typeof offerings.$inferInsert;
  const rows: Row[] = [];
  for (const courseId of quarterly) {
    rows.push({
      courseId,
      periodLabel: `${y}-Q${q + 1}`,
      enrolOpensAt: new Date(qStart.getTime() - 30 * DAY),
      enrolClosesAt: new Date(qEnd.getTime() - 14 * DAY),
      startsAt: qStart,
      endsAt: qEnd,
      capacity: 30,
      languages: ["ar", "fr"],
      status: "running",
    });
    rows.push({
      courseId,
      periodLabel: `${ny}-Q${nq + 1}`,
      enrolOpensAt: new Date(now.getTime() - 7 * DAY),
      enrolClosesAt: new Date(nqStart.getTime() + 14 * DAY),
      startsAt: nqStart,
      endsAt: nqEnd,
      capacity: courseId === "crowdfunding" ? 12 : 30,
      languages: ["ar", "fr"],
      status: "open",
    });
  }
  if (known.has("it-training")) {
    rows.push({
      courseId: "it-training",
      periodLabel: monthLabel(y, m),
      enrolOpensAt: new Date(utc(y, m, 1).getTime() - 15 * DAY),
      enrolClosesAt: endOf(y, m + 1, 0),
      startsAt: utc(y, m, 1),
      endsAt: endOf(y, m + 1, 0),
      capacity: 40,
      languages: ["ar", "fr", "en"],
      status: "running",
    });
    rows.push({
      courseId: "it-training",
      periodLabel: monthLabel(nmY, nm),
      enrolOpensAt: new Date(now.getTime() - 7 * DAY),
      enrolClosesAt: endOf(nmY, nm, 10),
      startsAt: utc(nmY, nm, 1),
      endsAt: endOf(nmY, nm + 1, 0),
      capacity: 40,
      languages: ["ar", "fr", "en"],
      status: "open",
    });
  }
  if (!rows.length) return false;

  const seeded = db.transaction(
    (tx) => {
      // Checked again under the write lock: another process may have seeded since.
      if (tx.select({ n: count() }).from(offerings).get()!.n > 0) return false;
      const created = tx.insert(offerings).values(rows).returning().all();
      tx.insert(offeringTrainers)
        .values(created.map((o) => ({ offeringId: o.id, userId: trainer.id })))
        .run();
      // The demo trainer authors every course in the studio.
      if (known.size)
        tx.insert(courseAuthors)
          .values([...known].map((courseId) => ({ courseId, userId: trainer.id })))
          .onConflictDoNothing()
          .run();
      const current = created.find((o) => o.courseId === "digital-communication" && o.status === "running");
      if (current) tx.insert(enrolments).values({ offeringId: current.id, userId: learner.id, status: "enrolled", requestedAt: now, enrolledAt: now }).run();
      const nearlyFull = created.find((o) => o.courseId === "crowdfunding" && o.status === "open");
      if (nearlyFull) {
        const emails = DEMO_LEARNERS.map((_, i) => `demo.learner${i + 1}@tamkeen.test`);
        const existing = tx.select({ email: users.email }).from(users).where(inArray(users.email, emails)).all();
        if (!existing.length) {
          const people = tx
            .insert(users)
            .values(
              DEMO_LEARNERS.map((displayName, i) => ({
                email: emails[i],
                displayName,
                nameLatin: displayName,
                passwordHash: null,
                role: "learner" as const,
                associationId: learner.associationId,
                regionCode: learner.regionCode,
              })),
            )
            .returning()
            .all();
          tx.insert(enrolments)
            .values(
              people.map((p, i) => ({
                offeringId: nearlyFull.id,
                userId: p.id,
                status: "enrolled" as const,
                requestedAt: new Date(now.getTime() - (20 - i) * 60000),
                enrolledAt: now,
              })),
            )
            .run();
        }
      }
      return true;
    },
    { behavior: "immediate" },
  );
  if (seeded) seedDemoHistory(now);
  if (seeded) seedDemoPartner();
  return seeded;
}

/** The foundation that co-issues the IT certificate, linked to every IT training run, with the demo partner account. */
export function seedDemoPartner() {
  // Found by role, not position: other demo accounts may be added to the list.
  const email = DEMO_ACCOUNTS.find((a) => a.role === "partner")?.email;
  const account = email ? db.select().from(users).where(eq(users.email, email)).get() : undefined;
  if (!account) return false;
  const partner = createPartner("Fondation partenaire (démo)");
  if (!partner) return false;
  setPartnerOfferings(
    partner.id,
    db
      .select({ id: offerings.id })
      .from(offerings)
      .where(eq(offerings.courseId, "it-training"))
      .all()
      .map((o) => o.id),
  );
  attachPartnerStaff(partner.id, account.email);
  return true;
}

/** A small deterministic generator (mulberry32): the same demo history on every fresh start. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HISTORY_FIRST = [
  "Yassine",
  "Fatima Zahra",
  "Omar",
  "Khadija",
  "Hamza",
  "Salma",
  "Mehdi",
  "Nadia",
  "Anas",
  "Imane",
  "Reda",
  "Houda",
  "Ayoub",
  "Meryem",
  "Zakaria",
  "Sanae",
  "Ilyas",
  "Hajar",
  "Soufiane",
  "Asmae",
  "Karim",
  "Loubna",
  "Younes",
  "Siham",
];
const HISTORY_LAST = [
  "Alaoui",
  "Bennani",
  "El Idrissi",
  "Amrani",
  "Tazi",
  "Chraibi",
  "Berrada",
  "Ouazzani",
  "Lahlou",
  "Fassi",
  "Benjelloun",
  "Ait Lahcen",
  "Ouchen",
  "Boutaleb",
  "Zerouali",
  "El Mansouri",
  "Naciri",
  "Hilali",
];
const HISTORY_ASSOCIATIONS: (typeof associations.$inferInsert)[] = [
  { name: "Association Nour Casablanca", regionCode: "CSE", city: "Casablanca", foundingYear: 2024, focusAreas: ["youth", "digital"] },
  { name: "جمعية فاس للمبادرات الشبابية", regionCode: "FME", city: "Fès", foundingYear: 2023, focusAreas: ["youth", "culture"] },
  { name: "Association Oued Noun Avenir", regionCode: "GON", city: "Guelmim", foundingYear: 2025, focusAreas: ["environment"] },
];
/** Regions of the learners who belong to no association yet. */
const UNAFFILIATED_REGIONS: RegionCode[] = ["LSH", "CSE", "FME", "RSK"];
const DEMO_HISTORY_PEOPLE = 160;

/**
 * A year of past programme for the demo, so that a newcomer's indicators page shows real-looking charts on first
 * start: closed runs of the quarterly courses for the four previous quarters and of the IT training for the twelve
 * previous months, with learners from most regions (some without consent to profile data), withdrawals, completions,
 * certificates (a few revoked), pre/post tests and satisfaction answers. Seeded once, with the demo offerings, from a
 * fixed seed; learners are placed only in past offerings, so the current and next runs keep the seats the demo shows.
 */
export function seedDemoHistory(now = new Date()) {
  const random = prng(20261127);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const between = (a: number, b: number) => a + Math.floor(random() * (b - a + 1));
  const nowMs = now.getTime();
  const courseRows = db.select().from(courses).all();
  const courseById = new Map(courseRows.map((c) => [c.id, c]));
  const quarterly = ["digital-communication", "project-proposal-writing", "crowdfunding"].filter((c) => courseById.has(c));
  const trainer = db.select().from(users).where(eq(users.email, DEMO_ACCOUNTS[1].email)).get();
  if (!trainer) return false;

  type Run = { courseId: string; periodLabel: string; startsAt: Date; endsAt: Date; monthly: boolean };
  const runs: Run[] = [];
  const y = now.getUTCFullYear();
  const q = Math.floor(now.getUTCMonth() / 3);
  for (let back = 4; back >= 1; back--) {
    const qi = q - back;
    const yy = y + Math.floor(qi / 4);
    const qq = ((qi % 4) + 4) % 4;
    for (const courseId of quarterly) {
      runs.push({ courseId, periodLabel: `${yy}-Q${qq + 1}`, startsAt: utc(yy, qq * 3, 1), endsAt: endOf(yy, qq * 3 + 3, 0), monthly: false });
    }
  }
  if (courseById.has("it-training")) {
    for (let back = 12; back >= 1; back--) {
      const mi = now.getUTCMonth() - back;
      const yy = y + Math.floor(mi / 12);
      const mm = ((mi % 12) + 12) % 12;
      runs.push({
        courseId: "it-training",
        periodLabel: `${yy}-${String(mm + 1).padStart(2, "0")}`,
        startsAt: utc(yy, mm, 1),
        endsAt: endOf(yy, mm + 1, 0),
        monthly: true,
      });
    }
  }
  if (!runs.length) return false;

  return db.transaction(
    (tx) => {
      if (tx.select({ id: users.id }).from(users).where(eq(users.email, "demo.history1@tamkeen.test")).get()) return false;
      const existingNames = new Set(
        tx
          .select({ name: associations.name })
          .from(associations)
          .all()
          .map((a) => a.name),
      );
      const fresh = HISTORY_ASSOCIATIONS.filter((a) => !existingNames.has(a.name));
      if (fresh.length) tx.insert(associations).values(fresh).run();
      const pool = tx.select({ id: associations.id, regionCode: associations.regionCode }).from(associations).all();

      const people = tx
        .insert(users)
        .values(
          Array.from({ length: DEMO_HISTORY_PEOPLE }, (_, i) => {
            const displayName = `${pick(HISTORY_FIRST)} ${pick(HISTORY_LAST)}`;
            const affiliated = chance(0.88);
            const consent = chance(0.7);
            return {
              email: `demo.history${i + 1}@tamkeen.test`,
              displayName,
              nameLatin: displayName,
              passwordHash: null,
              role: "learner" as const,
              associationId: affiliated ? pick(pool).id : null,
              regionCode: affiliated ? null : pick(UNAFFILIATED_REGIONS),
              sex: consent && chance(0.9) ? (chance(0.55) ? ("female" as const) : ("male" as const)) : null,
              birthYear: consent && chance(0.85) ? between(y - 40, y - 15) : null,
              profileConsentAt: consent ? new Date(nowMs - between(30, 400) * DAY) : null,
            };
          }),
        )
        .returning({ id: users.id, name: users.displayName })
        .all();
      const nameOf = new Map(people.map((p) => [p.id, p.name]));
      // Hundreds of rows: one prepared statement rather than a query built per row.
      const insertEnrolment = sqlite.prepare(
        "INSERT INTO enrolments (offering_id, user_id, status, requested_at, enrolled_at, withdrawn_at, completed_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      );
      const attempts: (typeof assessmentAttempts.$inferInsert)[] = [];
      const surveys: (typeof surveyResponses.$inferInsert)[] = [];
      const issued: (typeof certificates.$inferInsert)[] = [];

      for (const run of runs) {
        const course = courseById.get(run.courseId)!;
        const offering = tx
          .insert(offerings)
          .values({
            courseId: run.courseId,
            periodLabel: run.periodLabel,
            enrolOpensAt: new Date(run.startsAt.getTime() - 20 * DAY),
            enrolClosesAt: new Date(run.startsAt.getTime() + 10 * DAY),
            startsAt: run.startsAt,
            endsAt: run.endsAt,
            capacity: 40,
            languages: ["ar", "fr"],
            status: "closed",
          })
          .returning()
          .get();
        tx.insert(offeringTrainers).values({ offeringId: offering.id, userId: trainer.id }).run();
        const size = run.monthly ? between(6, 12) : between(14, 26);
        const chosen = new Set<number>();
        while (chosen.size < size) chosen.add(pick(people).id);
        const span = run.monthly ? 25 : 80;
        for (const userId of chosen) {
          const enrolledAt = run.startsAt.getTime() + between(0, 8) * DAY + between(8, 18) * 3_600_000;
          if (enrolledAt > nowMs) continue;
          const withdrawn = chance(0.1);
          const done = !withdrawn && chance(0.65);
          const completedAt = done ? enrolledAt + between(Math.floor(span / 3), span) * DAY : null;
          const completed = completedAt !== null && completedAt <= nowMs ? completedAt : null;
          const enrolment = {
            id: Number(
              insertEnrolment.run(
                offering.id,
                userId,
                withdrawn ? "withdrawn" : "enrolled",
                enrolledAt - DAY,
                enrolledAt,
                withdrawn ? Math.min(nowMs, enrolledAt + between(3, 20) * DAY) : null,
                completed,
                completed ?? enrolledAt,
              ).lastInsertRowid,
            ),
          };
          const pre = between(2, 5);
          if (chance(0.8)) {
            attempts.push({
              userId,
              offeringId: offering.id,
              enrolmentId: enrolment.id,
              kind: "pre",
              score: pre,
              maxScore: 7,
              answers: {},
              createdAt: new Date(enrolledAt + DAY),
            });
          }
          if (completed === null) continue;
          if (chance(0.85)) {
            const post = Math.min(7, pre + between(-1, 4));
            attempts.push({
              userId,
              offeringId: offering.id,
              enrolmentId: enrolment.id,
              kind: "post",
              score: Math.max(0, post),
              maxScore: 7,
              answers: {},
              createdAt: new Date(completed),
            });
          }
          if (chance(0.75)) {
            const likert = () => Math.min(5, Math.max(1, between(3, 5) - (chance(0.1) ? 2 : 0)));
            surveys.push({
              enrolmentId: enrolment.id,
              offeringId: offering.id,
              courseId: run.courseId,
              relevance: likert(),
              clarity: likert(),
              trainer: likert(),
              usefulness: likert(),
              recommend: likert(),
              comment: null,
              createdAt: new Date(completed + 3_600_000),
            });
          }
          const issuedAt = completed + between(1, 6) * DAY;
          if (issuedAt > nowMs || !chance(0.9)) continue;
          const revokedAt = chance(0.06) ? Math.min(nowMs, issuedAt + between(2, 20) * DAY) : null;
          issued.push({
            code: makeCertificateCode(run.periodLabel, (n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256))),
            enrolmentId: enrolment.id,
            userId,
            offeringId: offering.id,
            courseId: run.courseId,
            language: "fr",
            nameLatin: nameOf.get(userId) ?? null,
            nameArabic: null,
            courseTitle: course.title,
            hours: course.hours,
            periodLabel: run.periodLabel,
            completedAt: new Date(completed),
            issuedAt: new Date(issuedAt),
            issuer: { ar: "مركز تمكين", fr: "Centre Tamkeen" },
            issuedBy: null,
            subjectSalt: Math.floor(random() * 2 ** 48).toString(16),
            revokedAt: revokedAt === null ? null : new Date(revokedAt),
            revocationCategory: revokedAt === null ? null : "issued-in-error",
            revocationReason: revokedAt === null ? null : "Demo",
            startsAt: run.startsAt,
            endsAt: run.endsAt,
          });
        }
      }
      // In slices: SQLite limits the number of values in one statement.
      for (let i = 0; i < attempts.length; i += 100)
        tx.insert(assessmentAttempts)
          .values(attempts.slice(i, i + 100))
          .run();
      for (let i = 0; i < surveys.length; i += 50)
        tx.insert(surveyResponses)
          .values(surveys.slice(i, i + 50))
          .run();
      for (let i = 0; i < issued.length; i += 25)
        tx.insert(certificates)
          .values(issued.slice(i, i + 25))
          .onConflictDoNothing()
          .run();
      return true;
    },
    { behavior: "immediate" },
  );
}
