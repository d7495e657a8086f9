// The HTTP server: Remix's Express adapter plus the few things a request handler cannot do
// itself — the client's IP address (for login throttling), refusing cross-site posts before
// any action runs, compression and long-lived caching of fingerprinted assets.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import { isForeignOrigin } from "./server/origin.js";

const production = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);

const viteDevServer = production
  ? undefined
  : await import("vite").then((vite) => vite.createServer({ server: { middlewareMode: true } }));

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "true" ? true : "loopback");
app.use(compression({ level: Number(process.env.GZIP_LEVEL ?? 6) }));

app.use((req, res, next) => {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "same-origin");
  res.set("X-Frame-Options", "DENY");
  if (isForeignOrigin({ method: req.method, origin: req.get("origin"), host: req.get("host"), publicUrl: process.env.PUBLIC_URL })) {
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

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build")
  : await import("./build/server/index.js");

app.all(
  "*",
  createRequestHandler({
    build,
    mode: production ? "production" : "development",
    getLoadContext: (req) => ({ clientIp: req.ip ?? "unknown" }),
  }),
);

const server = app.listen(port, () => {
  console.log(`Tamkeen is listening on http://localhost:${port}`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
