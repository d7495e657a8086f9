// The scale data set (issue 9): 50,000 learners, 1,000 offerings, 2,000,000 lesson-progress rows and 50,000
// certificates, written into an already migrated and seeded SQLite file (courses and lessons must exist) with raw
// prepared inserts in one transaction per table — about a minute on this machine.
// Shape: every learner is in 6 of offerings 1–999 (about 300 each); offering 1,000 has exactly 200 learners (the
// roster and certificate-overview benches use it) and its own trainer; certificates go to those 200 and to the
// first 49,800 other enrolments that completed their course.
import Database from "better-sqlite3";

export type Dataset = { rosterOfferingId: number; rosterTrainerEmail: string; sampleLearnerEmail: string; counts: Record<string, number>; ms: number };

export function generateDataset(file: string, opts = { learners: 50_000, offerings: 1_000, progressRows: 2_000_000, certificates: 50_000 }): Dataset {
  const started = performance.now();
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const courses = db.prepare("select id, hours from courses where archived_at is null order by folder").all() as { id: string; hours: number }[];
  const lessonsOf = new Map<string, number[]>();
  for (const c of courses)
    lessonsOf.set(
      c.id,
      (db.prepare("select id from lessons where course_id = ? and archived_at is null order by position").all(c.id) as { id: number }[]).map((r) => r.id),
    );
  const now = Date.now();
  const DAY = 86_400_000;

  const firstUserId = (db.prepare("select coalesce(max(id), 0) + 1 as n from users").get() as { n: number }).n;
  const insertUser = db.prepare("insert into users (id, email, display_name, name_arabic, name_latin, role, locale) values (?, ?, ?, ?, ?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < opts.learners; i++)
      insertUser.run(firstUserId + i, `bench${i}@learners.test`, `متعلم ${i}`, `متعلم ${i}`, `Learner ${i}`, "learner", i % 3 ? "ar" : "fr");
    insertUser.run(firstUserId + opts.learners, "bench-trainer@trainers.test", "Bench Trainer", null, "Bench Trainer", "trainer", "fr");
  })();
  const trainerId = firstUserId + opts.learners;

  const insertOffering = db.prepare(
    "insert into offerings (course_id, period_label, enrol_opens_at, enrol_closes_at, starts_at, ends_at, capacity, languages, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
  );
  const offeringIds: number[] = [];
  const offeringCourse: string[] = [];
  db.transaction(() => {
    for (let o = 0; o < opts.offerings; o++) {
      const course = courses[o % courses.length];
      const starts = now - (o % 20) * 30 * DAY;
      const { id } = insertOffering.get(
        course.id,
        `bench-${o + 1}`,
        starts - 30 * DAY,
        starts + 14 * DAY,
        starts,
        starts + 90 * DAY,
        400,
        '["ar","fr"]',
        o % 20 === 0 ? "running" : "closed",
      ) as { id: number };
      offeringIds.push(id);
      offeringCourse.push(course.id);
    }
  })();
  const rosterIndex = opts.offerings - 1;
  const rosterOfferingId = offeringIds[rosterIndex];
  db.prepare("update offerings set status = 'running' where id = ?").run(rosterOfferingId);
  db.prepare("insert into offering_trainers (offering_id, user_id) values (?, ?)").run(rosterOfferingId, trainerId);

  // Enrolments: (user, offering index) pairs; the 200 of the roster offering first, so they get certificates.
  const pairs: [number, number][] = [];
  for (let u = 0; u < 200; u++) pairs.push([u, rosterIndex]);
  for (let u = 0; u < opts.learners; u++) for (let k = 0; k < 6; k++) pairs.push([u, (u + k * 166) % rosterIndex]);
  const insertEnrolment = db.prepare(
    "insert into enrolments (offering_id, user_id, status, requested_at, enrolled_at, completed_at, last_activity_at) values (?, ?, 'enrolled', ?, ?, ?, ?) returning id",
  );
  const insertProgress = db.prepare("insert into lesson_progress (enrolment_id, lesson_id, first_opened_at, completed_at) values (?, ?, ?, ?)");
  const insertCertificate = db.prepare(
    `insert into certificates (code, enrolment_id, user_id, offering_id, course_id, language, name_arabic, name_latin, course_title, hours, period_label, completed_at, issued_at, issuer, subject_salt)
     select ?, ?, ?, ?, c.id, 'ar-fr', ?, ?, c.title, c.hours, ?, ?, ?, '{"ar":"تمكين","fr":"Tamkeen"}', ? from courses c where c.id = ?`,
  );
  let progress = 0;
  let certificates = 0;
  db.transaction(() => {
    for (const [u, o] of pairs) {
      const userId = firstUserId + u;
      const courseId = offeringCourse[o];
      const lessonIds = lessonsOf.get(courseId)!;
      const left = opts.progressRows - progress;
      const take = Math.min(lessonIds.length, left);
      const completed = take === lessonIds.length && certificates < opts.certificates;
      const t = now - (u % 90) * DAY;
      const { id: enrolmentId } = insertEnrolment.get(offeringIds[o], userId, t, t, completed ? t : null, t) as { id: number };
      for (let l = 0; l < take; l++) insertProgress.run(enrolmentId, lessonIds[l], t, t);
      progress += take;
      if (completed) {
        insertCertificate.run(
          `B${enrolmentId.toString(36).toUpperCase().padStart(8, "0")}`,
          enrolmentId,
          userId,
          offeringIds[o],
          `متعلم ${u}`,
          `Learner ${u}`,
          `bench-${o + 1}`,
          t,
          t,
          "00",
          courseId,
        );
        certificates++;
      }
    }
  })();
  db.pragma("optimize");
  // Readers would otherwise consult a 100 MB write-ahead log until the server's first checkpoint.
  db.pragma("wal_checkpoint(TRUNCATE)");
  const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const counts = {
    learners: count("users where role = 'learner'"),
    offerings: count("offerings"),
    enrolments: count("enrolments"),
    progressRows: count("lesson_progress"),
    certificates: count("certificates"),
  };
  db.close();
  return {
    rosterOfferingId,
    rosterTrainerEmail: "bench-trainer@trainers.test",
    sampleLearnerEmail: "bench1@learners.test",
    counts,
    ms: Math.round(performance.now() - started),
  };
}
