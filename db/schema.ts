import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

export const ROLES = ["learner", "trainer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ["ar", "fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** Morocco's twelve regions (2015 division). */
export const REGION_CODES = [
  "TTA", "ORI", "FME", "RSK", "BMK", "CSE",
  "MSA", "DTA", "SMA", "GON", "LSH", "DOD",
] as const;
export type RegionCode = (typeof REGION_CODES)[number];

export const ASSOCIATION_STATUSES = ["active", "pending", "inactive"] as const;
export type AssociationStatus = (typeof ASSOCIATION_STATUSES)[number];

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);
const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const associations = sqliteTable(
  "associations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    regionCode: text("region_code", { enum: REGION_CODES }).notNull(),
    city: text("city").notNull(),
    foundingYear: integer("founding_year"),
    /** JSON array of short focus-area labels, e.g. ["youth", "digital"]. */
    focusAreas: text("focus_areas", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    contactEmail: text("contact_email"),
    status: text("status", { enum: ASSOCIATION_STATUSES }).notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("associations_region_idx").on(t.regionCode),
    uniqueIndex("associations_name_unique").on(sql`lower(${t.name})`),
  ],
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
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
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
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
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
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
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
  (t) => [
    index("login_failures_email_idx").on(t.email, t.createdAt),
    index("login_failures_ip_idx").on(t.ip, t.createdAt),
  ],
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
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_created_idx").on(t.createdAt)],
);

export type User = typeof users.$inferSelect;
export type Association = typeof associations.$inferSelect;
export type Session = typeof sessions.$inferSelect;
