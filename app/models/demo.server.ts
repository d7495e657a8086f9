import { count, eq, inArray } from "drizzle-orm";
import { courseAuthors, courses, enrolments, offerings, offeringTrainers, users } from "../../db/schema";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { db } from "~/utils/db.server";

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

  return db.transaction(
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
}
