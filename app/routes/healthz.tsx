// The probe is about the database itself, not the domain: the one route allowed to ask the connection directly.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { databaseWritable } from "~/utils/db.server";

// Readiness for monitoring and load balancers: "ok" only when this process can take the database's write lock
// (a full disk, a read-only file or a lock held elsewhere answers 503). Nothing is written.
export function loader() {
  const ok = databaseWritable();
  return new Response(ok ? "ok" : "database not writable", {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
