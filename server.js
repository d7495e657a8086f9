// The HTTP server: Remix's Express adapter plus the few things a request handler cannot do itself — the client's
// IP address (for throttling), refusing cross-site posts before any action runs, security headers, compression,
// long-lived caching of fingerprinted assets, and keeping the documents that are the same for every visitor.
// Production runs this file with `node` on the built app only.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { migrateFile } from "./db/migrate.js";
import { SESSION_COOKIE } from "./server/cookies.js";
import { documentCache } from "./server/document-cache.js";
import { env } from "./server/env.js";
import { isForeignOrigin } from "./server/origin.js";

const production = env.isProduction;

const viteDevServer = production ? undefined : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

// Before the app loads: its modules prepare statements against the tables.
migrateFile(env.DATABASE_PATH);

const loadBuild = viteDevServer ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build") : () => import("./build/server/index.js");
const initialBuild = await loadBuild();
const { startup, stopPeriodicJobs } = initialBuild.entry.module;
await startup();

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", env.TRUST_PROXY ? true : "loopback");
// Compression is applied to the whole response; the document is handed over in few large chunks (entry.server).
app.use(compression({ level: env.GZIP_LEVEL }));

app.use((req, res, next) => {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "same-origin");
  res.set("X-Frame-Options", "DENY");
  if (req.secure) res.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  if (isForeignOrigin({ method: req.method, origin: req.get("origin"), host: req.get("host"), publicUrl: env.PUBLIC_URL })) {
    res.status(403).type("text/plain; charset=utf-8").send("Cross-site request refused. / الطلب مرفوض. / Requête refusée.");
    return;
  }
  next();
});

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

// Documents that are the same for every visitor not signed in (the app marks them), kept once rendered. In development
// nothing is served from it (pages change as they are edited), but the mark is still taken off.
app.use(documentCache({ sessionCookie: SESSION_COOKIE, ttlMs: production ? 10 * 60_000 : 0 }));

app.all(
  "*",
  createRequestHandler({
    build: viteDevServer ? loadBuild : initialBuild,
    mode: production ? "production" : "development",
    getLoadContext: (req) => ({ clientIp: req.ip ?? "unknown" }),
  }),
);

const server = app.listen(env.PORT, () => {
  console.log(`Tamkeen is listening on http://localhost:${env.PORT}`);
});

// On SIGTERM/SIGINT: stop accepting, let requests in flight finish, close idle keep-alive sockets, and exit anyway
// after the grace period (a client that never finishes sending its body must not keep the process alive).
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    stopPeriodicJobs();
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, env.SHUTDOWN_GRACE_MS).unref();
  });
}
