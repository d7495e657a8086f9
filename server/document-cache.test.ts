import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAME_FOR_EVERY_VISITOR, documentCache } from "./document-cache.js";

// The middleware as server.js mounts it (below compression), in front of a stand-in app that counts its renders and
// marks what server.js's app would mark. What a visitor receives must be byte for byte what the app would have sent.
let clock = 0;
let renders = 0;
const cache = documentCache({ sessionCookie: "tamkeen_session", max: 3, ttlMs: 1000, maxBytes: 64 * 1024, now: () => clock });
const app = express();
app.use(compression());
app.use(cache);
app.get("/page", (req, res) => {
  renders += 1;
  const lang = req.get("accept-language") ?? "ar";
  res.set(SAME_FOR_EVERY_VISITOR, "1");
  res.set("Content-Security-Policy", "default-src 'self'");
  if (req.query.cookie) res.append("Set-Cookie", "tk_css=abc; Path=/");
  res.type("html").send(`<p>${lang} ${req.query.n ?? ""} ${"x".repeat(2000)}</p>`);
});
app.get("/mine", (_req, res) => {
  renders += 1;
  res.type("html").send("<p>not marked</p>");
});
app.get("/missing", (_req, res) => {
  renders += 1;
  res.set(SAME_FOR_EVERY_VISITOR, "1");
  res.status(404).type("html").send("<p>not found</p>");
});
app.get("/huge", (_req, res) => {
  renders += 1;
  res.set(SAME_FOR_EVERY_VISITOR, "1");
  res.type("html").send("y".repeat(100 * 1024));
});

let base = "";
let server: ReturnType<typeof app.listen>;
beforeAll(async () => {
  server = app.listen(0);
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

async function get(path: string, headers: Record<string, string> = {}) {
  const before = renders;
  const res = await fetch(base + path, { headers: { "accept-encoding": "gzip", ...headers } });
  const body = await res.text();
  return { res, body, rendered: renders > before };
}

describe("documents kept for every visitor", () => {
  it("serves a marked document again without the app, with the same body, headers and gzip, and never shows the mark", async () => {
    const first = await get("/page?n=1", { "accept-language": "fr" });
    const second = await get("/page?n=1", { "accept-language": "fr" });
    expect(first.rendered).toBe(true);
    expect(second.rendered).toBe(false);
    expect(second.body).toBe(first.body);
    expect(second.body).toContain("<p>fr 1 ");
    for (const r of [first, second]) {
      expect(r.res.status).toBe(200);
      expect(r.res.headers.get("content-encoding")).toBe("gzip");
      expect(r.res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(r.res.headers.get("content-security-policy")).toBe("default-src 'self'");
      expect(r.res.headers.get(SAME_FOR_EVERY_VISITOR)).toBeNull();
    }
    // A client that takes no gzip gets the plain bytes.
    const plain = await fetch(`${base}/page?n=1`, { headers: { "accept-language": "fr", "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(Number(plain.headers.get("content-length"))).toBe(Buffer.byteLength(first.body));
    expect(await plain.text()).toBe(first.body);
  });

  it("sends brotli where the browser takes it, as the compression middleware does, and the same text", async () => {
    const raw = (path: string) =>
      new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
        import("node:http").then(({ get: httpGet }) =>
          httpGet(`${base}${path}`, { headers: { "accept-encoding": "gzip, deflate, br, zstd", "accept-language": "ar" } }, (r) => {
            const parts: Buffer[] = [];
            r.on("data", (c: Buffer) => parts.push(c));
            r.on("end", () => resolve({ encoding: r.headers["content-encoding"], bytes: Buffer.concat(parts) }));
            r.on("error", reject);
          }),
        );
      });
    const before = renders;
    const fresh = await raw("/page?n=br");
    const kept = await raw("/page?n=br");
    expect(renders).toBe(before + 1);
    expect(fresh.encoding).toBe("br");
    expect(kept.encoding).toBe("br");
    expect(zlib.brotliDecompressSync(kept.bytes).toString("utf8")).toBe(zlib.brotliDecompressSync(fresh.bytes).toString("utf8"));
  });

  it("keeps one copy per URL, language and cookies", async () => {
    expect((await get("/page?n=2", { "accept-language": "ar" })).rendered).toBe(true);
    const other = await get("/page?n=2", { "accept-language": "en" });
    expect(other.rendered).toBe(true);
    expect(other.body).toContain("<p>en 2 ");
    expect((await get("/page?n=2", { "accept-language": "en", cookie: "lng=fr" })).rendered).toBe(true);
    expect((await get("/page?n=2", { "accept-language": "en", cookie: "lng=fr" })).rendered).toBe(false);
  });

  it("replays the cookie the app set with the page (the first-visit stylesheet's)", async () => {
    await get("/page?cookie=1");
    const again = await get("/page?cookie=1");
    expect(again.rendered).toBe(false);
    expect(again.res.headers.get("set-cookie")).toBe("tk_css=abc; Path=/");
  });

  it("never serves or keeps for a signed-in visitor, an unmarked page, an error, a huge page or another method", async () => {
    await get("/page?n=3");
    expect((await get("/page?n=3", { cookie: "tamkeen_session=abc" })).rendered).toBe(true);
    for (const path of ["/mine", "/missing", "/huge"]) {
      expect((await get(path)).rendered).toBe(true);
      const again = await get(path);
      expect(again.rendered).toBe(true);
      expect(again.res.headers.get(SAME_FOR_EVERY_VISITOR)).toBeNull();
    }
    const head = await fetch(`${base}/page?n=3`, { method: "HEAD" });
    expect(head.status).toBe(200);
  });

  it("forgets a copy after its time, and the least recently used one beyond its size", async () => {
    clock = 10_000;
    await get("/page?n=4");
    clock += 999;
    expect((await get("/page?n=4")).rendered).toBe(false);
    clock += 2;
    expect((await get("/page?n=4")).rendered).toBe(true);
    expect(cache.size()).toBeLessThanOrEqual(3);
    await get("/page?n=5");
    await get("/page?n=6");
    await get("/page?n=4");
    await get("/page?n=7");
    // n=5 was the least recently used of the four; n=4 was asked again and stays.
    expect((await get("/page?n=4")).rendered).toBe(false);
    expect((await get("/page?n=5")).rendered).toBe(true);
  });

  it("stores the gzip it sends as a valid stream of the same bytes", async () => {
    const res = await fetch(`${base}/page?n=8`, { headers: { "accept-encoding": "gzip", "accept-language": "fr" } });
    const fresh = await res.text();
    const before = renders;
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import("node:http").then(({ get: httpGet }) =>
        httpGet(`${base}/page?n=8`, { headers: { "accept-encoding": "gzip", "accept-language": "fr" } }, (r) => {
          const parts: Buffer[] = [];
          r.on("data", (c: Buffer) => parts.push(c));
          r.on("end", () => resolve(Buffer.concat(parts)));
          r.on("error", reject);
        }),
      );
    });
    expect(renders).toBe(before);
    expect(zlib.gunzipSync(raw).toString("utf8")).toBe(fresh);
  });
});
