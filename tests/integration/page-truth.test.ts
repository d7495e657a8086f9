import "./journey-setup";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAllLessons } from "~/models/course.server";
import { enrol, withdraw } from "~/models/enrolment.server";
import { saveOffering } from "~/models/offering.server";
import * as catalogue from "~/routes/courses._index";
import { sqlite } from "~/utils/db.server";
import { getRequest, makeUser, run } from "../helpers";

const DAY = 86_400_000;
const now = Date.now();

beforeAll(async () => {
  expect((await buildAllLessons()).failures).toEqual([]);
});

describe("catalogue", () => {
  it("shows each course's lesson count, minutes, next session and seats left as the database holds them", async () => {
    const created = saveOffering({ courseId: "mini", periodLabel: "2026-11", enrolOpensAt: new Date(now - DAY), enrolClosesAt: new Date(now + 10 * DAY), startsAt: new Date(now + DAY), endsAt: new Date(now + 30 * DAY), capacity: 10, languages: ["ar", "fr"], status: "open", trainerIds: [] });
    if (!created.ok) throw new Error(created.error);
    for (let i = 0; i < 3; i++) enrol(created.id, makeUser().id);
    withdraw(enrol(created.id, makeUser().id).enrolment.id);
    const page = await run(catalogue.loader, getRequest("/courses", { headers: { "Accept-Language": "ar" } }));
    const mini = page.data.courses.find((c: { id: string }) => c.id === "mini");
    const lessons = sqlite.prepare("SELECT count(*) AS n, sum(duration_minutes) AS m FROM lessons WHERE course_id = 'mini' AND archived_at IS NULL").get() as { n: number; m: number };
    const enrolled = (sqlite.prepare("SELECT count(*) AS n FROM enrolments WHERE offering_id = ? AND status = 'enrolled'").get(created.id) as { n: number }).n;
    expect(lessons).toEqual({ n: 2, m: 10 });
    expect(enrolled).toBe(3);
    expect(mini).toMatchObject({ lessonCount: lessons.n, minutes: lessons.m, offering: { id: created.id, periodLabel: "2026-11", capacity: 10, enrolled, waitlisted: 0 } });
  });
});
