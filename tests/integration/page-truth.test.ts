import "./journey-setup";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAllLessons } from "~/models/course.server";
import { enrol, withdraw } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import { rosterOf } from "~/models/roster.server";
import * as catalogue from "~/routes/courses._index";
import * as coursePage from "~/routes/courses.$course._index";
import * as lessonPage from "~/routes/courses.$course.$lesson";
import * as learn from "~/routes/learn";
import * as trainerHome from "~/routes/trainer._index";
import * as rosterPage from "~/routes/trainer.offerings.$id._index";
import * as reviews from "~/routes/trainer.offerings.$id.reviews";
import { sqlite } from "~/utils/db.server";
import { cookieFor, getRequest, makeUser, run } from "../helpers";

// The numbers a person sees on the catalogue, the course page, /learn and the trainer's roster, for one session of
// the two-lesson "mini" course (2 lessons, 2 quizzes, 1 exercise: 5 requirements) with learners in every state,
// each put there through the same actions a person uses.

const DAY = 86_400_000;
const now = Date.now();
let period = 0;

function makeOffering(overrides: Partial<Parameters<typeof saveOffering>[0]> = {}) {
  period += 1;
  const created = saveOffering({
    courseId: "mini",
    periodLabel: `2027-${String(period).padStart(2, "0")}`,
    enrolOpensAt: new Date(now - 5 * DAY),
    enrolClosesAt: new Date(now + 10 * DAY),
    startsAt: new Date(now - DAY),
    endsAt: new Date(now + 30 * DAY),
    capacity: 6,
    languages: ["ar", "fr"],
    status: "running",
    trainerIds: [],
    ...overrides,
  });
  if (!created.ok) throw new Error(created.error);
  return created.id;
}

function post(path: string, pairs: [string, string][], cookie: string) {
  const body = new URLSearchParams();
  for (const [k, v] of pairs) body.append(k, v);
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    body,
    headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
  });
}

function exercise(answer: string, cookie: string) {
  const body = new FormData();
  body.append("intent", "exercise");
  body.append("exerciseId", "plan");
  body.append("answer", answer);
  return new Request("http://localhost:3000/courses/mini/second", { method: "POST", body, headers: { Cookie: cookie } });
}

const first = { course: "mini", lesson: "first" };
const second = { course: "mini", lesson: "second" };
const passFirstQuiz: [string, string][] = [
  ["intent", "quiz"],
  ["quizId", "first-quiz"],
  ["answer.q1", "a"],
  ["answer.q2", "a"],
  ["answer.q2", "b"],
];
const failFirstQuiz: [string, string][] = [
  ["intent", "quiz"],
  ["quizId", "first-quiz"],
  ["answer.q1", "b"],
  ["answer.q2", "a"],
];
const passSecondQuiz: [string, string][] = [
  ["intent", "quiz"],
  ["quizId", "second-quiz"],
  ["answer.q1", "a"],
];

type Learner = { id: number; name: string; cookie: string; enrolmentId: number };

/** One session with learners in every state; returns them by state. */
async function session(trainerId: number, trainerCookie: string) {
  const offeringId = makeOffering({ trainerIds: [trainerId] });
  const join = async (state: string): Promise<Learner> => {
    const user = makeUser("learner", { displayName: `${state} ${offeringId}` });
    const { cookie } = await cookieFor(user.id);
    const { enrolment } = enrol(offeringId, user.id);
    return { id: user.id, name: user.displayName, cookie, enrolmentId: enrolment.id };
  };
  const ok = async (outcome: Promise<{ status: number }>) => expect((await outcome).status).toBe(302);
  const review = async (learner: Learner, decision: string, feedback = "") => {
    const version = sqlite.prepare("SELECT id, version FROM submissions WHERE enrolment_id = ?").get(learner.enrolmentId) as { id: number; version: number };
    await ok(
      run(
        reviews.action,
        post(
          `/trainer/offerings/${offeringId}/reviews`,
          [
            ["submissionId", String(version.id)],
            ["version", String(version.version)],
            ["decision", decision],
            ["feedback", feedback],
          ],
          trainerCookie,
        ),
        { id: String(offeringId) },
      ),
    );
  };
  const sendEverything = async (learner: Learner) => {
    await ok(run(lessonPage.action, post("/courses/mini/first", passFirstQuiz, learner.cookie), first));
    await ok(run(lessonPage.action, post("/courses/mini/second", passSecondQuiz, learner.cookie), second));
    await ok(run(lessonPage.action, exercise("Mon plan.", learner.cookie), second));
  };

  const notStarted = await join("not-started");
  const inProgress = await join("in-progress");
  await ok(run(lessonPage.action, post("/courses/mini/first", passFirstQuiz, inProgress.cookie), first));
  const quizFailed = await join("quiz-failed");
  await ok(run(lessonPage.action, post("/courses/mini/first", failFirstQuiz, quizFailed.cookie), first));
  const awaiting = await join("awaiting-review");
  await sendEverything(awaiting);
  const revise = await join("to-revise");
  await sendEverything(revise);
  await review(revise, "changes_requested", "Ajoutez un calendrier.");
  const completed = await join("completed");
  await sendEverything(completed);
  await review(completed, "accepted");
  const waitlisted = await join("waitlisted");
  const leaver = makeUser("learner");
  withdraw(enrol(offeringId, leaver.id).enrolment.id);
  return { offeringId, learners: { notStarted, inProgress, quizFailed, awaiting, revise, completed }, waitlisted };
}

/** What the database holds for one enrolment, read with plain SQL (not through the models under test). */
function truth(enrolmentId: number) {
  const one = (query: string) => (sqlite.prepare(query).get(enrolmentId) as { n: number }).n;
  const lessonsDone = one(
    "SELECT count(*) AS n FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id WHERE p.enrolment_id = ? AND p.completed_at IS NOT NULL AND l.archived_at IS NULL",
  );
  const quizzesPassed = one("SELECT count(DISTINCT lesson_id || ':' || quiz_id) AS n FROM quiz_attempts WHERE enrolment_id = ? AND passed = 1");
  const quizzesFailed = one(
    "SELECT count(*) AS n FROM (SELECT lesson_id, quiz_id FROM quiz_attempts WHERE enrolment_id = ? GROUP BY lesson_id, quiz_id HAVING max(passed) = 0)",
  );
  const best = sqlite.prepare("SELECT max(score) AS best FROM quiz_attempts WHERE enrolment_id = ? GROUP BY lesson_id, quiz_id").all(enrolmentId) as {
    best: number;
  }[];
  const byStatus = (status: string) =>
    (sqlite.prepare("SELECT count(*) AS n FROM submissions WHERE enrolment_id = ? AND status = ?").get(enrolmentId, status) as { n: number }).n;
  const accepted = byStatus("accepted");
  return {
    lessonsDone,
    quizzesPassed,
    quizzesFailed,
    averageScore: best.length ? Math.round(best.reduce((s, b) => s + b.best, 0) / best.length) : null,
    exercisesAccepted: accepted,
    exercisesWaiting: byStatus("submitted"),
    exercisesToRedo: byStatus("changes_requested"),
    percent: Math.round(((lessonsDone + quizzesPassed + accepted) / 5) * 100),
    completedAt: (sqlite.prepare("SELECT completed_at AS n FROM enrolments WHERE id = ?").get(enrolmentId) as { n: number | null }).n,
  };
}

// What each state means, in the page's numbers (cross-checked against `truth` below).
const expected = {
  notStarted: {
    lessonsDone: 0,
    quizzesPassed: 0,
    quizzesFailed: 0,
    averageScore: null,
    exercisesAccepted: 0,
    exercisesWaiting: 0,
    exercisesToRedo: 0,
    percent: 0,
    next: "first",
  },
  inProgress: {
    lessonsDone: 1,
    quizzesPassed: 1,
    quizzesFailed: 0,
    averageScore: 100,
    exercisesAccepted: 0,
    exercisesWaiting: 0,
    exercisesToRedo: 0,
    percent: 40,
    next: "second",
  },
  quizFailed: {
    lessonsDone: 0,
    quizzesPassed: 0,
    quizzesFailed: 1,
    averageScore: 0,
    exercisesAccepted: 0,
    exercisesWaiting: 0,
    exercisesToRedo: 0,
    percent: 0,
    next: "first",
  },
  awaiting: {
    lessonsDone: 2,
    quizzesPassed: 2,
    quizzesFailed: 0,
    averageScore: 100,
    exercisesAccepted: 0,
    exercisesWaiting: 1,
    exercisesToRedo: 0,
    percent: 80,
    next: null,
  },
  revise: {
    lessonsDone: 2,
    quizzesPassed: 2,
    quizzesFailed: 0,
    averageScore: 100,
    exercisesAccepted: 0,
    exercisesWaiting: 0,
    exercisesToRedo: 1,
    percent: 80,
    next: "second",
  },
  completed: {
    lessonsDone: 2,
    quizzesPassed: 2,
    quizzesFailed: 0,
    averageScore: 100,
    exercisesAccepted: 1,
    exercisesWaiting: 0,
    exercisesToRedo: 0,
    percent: 100,
    next: null,
  },
} as const;

let trainer: { id: number; cookie: string };
let fixture: Awaited<ReturnType<typeof session>>;

beforeAll(async () => {
  expect((await buildAllLessons()).failures).toEqual([]);
  const user = makeUser("trainer");
  trainer = { id: user.id, cookie: (await cookieFor(user.id)).cookie };
  fixture = await session(trainer.id, trainer.cookie);
});

describe("catalogue", () => {
  it("shows each course's lesson count, minutes, next session and seats left as the database holds them", async () => {
    // A later session, enrolling too: the catalogue shows the one enrolling now that starts first (the fixture's).
    const later = makeOffering({ periodLabel: "2026-11", startsAt: new Date(now + DAY), status: "open", capacity: 10 });
    for (let i = 0; i < 3; i++) enrol(later, makeUser().id);
    withdraw(enrol(later, makeUser().id).enrolment.id);
    const page = await run(catalogue.loader, getRequest("/courses?language=ar", { headers: { "Accept-Language": "ar" } }));
    const mini = page.data.courses.find((c: { id: string }) => c.id === "mini");
    const lessons = sqlite.prepare("SELECT count(*) AS n, sum(duration_minutes) AS m FROM lessons WHERE course_id = 'mini' AND archived_at IS NULL").get() as {
      n: number;
      m: number;
    };
    const next = sqlite
      .prepare(
        "SELECT id, period_label AS periodLabel, capacity FROM offerings WHERE course_id = 'mini' AND status IN ('open', 'running') AND enrol_opens_at <= ? AND enrol_closes_at >= ? ORDER BY starts_at LIMIT 1",
      )
      .get(Date.now(), Date.now()) as { id: number; periodLabel: string; capacity: number };
    const seats = (id: number) =>
      sqlite.prepare("SELECT sum(status = 'enrolled') AS enrolled, sum(status = 'waitlisted') AS waitlisted FROM enrolments WHERE offering_id = ?").get(id) as {
        enrolled: number;
        waitlisted: number;
      };
    expect(lessons).toEqual({ n: 2, m: 10 });
    expect(next.id).toBe(fixture.offeringId);
    expect(seats(next.id)).toEqual({ enrolled: 6, waitlisted: 1 });
    expect(mini).toMatchObject({
      lessonCount: 2,
      minutes: 10,
      offering: { id: next.id, periodLabel: next.periodLabel, capacity: 6, ...seats(next.id), enrolmentOpen: true },
    });
    // Shown as "full — 1 waiting": no seat left.
    expect(mini.offering.capacity - mini.offering.enrolled).toBe(0);
    // The later session's own numbers, as the course page lists every session.
    const listed = (await run(coursePage.loader, getRequest("/courses/mini"), { course: "mini" })).data.offerings.find((o: { id: number }) => o.id === later);
    expect(seats(later)).toEqual({ enrolled: 3, waitlisted: 0 });
    expect(listed).toMatchObject({ periodLabel: "2026-11", capacity: 10, enrolled: 3, waitlisted: 0 });
  });
});

describe("course page", () => {
  it("shows the syllabus, the seats of the fixture's full session with its waiting list, and each visitor's own standing", async () => {
    const forLearner = async (cookie?: string) => (await run(coursePage.loader, getRequest("/courses/mini", { cookie }), { course: "mini" })).data;
    const anonymous = await forLearner();
    expect(anonymous.lessons.map((l: { slug: string; duration: number }) => [l.slug, l.duration])).toEqual([
      ["first", 5],
      ["second", 5],
    ]);
    const shown = anonymous.offerings.find((o: { id: number }) => o.id === fixture.offeringId);
    const seats = sqlite
      .prepare("SELECT sum(status = 'enrolled') AS enrolled, sum(status = 'waitlisted') AS waitlisted FROM enrolments WHERE offering_id = ?")
      .get(fixture.offeringId);
    expect(seats).toEqual({ enrolled: 6, waitlisted: 1 });
    expect(shown).toMatchObject({ capacity: 6, enrolled: 6, waitlisted: 1, mine: null });
    const mine = (await forLearner(fixture.waitlisted.cookie)).offerings.find((o: { id: number }) => o.id === fixture.offeringId).mine;
    expect(mine).toEqual({ id: fixture.waitlisted.enrolmentId, status: "waitlisted" });
  });
});

describe("/learn", () => {
  it("shows each learner's progress, the lesson to continue with, and their exercises' states", async () => {
    for (const [state, learner] of Object.entries(fixture.learners) as [keyof typeof expected, Learner][]) {
      const page = await run(learn.loader, getRequest("/learn", { cookie: learner.cookie }));
      const item = page.data.items.find((i: { id: number }) => i.id === learner.enrolmentId);
      const want = expected[state];
      const db = truth(learner.enrolmentId);
      expect(db, state).toMatchObject({
        lessonsDone: want.lessonsDone,
        quizzesPassed: want.quizzesPassed,
        exercisesWaiting: want.exercisesWaiting,
        exercisesToRedo: want.exercisesToRedo,
        percent: want.percent,
      });
      expect(item.percent, state).toBe(db.percent);
      expect(item.state, state).toMatchObject({
        lessonsDone: db.lessonsDone,
        lessonsTotal: 2,
        quizzesPassed: db.quizzesPassed,
        quizzesTotal: 2,
        exercisesAccepted: db.exercisesAccepted,
        exercisesWaiting: db.exercisesWaiting,
        exercisesToRedo: db.exercisesToRedo,
        exercisesTotal: 1,
        complete: state === "completed",
      });
      expect(item.next?.href ?? null, state).toBe(want.next ? `/courses/mini/${want.next}` : null);
      if (state === "completed") expect(item.state.completedAt, state).toBe(db.completedAt);
    }
  });

  it("a waitlisted learner sees no progress and no lesson to continue", async () => {
    const page = await run(learn.loader, getRequest("/learn", { cookie: fixture.waitlisted.cookie }));
    expect(page.data.items).toMatchObject([{ id: fixture.waitlisted.enrolmentId, status: "waitlisted", state: null, next: null }]);
  });
});

describe("trainer roster", () => {
  it("shows every learner's numbers as the database holds them", async () => {
    const page = await run(rosterPage.loader, getRequest(`/trainer/offerings/${fixture.offeringId}`, { cookie: trainer.cookie }), {
      id: String(fixture.offeringId),
    });
    expect(page.status).toBe(200);
    expect(page.data.toReview).toBe(1);
    const rows = new Map(page.data.roster.map((r: { enrolmentId: number }) => [r.enrolmentId, r]));
    expect(rows.size).toBe(7);
    for (const [state, learner] of Object.entries(fixture.learners) as [keyof typeof expected, Learner][]) {
      const { next: _next, ...want } = expected[state];
      const db = truth(learner.enrolmentId);
      expect(db, state).toMatchObject(want);
      expect(rows.get(learner.enrolmentId), state).toMatchObject({
        name: learner.name,
        status: "enrolled",
        ...db,
        lessonsTotal: 2,
        quizzesTotal: 2,
        exercisesTotal: 1,
        complete: state === "completed",
      });
    }
    // Reading a lesson records nothing: only what the learner did shows as activity.
    expect(rows.get(fixture.learners.notStarted.enrolmentId)).toMatchObject({ lastActivityAt: null, percent: 0 });
    expect(rows.get(fixture.waitlisted.enrolmentId)).toMatchObject({ status: "waitlisted", percent: 0, lessonsDone: 0, completedAt: null });

    const home = await run(trainerHome.loader, getRequest("/trainer", { cookie: trainer.cookie }));
    expect(home.data.offerings.find((o: { id: number }) => o.id === fixture.offeringId)).toMatchObject({ enrolled: 6, waitlisted: 1, toReview: 1 });
  });

  it("reads the roster in the same number of queries for two learners as for the whole fixture", async () => {
    const small = makeOffering();
    for (let i = 0; i < 2; i++) enrol(small, makeUser().id);
    const count = (offeringId: number) => {
      const original = sqlite.prepare;
      let queries = 0;
      sqlite.prepare = ((source: string) => {
        queries += 1;
        return original.call(sqlite, source);
      }) as typeof sqlite.prepare;
      try {
        expect(rosterOf(offeringId).length).toBeGreaterThan(0);
      } finally {
        sqlite.prepare = original;
      }
      return queries;
    };
    const few = count(small);
    const many = count(fixture.offeringId);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(8);
  });
});
