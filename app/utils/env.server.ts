import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_PATH: z.string().min(1).default("data/tamkeen.db"),
  PUBLIC_URL: z.string().url({ message: "PUBLIC_URL must be a full URL such as https://learn.example.org" }).optional(),
  SMTP_URL: z.string().url({ message: "SMTP_URL must look like smtp://user:pass@host:587" }).optional(),
  SMTP_FROM: z.string().default("Tamkeen <no-reply@tamkeen.local>"),
  ORG_NAME: z.string().min(1).default("Tamkeen"),
  /** Seed demo associations and accounts into an empty database. */
  SEED_DEMO: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  /** Print outbox emails on the console when no SMTP server is configured. */
  LOG_EMAILS: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
});

function load() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  return {
    ...value,
    PUBLIC_URL: (value.PUBLIC_URL ?? `http://localhost:${value.PORT}`).replace(/\/$/, ""),
    isProduction: value.NODE_ENV === "production",
  };
}

export const env = load();
