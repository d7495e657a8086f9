/**
 * Freezes an object and everything inside it. Values kept in memory and shared between requests (computed indicators,
 * stored lessons) are frozen outside production, so that a caller writing into one fails its tests instead of
 * changing what the next request reads.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Frozen outside production; as is in production, where freezing every kept value would only cost time. */
export function sharedValue<T>(value: T, production: boolean): T {
  return production ? value : deepFreeze(value);
}
