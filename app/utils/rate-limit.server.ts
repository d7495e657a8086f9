/** A fixed-window counter per key, in memory: enough for one server process. */
export function createRateLimit(limit: number, windowMs: number) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return (key: string, now = Date.now()) => {
    const entry = hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (hits.size > 10_000) hits.clear();
      hits.set(key, { count: 1, resetAt: now + windowMs });
      return { ok: true as const };
    }
    entry.count += 1;
    return entry.count <= limit ? { ok: true as const } : { ok: false as const, retryAfter: Math.ceil((entry.resetAt - now) / 1000) };
  };
}
