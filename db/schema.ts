import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  ASSOCIATION_STATUSES,
  COURSE_CATEGORIES,
  ENROLMENT_STATUSES,
  LOCALES,
  OFFERING_STATUSES,
  REGION_CODES,
  ROLES,
  SUBMISSION_STATUSES,
  CERTIFICATE_LANGUAGES,
  REVOCATION_REASONS,
  SKIP_REASONS,
  SEX_VALUES,
  ASSESSMENT_KINDS,
  FOLLOW_UP_USES,
  type Locale,
} from "./enums";

export * from "./enums";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);
const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const associations = sqliteTable(
  "associations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    regionCode: text("region_code", { enum: REGION_CODES }).notNull(),
    city: text("city").notNull(),
    foundingYear: integer("founding_year"),
    /** JSON array of short focus-area labels, e.g. ["youth", "digital"]. */
    focusAreas: text("focus_areas", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    contactEmail: text("contact_email"),
    status: text("status", { enum: ASSOCIATION_STATUSES }).notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("associations_region_idx").on(t.regionCode), uniqueIndex("associations_name_unique").on(sql`lower(${t.name})`)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stored lower-cased: uniqueness is case-insensitive by construction. */
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    /** The name as printed on certificates, in Arabic script. */
    nameArabic: text("name_arabic"),
    /** The name as printed on certificates, in Latin letters. */
    nameLatin: text("name_latin"),
    /** Null for an invited account that has not chosen a password yet. */
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull().default("learner"),
    associationId: integer("association_id").references(() => associations.id, { onDelete: "set null" }),
    regionCode: text("region_code", { enum: REGION_CODES }),
    locale: text("locale", { enum: LOCALES }).notNull().default("ar"),
    /** For a partner account: the funder organisation it works for (several staff accounts may share one). */
    partnerId: integer("partner_id").references((): AnySQLiteColumn => partners.id, { onDelete: "set null" }),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    /**
     * Profile data for funders' breakdowns (law 09-08): kept only with the learner's consent, given on /account or at
     * sign-up. `sex` and `birthYear` are null when not given; withdrawing consent nulls all three (the data is removed,
     * not hidden). Reports show null as "not given".
     */
    sex: text("sex", { enum: SEX_VALUES }),
    birthYear: integer("birth_year"),
    /**
     * When the learner consented to `sex`/`birthYear` being stored; null = no consent, and then both are null. Kept so by
     * the commands in models/profile-data.server.ts rather than a CHECK, which would make drizzle-kit rebuild `users`.
     */
    profileConsentAt: integer("profile_consent_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    index("users_association_idx").on(t.associationId),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 (hex) of the token held in the cookie; the token itself is never stored. */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const TOKEN_PURPOSES = ["reset", "invite"] as const;

/** Single-use links for password resets and invitations; only the SHA-256 of the token is kept. */
export const passwordTokens = sqliteTable(
  "password_tokens",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: TOKEN_PURPOSES }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("password_tokens_user_idx").on(t.userId)],
);

export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("login_failures_email_idx").on(t.email, t.createdAt), index("login_failures_ip_idx").on(t.ip, t.createdAt)],
);

/** Every email the platform sends is recorded here; without SMTP it is the only delivery. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    locale: text("locale", { enum: LOCALES }).notNull(),
    kind: text("kind").notNull(),
    /** Written inside a transaction (outbox pattern), delivered after commit by deliverPending(). */
    pending: integer("pending", { mode: "boolean" }).notNull().default(false),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_created_idx").on(t.createdAt)],
);

export type User = typeof users.$inferSelect;
export type Association = typeof associations.$inferSelect;
export type Session = typeof sessions.$inferSelect;

export type LocalizedText = { ar: string; fr: string; en?: string };

/** A quiz as the quiz engine grades it (the shape of `compiled_lessons.quizzes` items). */
export type StoredQuiz = {
  id: string;
  passMark: number | null;
  questions: { id: string; prompt: string; multiple: boolean; options: { id: string; text: string; correct: boolean; explanation: string }[] }[];
};
export type CourseAssessment = {
  pre: string;
  post: string;
  /** Per language: the title and summary of the assessment file's frontmatter and its quizzes. */
  versions: Partial<Record<Locale, { title: string; summary: string; quizzes: StoredQuiz[] }>>;
};

/** Courses are authored as files under courses/ and mirrored here so that offerings, progress and certificates can refer to them. */
export const courses = sqliteTable("courses", {
  /** The stable id from course.yaml. */
  id: text("id").primaryKey(),
  folder: text("folder").notNull(),
  category: text("category", { enum: COURSE_CATEGORIES }).notNull(),
  rhythm: text("rhythm", { enum: ["quarterly", "monthly"] }).notNull(),
  hours: integer("hours").notNull(),
  passMark: integer("pass_mark").notNull(),
  fallbackLocale: text("fallback_locale", { enum: LOCALES }).notNull(),
  title: text("title", { mode: "json" }).$type<LocalizedText>().notNull(),
  summary: text("summary", { mode: "json" }).$type<LocalizedText>().notNull(),
  certificate: text("certificate", { mode: "json" })
    .$type<{ issuer: string; coIssuer?: string | null; autoIssue?: boolean; language?: "ar" | "fr" | "ar-fr" }>()
    .notNull(),
  completion: text("completion", { mode: "json" }).$type<{ requireQuizzes: boolean; requireExercises: boolean }>().notNull(),
  /**
   * The course's pre-/post-test, read from courses/<folder>/assessment/<locale>.mdx at catalogue sync: the quiz ids
   * that serve as pre- and post-test (the same id for one bank used twice) and the quiz definitions per language. Null
   * when the course declares none.
   */
  assessment: text("assessment", { mode: "json" }).$type<CourseAssessment | null>(),
  /** Set when the course folder disappears from disk; nothing that refers to it is deleted. */
  archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
  updatedAt: updatedAt(),
});

export const lessons = sqliteTable(
  "lessons",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    /** Folder name without its NN- prefix: stable across renumbering. */
    slug: text("slug").notNull(),
    folder: text("folder").notNull(),
    position: integer("position").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    title: text("title", { mode: "json" }).$type<Partial<Record<Locale, string>>>().notNull(),
    summary: text("summary", { mode: "json" }).$type<Partial<Record<Locale, string>>>().notNull(),
    locales: text("locales", { mode: "json" }).$type<Locale[]>().notNull(),
    quizIds: text("quiz_ids", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    exerciseIds: text("exercise_ids", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lessons_course_slug_unique").on(t.courseId, t.slug)],
);

/** Compiled MDX, keyed by content hash: a restart compiles nothing that did not change. */
export const compiledLessons = sqliteTable(
  "compiled_lessons",
  {
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    locale: text("locale", { enum: LOCALES }).notNull(),
    /** sha256(source + assets + compiler version) of the version in `code`. */
    hash: text("hash").notNull(),
    code: text("code").notNull(),
    /**
     * The lesson's HTML rendered at compile time with the lesson components, once per interface language, cut into
     * segments where the learner's parts (quizzes, exercises) are joined per request. Null for a row compiled by an
     * older compiler: then the page says the lesson is unavailable until the next build (never a 500).
     */
    rendered: text("rendered", { mode: "json" }).$type<{ ui: string; segments: unknown[] }[]>(),
    frontmatter: text("frontmatter", { mode: "json" }).$type<{ title: string; summary: string; duration: number; objectives: string[] }>().notNull(),
    /** Quiz definitions with their answers: server-side only. */
    quizzes: text("quizzes", { mode: "json" }).$type<unknown[]>().notNull(),
    exercises: text("exercises", { mode: "json" }).$type<{ id: string; title: string }[]>().notNull(),
    compiledAt: integer("compiled_at", { mode: "timestamp_ms" }).notNull(),
    /** The newest version failed: its hash and the reason; `code` still holds the last good version. */
    errorHash: text("error_hash"),
    error: text("error"),
  },
  (t) => [uniqueIndex("compiled_lessons_pk").on(t.lessonId, t.locale)],
);

/**
 * A lesson version on disk that fails (frontmatter, encoding, size, syntax, compile), with its diagnostics: written by the
 * catalogue sync and the build, removed when the version compiles; listed for trainers and admins. Keyed by course and
 * lesson slug (not lesson id): a new lesson whose every language fails has no lesson row yet, and is listed all the same.
 */
export const lessonProblems = sqliteTable(
  "lesson_problems",
  {
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    lessonSlug: text("lesson_slug").notNull(),
    locale: text("locale", { enum: LOCALES }).notNull(),
    /** Relative to the courses folder: crowdfunding/01-kinds/fr.mdx */
    file: text("file").notNull(),
    /** The failing version's content hash when the build recorded it (it is not compiled again); null from the catalogue sync. */
    hash: text("hash"),
    diagnostics: text("diagnostics", { mode: "json" })
      .$type<{ line: number; column: number; severity: "error" | "warning"; rule: string; message: string }[]>()
      .notNull(),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("lesson_problems_pk").on(t.courseId, t.lessonSlug, t.locale)],
);

export type Course = typeof courses.$inferSelect;
export type Lesson = typeof lessons.$inferSelect;

/** One run of a course: a quarter (2026-Q4) or a month (2026-12) with its dates, seats and trainers. */
export const offerings = sqliteTable(
  "offerings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    periodLabel: text("period_label").notNull(),
    enrolOpensAt: integer("enrol_opens_at", { mode: "timestamp_ms" }).notNull(),
    enrolClosesAt: integer("enrol_closes_at", { mode: "timestamp_ms" }).notNull(),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    capacity: integer("capacity").notNull(),
    languages: text("languages", { mode: "json" }).$type<Locale[]>().notNull(),
    status: text("status", { enum: OFFERING_STATUSES }).notNull().default("draft"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("offerings_course_idx").on(t.courseId), uniqueIndex("offerings_course_period_unique").on(t.courseId, t.periodLabel)],
);

export const offeringTrainers = sqliteTable(
  "offering_trainers",
  {
    offeringId: integer("offering_id")
      .notNull()
      .references(() => offerings.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [uniqueIndex("offering_trainers_pk").on(t.offeringId, t.userId), index("offering_trainers_user_idx").on(t.userId)],
);

export const enrolments = sqliteTable(
  "enrolments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    offeringId: integer("offering_id")
      .notNull()
      .references(() => offerings.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: ENROLMENT_STATUSES }).notNull(),
    /** When the learner asked for a seat: the waitlist is served in this order. */
    requestedAt: integer("requested_at", { mode: "timestamp_ms" }).notNull(),
    enrolledAt: integer("enrolled_at", { mode: "timestamp_ms" }),
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp_ms" }),
    /** Set once every completion requirement of the course is met. */
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    lastActivityAt: integer("last_activity_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("enrolments_offering_user_unique").on(t.offeringId, t.userId),
    index("enrolments_offering_status_idx").on(t.offeringId, t.status, t.requestedAt),
    index("enrolments_user_idx").on(t.userId),
  ],
);

export const lessonProgress = sqliteTable(
  "lesson_progress",
  {
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    firstOpenedAt: integer("first_opened_at", { mode: "timestamp_ms" }),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("lesson_progress_pk").on(t.enrolmentId, t.lessonId)],
);

export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    quizId: text("quiz_id").notNull(),
    answers: text("answers", { mode: "json" }).$type<Record<string, string[]>>().notNull(),
    score: integer("score").notNull(),
    passMark: integer("pass_mark").notNull(),
    passed: integer("passed", { mode: "boolean" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("quiz_attempts_enrolment_idx").on(t.enrolmentId, t.lessonId, t.quizId)],
);

/** A learner's answer to an exercise; a resubmission replaces the answer and bumps the version. */
export const submissions = sqliteTable(
  "submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    exerciseId: text("exercise_id").notNull(),
    answer: text("answer").notNull(),
    fileName: text("file_name"),
    /** Random name under data/uploads/; never derived from the learner's file name. */
    fileKey: text("file_key"),
    fileType: text("file_type"),
    fileSize: integer("file_size"),
    status: text("status", { enum: SUBMISSION_STATUSES }).notNull().default("submitted"),
    version: integer("version").notNull().default(1),
    feedback: text("feedback"),
    reviewedBy: integer("reviewed_by").references(() => users.id),
    reviewedAt: integer("reviewed_at", { mode: "timestamp_ms" }),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("submissions_exercise_unique").on(t.enrolmentId, t.lessonId, t.exerciseId), index("submissions_status_idx").on(t.status)],
);

export type Offering = typeof offerings.$inferSelect;
export type Enrolment = typeof enrolments.$inferSelect;
export type Submission = typeof submissions.$inferSelect;

/**
 * A completion certificate. What it prints (names, course title, hours, issuers) is copied here when it is issued,
 * so a later edit of the course or the profile never changes a certificate already given. Never deleted: revoked.
 */
export const certificates = sqliteTable(
  "certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull(),
    /** One certificate per learner and offering, even under concurrent clicks. */
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    offeringId: integer("offering_id")
      .notNull()
      .references(() => offerings.id),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    language: text("language", { enum: CERTIFICATE_LANGUAGES }).notNull(),
    nameArabic: text("name_arabic"),
    nameLatin: text("name_latin"),
    courseTitle: text("course_title", { mode: "json" }).$type<LocalizedText>().notNull(),
    hours: integer("hours").notNull(),
    periodLabel: text("period_label").notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }).notNull(),
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }).notNull(),
    issuer: text("issuer", { mode: "json" }).$type<{ ar: string; fr: string }>().notNull(),
    coIssuer: text("co_issuer", { mode: "json" }).$type<{ ar: string; fr: string } | null>(),
    issuedBy: integer("issued_by").references(() => users.id),
    /** Random salt for the hashed email that identifies the holder in the Open Badges credential. */
    subjectSalt: text("subject_salt").notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedBy: integer("revoked_by").references(() => users.id),
    /** The internal note given at revocation (never public). */
    revocationReason: text("revocation_reason"),
    revocationCategory: text("revocation_category", { enum: REVOCATION_REASONS }),
    /** On a revoked certificate: the certificate issued to replace it. */
    replacedById: integer("replaced_by_id"),
    /** On a replacement: the revoked certificate it replaces. */
    replacesId: integer("replaces_id"),
    /** The bulk run that issued it, if any: the run's counts are read from here. */
    jobId: integer("job_id"),
    /** Branding as it was at issue (logos, signatories, colour): a later branding change never alters it. Null on rows issued before this column. */
    branding: text("branding", { mode: "json" }).$type<FrozenBranding>(),
    /** The training dates, copied at issue. */
    startsAt: integer("starts_at", { mode: "timestamp_ms" }),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("certificates_code_unique").on(t.code),
    // One valid certificate per enrolment; revoked ones stay beside their replacement.
    uniqueIndex("certificates_enrolment_valid_unique")
      .on(t.enrolmentId)
      .where(sql`revoked_at IS NULL`),
    index("certificates_enrolment_idx").on(t.enrolmentId),
    index("certificates_offering_idx").on(t.offeringId),
    index("certificates_job_idx").on(t.jobId),
    // A learner's certificates (/learn, the account page): without it, a scan of every certificate (~10 ms at 50,000).
    index("certificates_user_idx").on(t.userId),
  ],
);

export type FrozenBranding = {
  centreLogo: string | null;
  partnerLogo: string | null;
  colour: string;
  signatories: { name: { ar: string; fr: string }; title: { ar: string; fr: string }; signature: string | null }[];
};

/** Admin-editable settings (branding, the Open Badges issuer key), one JSON value per key. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).$type<unknown>().notNull(),
  updatedAt: updatedAt(),
});

/** A bulk issuing run: survives restarts, so it can be left and resumed. */
export const certificateJobs = sqliteTable("certificate_jobs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  offeringId: integer("offering_id")
    .notNull()
    .references(() => offerings.id),
  requestedBy: integer("requested_by")
    .notNull()
    .references(() => users.id),
  language: text("language", { enum: CERTIFICATE_LANGUAGES }).notNull(),
  enrolmentIds: text("enrolment_ids", { mode: "json" }).$type<number[]>().notNull(),
  done: integer("done").notNull().default(0),
  issued: integer("issued").notNull().default(0),
  skipped: integer("skipped").notNull().default(0),
  status: text("status", { enum: ["running", "finished"] })
    .notNull()
    .default("running"),
  createdAt: createdAt(),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
});

/** A learner a bulk run passed over, and why: listed on the certificates page. */
export const certificateJobSkips = sqliteTable(
  "certificate_job_skips",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    jobId: integer("job_id")
      .notNull()
      .references(() => certificateJobs.id),
    enrolmentId: integer("enrolment_id").notNull(),
    reason: text("reason", { enum: SKIP_REASONS }).notNull(),
  },
  (t) => [uniqueIndex("certificate_job_skips_unique").on(t.jobId, t.enrolmentId)],
);

export type Certificate = typeof certificates.$inferSelect;

/**
 * A funder or co-issuing organisation (e.g. the foundation that co-issues the IT certificate). Its staff accounts
 * (users with role "partner" and this partner_id) see the indicators of the offerings linked to it, aggregated only.
 */
export const partners = sqliteTable(
  "partners",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("partners_name_unique").on(sql`lower(${t.name})`)],
);

/** Which offerings a partner funds or co-issues: the only ones its staff may see indicators of. */
export const partnerOfferings = sqliteTable(
  "partner_offerings",
  {
    partnerId: integer("partner_id")
      .notNull()
      .references(() => partners.id, { onDelete: "cascade" }),
    offeringId: integer("offering_id")
      .notNull()
      .references(() => offerings.id, { onDelete: "cascade" }),
  },
  (t) => [uniqueIndex("partner_offerings_pk").on(t.partnerId, t.offeringId), index("partner_offerings_offering_idx").on(t.offeringId)],
);

export type Partner = typeof partners.$inferSelect;

/**
 * A learner's score on a course's pre-test (before the first lesson) or post-test (after the last one), scored by the
 * quiz engine. One attempt per kind per enrolment: learning gain = post − pre, as shares of max_score.
 */
export const assessmentAttempts = sqliteTable(
  "assessment_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    offeringId: integer("offering_id")
      .notNull()
      .references(() => offerings.id),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    kind: text("kind", { enum: ASSESSMENT_KINDS }).notNull(),
    /** Questions answered right. */
    score: integer("score").notNull(),
    /** Questions asked (the bank's size when it was taken). */
    maxScore: integer("max_score").notNull(),
    answers: text("answers", { mode: "json" }).$type<Record<string, string[]>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("assessment_attempts_enrolment_kind_unique").on(t.enrolmentId, t.kind),
    index("assessment_attempts_offering_idx").on(t.offeringId, t.kind),
    // The indicators find the post-tests of a period through it (then each one's pre-test through the unique key).
    index("assessment_attempts_kind_created_idx").on(t.kind, t.createdAt),
    check("assessment_attempts_score_range", sql`${t.score} >= 0 AND ${t.score} <= ${t.maxScore} AND ${t.maxScore} > 0`),
  ],
);

/**
 * The satisfaction survey answered at completion, once per enrolment. Answers are 1–5 (strongly disagree … strongly
 * agree). Reports aggregate them per offering and course; the comment is never shown with a name.
 */
export const surveyResponses = sqliteTable(
  "survey_responses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    offeringId: integer("offering_id")
      .notNull()
      .references(() => offerings.id),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    /** "The course matched my association's needs." */
    relevance: integer("relevance").notNull(),
    /** "The lessons were clear." */
    clarity: integer("clarity").notNull(),
    /** "The trainer helped me." */
    trainer: integer("trainer").notNull(),
    /** "What I learned is useful for my association." */
    usefulness: integer("usefulness").notNull(),
    /** "I would recommend this course." */
    recommend: integer("recommend").notNull(),
    /** Optional, at most 1000 characters; shown only without the learner's name. */
    comment: text("comment"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("survey_responses_enrolment_unique").on(t.enrolmentId),
    index("survey_responses_offering_idx").on(t.offeringId),
    index("survey_responses_course_idx").on(t.courseId),
    check(
      "survey_responses_likert",
      sql`${t.relevance} BETWEEN 1 AND 5 AND ${t.clarity} BETWEEN 1 AND 5 AND ${t.trainer} BETWEEN 1 AND 5 AND ${t.usefulness} BETWEEN 1 AND 5 AND ${t.recommend} BETWEEN 1 AND 5`,
    ),
  ],
);

/**
 * The question asked 90 days after completion ("have you used this in your association? how?"), scheduled when the
 * course is completed, emailed by sendDueFollowUps() with a single-use link /follow-up/<token>, answered without login.
 */
export const followUps = sqliteTable(
  "follow_ups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    enrolmentId: integer("enrolment_id")
      .notNull()
      .references(() => enrolments.id),
    /** SHA-256 (hex) of the token in the emailed link; set when the email is sent, the token itself is never stored. */
    tokenHash: text("token_hash"),
    /** Completion + 90 days: the email goes out at the first run of the hourly job after this. */
    dueAt: integer("due_at", { mode: "timestamp_ms" }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    /** After this the link answers 410 (set when sent). */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
    used: text("used", { enum: FOLLOW_UP_USES }),
    /** "How?" — optional, at most 1000 characters. */
    how: text("how"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("follow_ups_enrolment_unique").on(t.enrolmentId),
    uniqueIndex("follow_ups_token_unique").on(t.tokenHash),
    index("follow_ups_due_idx").on(t.sentAt, t.dueAt),
  ],
);

/**
 * Counters bumped by triggers (migration 0012) whenever a table changes in a column that something kept in memory was
 * computed from, by any writer (the app, a script such as courses:build, the seed): "lessons" (the stored lesson HTML)
 * and "catalogue" (courses and their lessons). What is kept is dropped when its counter moves. ("indicators" was the
 * third, until indicator_changes said which people changed: migration 0013.)
 */
export const dataVersions = sqliteTable("data_versions", {
  name: text("name", { enum: ["lessons", "catalogue"] }).primaryKey(),
  version: integer("version").notNull().default(0),
});

/**
 * Whose figures changed, written by triggers (migration 0013) on every write to what the programme indicators read, by
 * any writer: a person's id when only their figures moved (an enrolment, certificate, test or survey answer of theirs,
 * their profile, their association's region), 0 when only names or titles did, NULL when everyone's may have (an
 * offering moved to another course). Computed indicators are brought up to date by reading again only the people
 * named since they were computed. The triggers keep the last 10,000 entries; older state is computed afresh.
 */
export const indicatorChanges = sqliteTable("indicator_changes", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  userId: integer("user_id"),
});

export type AssessmentAttempt = typeof assessmentAttempts.$inferSelect;
export type SurveyResponse = typeof surveyResponses.$inferSelect;
export type FollowUp = typeof followUps.$inferSelect;

/** Trainers who may edit a course in the studio (admins edit every course). */
export const courseAuthors = sqliteTable(
  "course_authors",
  {
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("course_authors_pk").on(t.courseId, t.userId), index("course_authors_user_idx").on(t.userId)],
);

/**
 * A trainer's unpublished edit of one lesson version: learners never read this table. `baseHash` is the sha256 of the
 * file on disk when the editor loaded it, so publishing can tell whether someone changed the file since.
 */
export const lessonDrafts = sqliteTable(
  "lesson_drafts",
  {
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    locale: text("locale", { enum: LOCALES }).notNull(),
    source: text("source").notNull(),
    baseHash: text("base_hash").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("lesson_drafts_pk").on(t.lessonId, t.locale)],
);

/** Every version published from the studio, kept for the history page, its diffs and restores. */
export const lessonVersions = sqliteTable(
  "lesson_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    lessonId: integer("lesson_id")
      .notNull()
      .references(() => lessons.id),
    locale: text("locale", { enum: LOCALES }).notNull(),
    source: text("source").notNull(),
    /** sha256 of the file as written. */
    hash: text("hash").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    message: text("message").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("lesson_versions_lesson_idx").on(t.lessonId, t.locale)],
);

export type LessonDraft = typeof lessonDrafts.$inferSelect;
export type LessonVersion = typeof lessonVersions.$inferSelect;
