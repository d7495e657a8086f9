// Liveness probe for monitoring, and the framework's floor in the HTTP benchmark: no database, no rendering.
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
