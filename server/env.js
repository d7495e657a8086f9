// Every setting, validated once with zod when the process starts; a wrong value stops it with a message naming the
// variable. Plain JavaScript so that server.js reads the same values as the app (which imports it as env.server).
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
  /** Password of the demo accounts. Unset: a random one is made and printed once, so no install has a known password. */
  DEMO_PASSWORD: z.string().min(10, { message: "DEMO_PASSWORD must have at least 10 characters" }).optional(),
  /** `true` behind a reverse proxy, so throttling sees the client's address (X-Forwarded-For). */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  GZIP_LEVEL: z.coerce.number().int().min(0).max(9).default(6),
  COURSES_DIR: z.string().min(1).optional(),
  /** How long a stopping server waits for requests in flight before it exits anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
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
