// The floor's server: the same Express shape as Tamkeen's server.js (compression, a header middleware, static
// assets with immutable caching, Remix's request handler), without any of Tamkeen's own work.
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const dir = import.meta.dirname;
const build = await import(path.join(dir, "build/server/index.js"));
const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use((req, res, next) => {
  res.set("X-Content-Type-Options", "nosniff");
  next();
});
app.use("/assets", express.static(path.join(dir, "build/client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(dir, "build/client"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));
const server = app.listen(Number(process.env.PORT ?? 3320), () => console.log(`floor on ${process.env.PORT ?? 3320}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
