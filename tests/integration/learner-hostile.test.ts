import "./journey-setup";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAllLessons } from "~/models/course.server";
import { enrol } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import { certificateEligibility } from "~/models/progress.server";
import { updateUser } from "~/models/user.server";
import * as assets from "~/routes/course-assets.$course.$lesson.$file";
import * as coursePage from "~/routes/courses.$course._index";
import * as lessonPage from "~/routes/courses.$course.$lesson";
import * as learn from "~/routes/learn";
import * as fileRoute from "~/routes/submissions.$id.file";
import * as trainerHome from "~/routes/trainer._index";
import * as rosterPage from "~/routes/trainer.offerings.$id._index";
import * as csv from "~/routes/trainer.offerings.$id.export[.csv]";
import * as reviews from "~/routes/trainer.offerings.$id.reviews";
import { sqlite } from "~/utils/db.server";
import { cookieFor, getRequest, makeUser, replyErrors, run, type Outcome } from "../helpers";

// Hostile and malformed requests to the learner's and the trainer's actions: each gets a 4xx with a message a
// person can read, never a 500, and nothing is written.

const DAY = 86_400_000;
const en = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../app/locales/en/common.json"), "utf8"));
const translated = (key: string) => typeof key.split(".").reduce((node, part) => (node && Object.hasOwn(node, part) ? node[part] : undefined), en) === "string";

/** The message the page shows: a refusal's key, a form reply's first error, or the error page's reason. */
function message(outcome: Outcome): string | undefined {
  const reply = replyErrors(outcome);
  return outcome.data?.error ?? reply[""]?.[0] ?? Object.values(reply)[0]?.[0] ?? outcome.data?.reason;
}

function expectRefused(outcome: Outcome, status?: number) {
  expect(outcome.status).toBeGreaterThanOrEqual(400);
  expect(outcome.status).toBeLessThan(500);
  if (status) expect(outcome.status).toBe(status);
  const key = message(outcome);
  expect(key, `status ${outcome.status} without a message`).toBeTruthy();
  // Error pages are translated by their status; replies carry i18n keys that must exist.
  if (outcome.data?.reason === undefined) expect(translated(key!), key).toBe(true);
}

const writes = () => (sqlite.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const snapshot = () => ({
  attempts: count("quiz_attempts"),
  submissions: count("submissions"),
  enrolments: count("enrolments"),
  progress: count("lesson_progress"),
  writes: writes(),
});

function post(url: string, pairs: [string, string][], cookie: string, contentType = "application/x-www-form-urlencoded") {
  const body = new URLSearchParams();
  for (const [k, v] of pairs) body.append(k, v);
  return new Request(`http://localhost:3000${url}`, { method: "POST", body: body.toString(), headers: { Cookie: cookie, "Content-Type": contentType } });
}

function multipart(url: string, fields: [string, string | File][], cookie: string) {
  const body = new FormData();
  for (const [k, v] of fields) body.append(k, v);
  return new Request(`http://localhost:3000${url}`, { method: "POST", body, headers: { Cookie: cookie } });
}

const PROTO_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];
const first = { course: "mini", lesson: "first" };
const second = { course: "mini", lesson: "second" };
const validQuiz: [string, string][] = [
  ["intent", "quiz"],
  ["quizId", "first-quiz"],
  ["answer.q1", "a"],
  ["answer.q2", "a"],
  ["answer.q2", "b"],
];

let learner: { id: number; cookie: string; enrolmentId: number };
let trainerCookie: string;
let offeringId: number;
let submissionId: number;

beforeAll(async () => {
  expect((await buildAllLessons()).failures).toEqual([]);
  const trainer = makeUser("trainer");
  trainerCookie = (await cookieFor(trainer.id)).cookie;
  const created = saveOffering({
    courseId: "mini",
    periodLabel: "2029-Q2",
    enrolOpensAt: new Date(Date.now() - DAY),
    enrolClosesAt: new Date(Date.now() + DAY),
    startsAt: new Date(Date.now() - DAY),
    endsAt: new Date(Date.now() + 30 * DAY),
    capacity: 10,
    languages: ["ar"],
    status: "running",
    trainerIds: [trainer.id],
  });
  if (!created.ok) throw new Error(created.error);
  offeringId = created.id;
  const user = makeUser();
  learner = { id: user.id, cookie: (await cookieFor(user.id)).cookie, enrolmentId: enrol(offeringId, user.id).enrolment.id };
  const sent = await run(
    lessonPage.action,
    multipart(
      "/courses/mini/second",
      [
        ["intent", "exercise"],
        ["exerciseId", "plan"],
        ["answer", "Mon plan"],
      ],
      learner.cookie,
    ),
    second,
  );
  expect(sent.status).toBe(302);
  submissionId = (sqlite.prepare("SELECT id FROM submissions WHERE enrolment_id = ?").get(learner.enrolmentId) as { id: number }).id;
});

describe("quiz: keys from the request never index plain objects", () => {
  for (const key of PROTO_KEYS) {
    it(`answer.${key} is a tampered form (400), nothing stored, nothing polluted`, async () => {
      const before = snapshot();
      const outcome = await run(lessonPage.action, post("/courses/mini/first", [...validQuiz, [`answer.${key}`, "a"]], learner.cookie), first);
      expectRefused(outcome, 400);
      expect(outcome.data.error).toBe("lesson.quiz.tampered");
      // What was ticked on the real questions comes back, to be shown ticked again.
      expect(outcome.data.rejected).toEqual({
        kind: "quiz",
        id: "first-quiz",
        error: "lesson.quiz.tampered",
        answers: [
          ["q1", ["a"]],
          ["q2", ["a", "b"]],
        ],
      });
      expect(snapshot()).toEqual(before);
      expect(({} as Record<string, unknown>).a).toBeUndefined();
    });

    it(`quizId ${key}, option ${key} and exerciseId ${key} are refused with 400`, async () => {
      const before = snapshot();
      expectRefused(
        await run(
          lessonPage.action,
          post(
            "/courses/mini/first",
            [
              ["intent", "quiz"],
              ["quizId", key],
              ["answer.q1", "a"],
            ],
            learner.cookie,
          ),
          first,
        ),
        400,
      );
      expectRefused(
        await run(
          lessonPage.action,
          post(
            "/courses/mini/first",
            [
              ["intent", "quiz"],
              ["quizId", "first-quiz"],
              ["answer.q1", key],
              ["answer.q2", "a"],
            ],
            learner.cookie,
          ),
          first,
        ),
        400,
      );
      const exercise = await run(
        lessonPage.action,
        multipart(
          "/courses/mini/second",
          [
            ["intent", "exercise"],
            ["exerciseId", key],
            ["answer", "x"],
          ],
          learner.cookie,
        ),
        second,
      );
      expectRefused(exercise, 400);
      expect(exercise.data.error).toBe("lesson.exercise.unknown");
      expectRefused(await run(lessonPage.action, post("/courses/mini/first", [["intent", key]], learner.cookie), first), 400);
      expect(snapshot()).toEqual(before);
    });
  }

  it("an unanswered question keeps what was ticked on the others", async () => {
    const outcome = await run(
      lessonPage.action,
      post(
        "/courses/mini/first",
        [
          ["intent", "quiz"],
          ["quizId", "first-quiz"],
          ["answer.q2", "b"],
        ],
        learner.cookie,
      ),
      first,
    );
    expectRefused(outcome, 400);
    expect(outcome.data.rejected).toEqual({
      kind: "quiz",
      id: "first-quiz",
      error: "lesson.quiz.incomplete",
      answers: [
        ["q1", []],
        ["q2", ["b"]],
      ],
    });
  });
});

describe("malformed bodies to the lesson, course and review actions", () => {
  const cases: { name: string; send: () => Promise<Outcome>; status: number }[] = [
    {
      name: "quiz as text/plain",
      send: () => run(lessonPage.action, post("/courses/mini/first", validQuiz, learner.cookie, "text/plain"), first),
      status: 415,
    },
    {
      name: "quiz as JSON",
      send: () =>
        run(
          lessonPage.action,
          new Request("http://localhost:3000/courses/mini/first", {
            method: "POST",
            body: '{"intent":"quiz"}',
            headers: { Cookie: learner.cookie, "Content-Type": "application/json" },
          }),
          first,
        ),
      status: 415,
    },
    {
      name: "quiz without a content type",
      send: () =>
        run(
          lessonPage.action,
          new Request("http://localhost:3000/courses/mini/first", { method: "POST", body: new Uint8Array([1, 2]), headers: { Cookie: learner.cookie } }),
          first,
        ),
      status: 415,
    },
    {
      name: "a form over 64 KB",
      send: () => run(lessonPage.action, post("/courses/mini/first", [...validQuiz, ["pad", "x".repeat(70_000)]], learner.cookie), first),
      status: 413,
    },
    {
      name: "broken multipart",
      send: () =>
        run(
          lessonPage.action,
          new Request("http://localhost:3000/courses/mini/second", {
            method: "POST",
            body: '--abc\r\nContent-Disposition: form-data; name="intent"\r\n\r\nexercise\r\n--abd--',
            headers: { Cookie: learner.cookie, "Content-Type": "multipart/form-data; boundary=abc" },
          }),
          second,
        ),
      status: 400,
    },
    {
      name: "intent sent twice",
      send: () => run(lessonPage.action, post("/courses/mini/first", [["intent", "quiz"], ...validQuiz], learner.cookie), first),
      status: 400,
    },
    {
      name: "quizId sent twice",
      send: () => run(lessonPage.action, post("/courses/mini/first", [...validQuiz, ["quizId", "first-quiz"]], learner.cookie), first),
      status: 400,
    },
    {
      name: "an answer sent as a file",
      send: () =>
        run(
          lessonPage.action,
          multipart(
            "/courses/mini/first",
            [
              ["intent", "quiz"],
              ["quizId", "first-quiz"],
              ["answer.q1", new File(["a"], "a.txt")],
              ["answer.q2", "a"],
            ],
            learner.cookie,
          ),
          first,
        ),
      status: 400,
    },
    {
      name: "exerciseId sent twice",
      send: () =>
        run(
          lessonPage.action,
          multipart(
            "/courses/mini/second",
            [
              ["intent", "exercise"],
              ["exerciseId", "plan"],
              ["exerciseId", "plan"],
              ["answer", "x"],
            ],
            learner.cookie,
          ),
          second,
        ),
      status: 400,
    },
    {
      name: "an exercise answer sent as a file",
      send: () =>
        run(
          lessonPage.action,
          multipart(
            "/courses/mini/second",
            [
              ["intent", "exercise"],
              ["exerciseId", "plan"],
              ["answer", new File(["x"], "x.txt")],
            ],
            learner.cookie,
          ),
          second,
        ),
      status: 400,
    },
    {
      name: "an exercise answer over 20,000 characters",
      send: () =>
        run(
          lessonPage.action,
          multipart(
            "/courses/mini/second",
            [
              ["intent", "exercise"],
              ["exerciseId", "plan"],
              ["answer", "x".repeat(20_001)],
            ],
            learner.cookie,
          ),
          second,
        ),
      status: 400,
    },
    {
      name: "enrol with offeringId abc",
      send: () =>
        run(
          coursePage.action,
          post(
            "/courses/mini",
            [
              ["intent", "enrol"],
              ["offeringId", "abc"],
            ],
            learner.cookie,
          ),
          { course: "mini" },
        ),
      status: 400,
    },
    {
      name: "enrol with offeringId 1e3",
      send: () =>
        run(
          coursePage.action,
          post(
            "/courses/mini",
            [
              ["intent", "enrol"],
              ["offeringId", "1.5"],
            ],
            learner.cookie,
          ),
          { course: "mini" },
        ),
      status: 400,
    },
    {
      name: "enrol with offeringId -1",
      send: () =>
        run(
          coursePage.action,
          post(
            "/courses/mini",
            [
              ["intent", "enrol"],
              ["offeringId", "-1"],
            ],
            learner.cookie,
          ),
          { course: "mini" },
        ),
      status: 400,
    },
    {
      name: "enrol with a huge offeringId",
      send: () =>
        run(
          coursePage.action,
          post(
            "/courses/mini",
            [
              ["intent", "enrol"],
              ["offeringId", "99999999999999999999"],
            ],
            learner.cookie,
          ),
          { course: "mini" },
        ),
      status: 400,
    },
    {
      name: "enrol with offeringId twice",
      send: () =>
        run(
          coursePage.action,
          post(
            "/courses/mini",
            [
              ["intent", "enrol"],
              ["offeringId", String(offeringId)],
              ["offeringId", String(offeringId)],
            ],
            learner.cookie,
          ),
          { course: "mini" },
        ),
      status: 400,
    },
    {
      name: "enrol with prototype keys",
      send: () =>
        run(
          coursePage.action,
          post(
            "/courses/mini",
            [
              ["intent", "enrol"],
              ["offeringId", "__proto__"],
              ["__proto__.polluted", "1"],
              ["constructor.prototype.polluted", "1"],
            ],
            learner.cookie,
          ),
          { course: "mini" },
        ),
      status: 400,
    },
    {
      name: "an unknown intent on the course page",
      send: () => run(coursePage.action, post("/courses/mini", [["intent", "toString"]], learner.cookie), { course: "mini" }),
      status: 400,
    },
    {
      name: "course page as JSON",
      send: () =>
        run(
          coursePage.action,
          new Request("http://localhost:3000/courses/mini", {
            method: "POST",
            body: "{}",
            headers: { Cookie: learner.cookie, "Content-Type": "application/json" },
          }),
          { course: "mini" },
        ),
      status: 415,
    },
    {
      name: "an unknown offering",
      send: () =>
        run(
          coursePage.action,
          post(
            "/courses/mini",
            [
              ["intent", "enrol"],
              ["offeringId", "987654"],
            ],
            learner.cookie,
          ),
          { course: "mini" },
        ),
      status: 404,
    },
    {
      name: "a review with submissionId abc",
      send: () =>
        run(
          reviews.action,
          post(
            `/trainer/offerings/${offeringId}/reviews`,
            [
              ["submissionId", "abc"],
              ["version", "1"],
              ["decision", "accepted"],
            ],
            trainerCookie,
          ),
          { id: String(offeringId) },
        ),
      status: 400,
    },
    {
      name: "a review with decision __proto__",
      send: () =>
        run(
          reviews.action,
          post(
            `/trainer/offerings/${offeringId}/reviews`,
            [
              ["submissionId", String(submissionId)],
              ["version", "1"],
              ["decision", "__proto__"],
            ],
            trainerCookie,
          ),
          { id: String(offeringId) },
        ),
      status: 400,
    },
    {
      name: "a review decided twice in one form",
      send: () =>
        run(
          reviews.action,
          post(
            `/trainer/offerings/${offeringId}/reviews`,
            [
              ["submissionId", String(submissionId)],
              ["version", "1"],
              ["decision", "accepted"],
              ["decision", "changes_requested"],
            ],
            trainerCookie,
          ),
          { id: String(offeringId) },
        ),
      status: 400,
    },
    {
      name: "a review comment over 5,000 characters",
      send: () =>
        run(
          reviews.action,
          post(
            `/trainer/offerings/${offeringId}/reviews`,
            [
              ["submissionId", String(submissionId)],
              ["version", "1"],
              ["decision", "changes_requested"],
              ["feedback", "x".repeat(5001)],
            ],
            trainerCookie,
          ),
          { id: String(offeringId) },
        ),
      status: 400,
    },
    {
      name: "a review of an unknown submission",
      send: () =>
        run(
          reviews.action,
          post(
            `/trainer/offerings/${offeringId}/reviews`,
            [
              ["submissionId", "987654"],
              ["version", "1"],
              ["decision", "accepted"],
            ],
            trainerCookie,
          ),
          { id: String(offeringId) },
        ),
      status: 404,
    },
    {
      name: "a review as text/plain",
      send: () =>
        run(reviews.action, post(`/trainer/offerings/${offeringId}/reviews`, [["submissionId", String(submissionId)]], trainerCookie, "text/plain"), {
          id: String(offeringId),
        }),
      status: 415,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.status}, with a message, nothing written`, async () => {
      const before = snapshot();
      const reviewed = sqlite.prepare("SELECT status, version FROM submissions WHERE id = ?").get(submissionId);
      const outcome = await c.send();
      expectRefused(outcome, c.status);
      expect(snapshot()).toEqual(before);
      expect(sqlite.prepare("SELECT status, version FROM submissions WHERE id = ?").get(submissionId)).toEqual(reviewed);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it("a review without a comment asks for one on the comment field, keeping the decision's card", async () => {
    const outcome = await run(
      reviews.action,
      post(
        `/trainer/offerings/${offeringId}/reviews`,
        [
          ["submissionId", String(submissionId)],
          ["version", "1"],
          ["decision", "changes_requested"],
          ["feedback", "  "],
        ],
        trainerCookie,
      ),
      { id: String(offeringId) },
    );
    expectRefused(outcome, 400);
    expect(replyErrors(outcome)).toEqual({ feedback: ["reviews.feedbackRequired"] });
    expect(outcome.data.result.initialValue.submissionId).toBe(String(submissionId));
  });
});

describe("ids in URLs", () => {
  const bad = ["abc", "1.5", "-1", "__proto__", "constructor", "99999999999"];
  for (const id of bad) {
    it(`offering or submission id ${id}: 404`, async () => {
      expectRefused(await run(rosterPage.loader, getRequest(`/trainer/offerings/${id}`, { cookie: trainerCookie }), { id }), 404);
      expectRefused(await run(reviews.action, post(`/trainer/offerings/${id}/reviews`, [["submissionId", "1"]], trainerCookie), { id }), 404);
      expectRefused(await run(csv.loader, getRequest(`/trainer/offerings/${id}/export.csv`, { cookie: trainerCookie }), { id }), 404);
      expectRefused(await run(fileRoute.loader, getRequest(`/submissions/${id}/file`, { cookie: learner.cookie }), { id }), 404);
    });
  }

  it("course, lesson and asset names from the prototype are 404", async () => {
    for (const name of ["__proto__", "constructor", "toString"]) {
      expectRefused(await run(lessonPage.loader, getRequest(`/courses/${name}/first`), { course: name, lesson: "first" }), 404);
      expectRefused(await run(lessonPage.loader, getRequest(`/courses/mini/${name}`), { course: "mini", lesson: name }), 404);
      expectRefused(await run(coursePage.loader, getRequest(`/courses/${name}`), { course: name }), 404);
      const asset = (await assets.loader({
        request: getRequest("/x"),
        params: { course: "mini", lesson: "first", file: `x.${name}` },
        context: {},
      } as never)) as Response;
      expect(asset.status).toBe(404);
    }
  });
});

describe("who may act", () => {
  it("a disabled account cannot enrol or answer", async () => {
    const user = makeUser();
    const { cookie } = await cookieFor(user.id);
    enrol(offeringId, user.id);
    updateUser(user.id, { disabled: true });
    const before = snapshot();
    const enrolled = await run(
      coursePage.action,
      post(
        "/courses/mini",
        [
          ["intent", "enrol"],
          ["offeringId", String(offeringId)],
        ],
        cookie,
      ),
      { course: "mini" },
    );
    expect([302, 403]).toContain(enrolled.status);
    expect(enrolled.headers.get("Location") ?? "").not.toMatch(/enrolment=/);
    const quiz = await run(lessonPage.action, post("/courses/mini/first", validQuiz, cookie), first);
    expect([302, 403]).toContain(quiz.status);
    // (The disabled account's session may be ended: only learning records are compared.)
    const { writes: _before, ...records } = before;
    const { writes: _after, ...now } = snapshot();
    expect(now).toEqual(records);
  });

  it("a trainer of another session cannot see this roster, its reviews, its export or its files", async () => {
    const outsider = (await cookieFor(makeUser("trainer").id)).cookie;
    const params = { id: String(offeringId) };
    expect((await run(rosterPage.loader, getRequest(`/trainer/offerings/${offeringId}`, { cookie: outsider }), params)).status).toBe(403);
    expect((await run(reviews.loader, getRequest(`/trainer/offerings/${offeringId}/reviews`, { cookie: outsider }), params)).status).toBe(403);
    expect((await run(csv.loader, getRequest(`/trainer/offerings/${offeringId}/export.csv`, { cookie: outsider }), params)).status).toBe(403);
    const home = await run(trainerHome.loader, getRequest("/trainer", { cookie: outsider }));
    expect(home.data.offerings.map((o: { id: number }) => o.id)).not.toContain(offeringId);
    // A learner of this session cannot reach the trainer pages at all.
    expect((await run(rosterPage.loader, getRequest(`/trainer/offerings/${offeringId}`, { cookie: learner.cookie }), params)).status).toBe(403);
  });

  it("a learner cannot withdraw someone else's enrolment", async () => {
    const other = makeUser();
    const theirs = enrol(offeringId, other.id).enrolment;
    const before = snapshot();
    const outcome = await run(
      coursePage.action,
      post(
        "/courses/mini",
        [
          ["intent", "withdraw"],
          ["enrolmentId", String(theirs.id)],
        ],
        learner.cookie,
      ),
      { course: "mini" },
    );
    expectRefused(outcome, 404);
    expect(replyErrors(outcome)[""]).toEqual(["enrol.notYours"]);
    expect(snapshot()).toEqual(before);
  });
});

describe("reads write nothing", () => {
  it("opening lessons, /learn, the course page, the trainer's pages and reading eligibility change no row", async () => {
    // Lessons compiled and cached beforehand, by a visitor.
    await run(lessonPage.loader, getRequest("/courses/mini/first"), first);
    await run(lessonPage.loader, getRequest("/courses/mini/second"), second);
    // A learner who never opened a lesson, and one whose course is complete but whose completion is not recorded
    // (as when a course's requirements change): reading must record neither.
    const fresh = makeUser();
    const freshCookie = (await cookieFor(fresh.id)).cookie;
    enrol(offeringId, fresh.id);
    const done = makeUser();
    const doneEnrolment = enrol(offeringId, done.id).enrolment.id;
    const doneCookie = (await cookieFor(done.id)).cookie;
    const ok = async (outcome: Promise<Outcome>) => expect((await outcome).status).toBe(302);
    await ok(run(lessonPage.action, post("/courses/mini/first", validQuiz, doneCookie), first));
    await ok(
      run(
        lessonPage.action,
        post(
          "/courses/mini/second",
          [
            ["intent", "quiz"],
            ["quizId", "second-quiz"],
            ["answer.q1", "a"],
          ],
          doneCookie,
        ),
        second,
      ),
    );
    await ok(
      run(
        lessonPage.action,
        multipart(
          "/courses/mini/second",
          [
            ["intent", "exercise"],
            ["exerciseId", "plan"],
            ["answer", "Plan"],
          ],
          doneCookie,
        ),
        second,
      ),
    );
    const sent = sqlite.prepare("SELECT id FROM submissions WHERE enrolment_id = ?").get(doneEnrolment) as { id: number };
    await ok(
      run(
        reviews.action,
        post(
          `/trainer/offerings/${offeringId}/reviews`,
          [
            ["submissionId", String(sent.id)],
            ["version", "1"],
            ["decision", "accepted"],
          ],
          trainerCookie,
        ),
        { id: String(offeringId) },
      ),
    );
    expect(sqlite.prepare("UPDATE enrolments SET completed_at = NULL WHERE id = ?").run(doneEnrolment).changes).toBe(1);

    const before = snapshot();
    for (const cookie of [freshCookie, doneCookie]) {
      await run(lessonPage.loader, getRequest("/courses/mini/first", { cookie }), first);
      await run(lessonPage.loader, getRequest("/courses/mini/second", { cookie }), second);
      await run(learn.loader, getRequest("/learn", { cookie }));
      await run(coursePage.loader, getRequest("/courses/mini", { cookie }), { course: "mini" });
    }
    await run(trainerHome.loader, getRequest("/trainer", { cookie: trainerCookie }));
    const roster = await run(rosterPage.loader, getRequest(`/trainer/offerings/${offeringId}`, { cookie: trainerCookie }), { id: String(offeringId) });
    await run(reviews.loader, getRequest(`/trainer/offerings/${offeringId}/reviews?show=all`, { cookie: trainerCookie }), { id: String(offeringId) });
    await run(csv.loader, getRequest(`/trainer/offerings/${offeringId}/export.csv`, { cookie: trainerCookie }), { id: String(offeringId) });
    const eligibility = certificateEligibility(doneEnrolment);
    expect(snapshot()).toEqual(before);
    // Still shown as complete and eligible: completion is computed when read, recorded only by a command.
    expect(eligibility.eligible).toBe(true);
    expect(roster.data.roster.find((r: { enrolmentId: number }) => r.enrolmentId === doneEnrolment)).toMatchObject({ complete: true, percent: 100 });
    expect(sqlite.prepare("SELECT completed_at AS at FROM enrolments WHERE id = ?").get(doneEnrolment)).toEqual({ at: null });
  });
});
