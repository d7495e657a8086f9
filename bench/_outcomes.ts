// What funders' reports read, added to the scale data set (bench/_dataset.ts) in realistic proportions:
// 300 associations across the 12 regions (90 % of learners belong to one; the others give a region of their own);
// 60 % consented to profile data (of them 55 % women, 45 % men; 85 % also gave a birth year between 1975 and 2010);
// a pre-test on 70 % of enrolments, a post-test on 80 % of the completed ones that took the pre-test (scores out of
// 10, the post a little higher); a satisfaction survey on 50 % of completed enrolments (answers mostly 4 and 5).
// Deterministic (a small seeded generator), one transaction per table.
import Database from "better-sqlite3";

const REGIONS = ["TTA", "ORI", "FME", "RSK", "BMK", "CSE", "MSA", "DTA", "SMA", "GON", "LSH", "DOD"];
// Rough weights by population: Casablanca-Settat, Rabat-Salé-Kénitra and Fès-Meknès first, the southern regions last.
const REGION_WEIGHTS = [11, 7, 12, 13, 7, 20, 13, 5, 8, 1.5, 1, 0.5];

export function generateOutcomes(file: string, opts = { associations: 300 }) {
  const started = performance.now();
  let seed = 20261127;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const totalWeight = REGION_WEIGHTS.reduce((a, b) => a + b, 0);
  const region = () => {
    let r = random() * totalWeight;
    for (let i = 0; i < REGIONS.length; i++) if ((r -= REGION_WEIGHTS[i]!) < 0) return REGIONS[i]!;
    return REGIONS[0]!;
  };
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");

  const insertAssociation = db.prepare("insert into associations (name, region_code, city, status) values (?, ?, ?, 'active') returning id, region_code");
  const associations: { id: number; region: string }[] = [];
  db.transaction(() => {
    for (let i = 0; i < opts.associations; i++) {
      const row = insertAssociation.get(`جمعية الاختبار ${i + 1}`, region(), "Ville") as { id: number; region_code: string };
      associations.push({ id: row.id, region: row.region_code });
    }
  })();

  const learners = db.prepare("select id from users where email like 'bench%@learners.test' order by id").pluck().all() as number[];
  const updateUser = db.prepare("update users set association_id = ?, region_code = ?, sex = ?, birth_year = ?, profile_consent_at = ? where id = ?");
  const now = Date.now();
  let consented = 0;
  db.transaction(() => {
    for (const id of learners) {
      const inAssociation = random() < 0.9 ? associations[Math.floor(random() * associations.length)]! : null;
      const consent = random() < 0.6;
      if (consent) consented++;
      updateUser.run(
        inAssociation?.id ?? null,
        inAssociation?.region ?? region(),
        consent ? (random() < 0.55 ? "female" : "male") : null,
        consent && random() < 0.85 ? 1975 + Math.floor(random() * 36) : null,
        consent ? now - Math.floor(random() * 300) * 86_400_000 : null,
        id,
      );
    }
  })();

  const enrolments = db
    .prepare("select e.id, e.user_id, e.offering_id, o.course_id, e.enrolled_at, e.completed_at from enrolments e join offerings o on o.id = e.offering_id")
    .raw()
    .all() as [number, number, number, string, number, number | null][];
  const insertAttempt = db.prepare(
    "insert or ignore into assessment_attempts (user_id, offering_id, enrolment_id, kind, score, max_score, answers, created_at) values (?, ?, ?, ?, ?, 10, '{}', ?)",
  );
  const insertSurvey = db.prepare(
    "insert or ignore into survey_responses (enrolment_id, offering_id, course_id, relevance, clarity, trainer, usefulness, recommend, comment, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const likert = () => {
    const r = random();
    return r < 0.03 ? 1 : r < 0.08 ? 2 : r < 0.25 ? 3 : r < 0.6 ? 4 : 5;
  };
  let attempts = 0;
  let surveys = 0;
  db.transaction(() => {
    for (const [id, userId, offeringId, , enrolledAt, completedAt] of enrolments) {
      if (random() >= 0.7) continue;
      const pre = Math.floor(random() * 8);
      // The demo's own enrolments may already have their tests: those are left as they are.
      attempts += insertAttempt.run(userId, offeringId, id, "pre", pre, enrolledAt + 3_600_000).changes;
      if (completedAt !== null && random() < 0.8) {
        attempts += insertAttempt.run(userId, offeringId, id, "post", Math.min(10, pre + Math.floor(random() * 5)), completedAt).changes;
      }
    }
    for (const [id, , offeringId, courseId, , completedAt] of enrolments) {
      if (completedAt === null || random() >= 0.5) continue;
      insertSurvey.run(
        id,
        offeringId,
        courseId,
        likert(),
        likert(),
        likert(),
        likert(),
        likert(),
        random() < 0.2 ? "مفيد جدا لجمعيتنا" : null,
        completedAt + 60_000,
      );
      surveys++;
    }
  })();
  db.pragma("optimize");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return { associations: associations.length, consented, attempts, surveys, ms: Math.round(performance.now() - started) };
}
