import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { courseAuthors, courses, users } from "../../../db/schema";
import { db } from "~/utils/db.server";

export function isAuthorOf(userId: number, courseId: string) {
  return Boolean(
    db
      .select({ userId: courseAuthors.userId })
      .from(courseAuthors)
      .where(and(eq(courseAuthors.courseId, courseId), eq(courseAuthors.userId, userId)))
      .get(),
  );
}

/** A live course as the studio edits it (archived courses have no folder any more). */
export function getStudioCourse(id: string) {
  return db
    .select()
    .from(courses)
    .where(and(eq(courses.id, id), isNull(courses.archivedAt)))
    .get();
}

/** The courses this person may edit: every live course for admins, the assigned ones for a trainer. */
export function studioCourses(user: { id: number }, seesAll: boolean) {
  const base = db.select({ course: courses }).from(courses);
  const rows = seesAll
    ? base.where(isNull(courses.archivedAt)).orderBy(asc(courses.folder)).all()
    : base
        .innerJoin(courseAuthors, eq(courseAuthors.courseId, courses.id))
        .where(and(isNull(courses.archivedAt), eq(courseAuthors.userId, user.id)))
        .orderBy(asc(courses.folder))
        .all();
  return rows.map((r) => r.course);
}

export function courseAuthorsOf(courseId: string) {
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(courseAuthors)
    .innerJoin(users, eq(users.id, courseAuthors.userId))
    .where(eq(courseAuthors.courseId, courseId))
    .orderBy(asc(users.displayName))
    .all();
}

/** Trainers an admin may assign (enabled accounts with the trainer role). */
export function assignableTrainers() {
  return db
    .select({ id: users.id, displayName: users.displayName, email: users.email })
    .from(users)
    .where(and(eq(users.role, "trainer"), eq(users.disabled, false)))
    .orderBy(asc(users.displayName))
    .all();
}

/** Makes the course's authors exactly these trainers; ids that are not enabled trainers are refused, nothing written. */
export function setCourseAuthors(courseId: string, trainerIds: number[]): { ok: true } | { ok: false; reason: "not-a-trainer" } {
  const wanted = [...new Set(trainerIds)];
  return db.transaction((tx) => {
    if (wanted.length) {
      const found = tx
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.id, wanted), eq(users.role, "trainer"), eq(users.disabled, false)))
        .all();
      if (found.length !== wanted.length) return { ok: false as const, reason: "not-a-trainer" as const };
    }
    tx.delete(courseAuthors).where(eq(courseAuthors.courseId, courseId)).run();
    for (const userId of wanted) tx.insert(courseAuthors).values({ courseId, userId }).run();
    return { ok: true as const };
  });
}
