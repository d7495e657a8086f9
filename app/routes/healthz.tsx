import { databaseHealth } from "~/utils/health.server";

// Readiness probe for monitoring: 503 when the database cannot take writes, so a broken instance leaves the pool.
// No rendering; the check itself writes nothing.
export function loader() {
  const health = databaseHealth();
  const headers = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (!health.ok) return new Response(`database: ${health.problem}`, { status: 503, headers });
  return new Response("ok", { headers });
}
