import type { Statement } from "better-sqlite3";
import { dataVersions } from "../../db/schema";
import { sqlite } from "./db.server";
import { env } from "./env.server";

type Counter = (typeof dataVersions.$inferSelect)["name"];

/** Freezes an object and everything inside it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A value shared between requests: frozen outside production, so that a caller writing into it fails its tests. */
export function shared<V>(value: V): V {
  return env.isProduction ? value : deepFreeze(value);
}

let versionOf: Statement | null = null;

/**
 * Values computed from the database and kept in memory until a counter of `data_versions` moves (triggers move them on
 * every write to what they were computed from, whoever the writer is: migration 0012). One per kind of value:
 * "lessons" (stored lessons) and "catalogue" (a course and its lessons).
 * - A value is shared between requests: outside production it is frozen, so a caller writing into it fails its tests.
 * - Nothing is kept for a key whose value is null (keys may come from URLs).
 */
export function keptUntilChanged<V>(counter: Counter) {
  const kept = new Map<string, V>();
  let seen = -1;
  return function get(key: string, compute: () => V | null): V | null {
    // Prepared on first use: importing a model stays free of database work.
    versionOf ??= sqlite.prepare("SELECT version FROM data_versions WHERE name = ?").pluck();
    const version = versionOf.get(counter) as number;
    if (version !== seen) {
      kept.clear();
      seen = version;
    }
    const hit = kept.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (value === null) return null;
    kept.set(key, shared(value));
    return value;
  };
}
