import crypto from "node:crypto";
import { hashSync } from "@node-rs/argon2";
import { count } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "./schema";
import { PASSWORD_HASH_OPTIONS } from "./password-options";

/** A password nobody knows in advance: 16 characters from a 56-letter alphabet without look-alikes (~93 bits). */
export function randomDemoPassword() {
  const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from(crypto.randomBytes(16), (b) => alphabet[b % alphabet.length]).join("");
}

export const DEMO_ACCOUNTS = [
  { email: "admin@tamkeen.test", role: "admin", displayName: "Salma Admin", nameArabic: "سلمى الإدارية", nameLatin: "Salma Admin" },
  { email: "trainer@tamkeen.test", role: "trainer", displayName: "Youssef Trainer", nameArabic: "يوسف المكوّن", nameLatin: "Youssef Trainer" },
  { email: "learner@tamkeen.test", role: "learner", displayName: "Amina Learner", nameArabic: "أمينة المتعلمة", nameLatin: "Amina Learner" },
  // Coordinates the demo learner's association (its members are enrolled by the demo offerings).
  { email: "coordinator@tamkeen.test", role: "coordinator", displayName: "Hajar Coordinator", nameArabic: "هاجر المنسّقة", nameLatin: "Hajar Coordinator" },
  // A funder's staff account: attached to the demo partner (linked to the IT training) once the offerings exist.
  { email: "partner@tamkeen.test", role: "partner", displayName: "Karim Partner", nameArabic: "كريم الشريك", nameLatin: "Karim Partner" },
] as const;

const DEMO_ASSOCIATIONS: (typeof schema.associations.$inferInsert)[] = [
  {
    name: "جمعية شباب الأمل للتنمية",
    regionCode: "BMK",
    city: "Béni Mellal",
    foundingYear: 2024,
    focusAreas: ["youth", "employability"],
    contactEmail: "contact@amal-bm.test",
  },
  {
    name: "Club des jeunes de Tanger pour la citoyenneté",
    regionCode: "TTA",
    city: "Tanger",
    foundingYear: 2023,
    focusAreas: ["citizenship", "media"],
    contactEmail: "club@jeunes-tanger.test",
  },
  { name: "تعاونية نساء أركان", regionCode: "SMA", city: "Agadir", foundingYear: 2022, focusAreas: ["women", "economy"] },
  { name: "Association Horizons Oujda", regionCode: "ORI", city: "Oujda", foundingYear: 2024, focusAreas: ["youth", "culture"] },
  { name: "جمعية الواحة للتربية والثقافة", regionCode: "DTA", city: "Errachidia", foundingYear: 2025, focusAreas: ["education"], status: "pending" },
  { name: "Association Jeunesse Active Salé", regionCode: "RSK", city: "Salé", foundingYear: 2023, focusAreas: ["sport", "youth"] },
  { name: "جمعية أفق مراكش للشباب", regionCode: "MSA", city: "Marrakech", foundingYear: 2024, focusAreas: ["youth", "digital"] },
  { name: "Association Dakhla Initiatives", regionCode: "DOD", city: "Dakhla", foundingYear: 2025, focusAreas: ["environment"] },
];

/**
 * Fills an empty database with demo associations and one account per role. Never touches a database that has users.
 * The check and the inserts run in one IMMEDIATE transaction, so two processes starting together seed once.
 * The password is the given one (DEMO_PASSWORD) or a random one, printed on the console by the process that seeded.
 */
export function seedIfEmpty(db: BetterSQLite3Database<typeof schema>, options: { password?: string; log?: (line: string) => void } = {}): boolean {
  const log = options.log ?? console.log;
  const [{ n: before }] = db.select({ n: count() }).from(schema.users).all();
  if (before > 0) return false;
  const password = options.password ?? randomDemoPassword();
  const hash = hashSync(password, PASSWORD_HASH_OPTIONS);
  const seeded = db.transaction(
    (tx) => {
      const [{ n }] = tx.select({ n: count() }).from(schema.users).all();
      if (n > 0) return false;
      const [{ n: existing }] = tx.select({ n: count() }).from(schema.associations).all();
      const assocIds = existing > 0 ? [] : tx.insert(schema.associations).values(DEMO_ASSOCIATIONS).returning({ id: schema.associations.id }).all();
      for (const account of DEMO_ACCOUNTS) {
        tx.insert(schema.users)
          .values({
            ...account,
            passwordHash: hash,
            locale: "ar",
            associationId: account.role === "learner" || account.role === "coordinator" ? assocIds[0]?.id : undefined,
            regionCode: account.role === "learner" || account.role === "coordinator" ? "BMK" : undefined,
          })
          .run();
      }
      return true;
    },
    { behavior: "immediate" },
  );
  if (!seeded) return false;
  log(
    [
      "",
      "Tamkeen demo data created. Demo accounts:",
      ...DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(8)} ${a.email}`),
      options.password ? "Password for all: the value of DEMO_PASSWORD." : `Password for all (shown once, write it down): ${password}`,
      "",
    ].join("\n"),
  );
  return true;
}
