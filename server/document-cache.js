// Documents that are the same for every visitor who is not signed in (the login page, the home page, the forms to ask
// for a reset link or to check a certificate), kept once rendered: the app marks such a response (entry.server.tsx,
// for routes whose handle says `sameForEveryVisitor`), this keeps it with its gzip, and the next request with the same
// URL, language and cookies gets the kept bytes without running the app or compressing again. Compressed once, they are
// compressed harder than the middleware does per request (brotli 6, gzip 9: ~10 % smaller than brotli 4, for phones on
// metered data), at ~1.5 ms, on the request that fills the entry. Not brotli 11 (~30 ms a page): the key is the
// visitor's to choose (a query string, a language header), so a stream of misses must stay as cheap as renders.
// Plain JavaScript, like server.js, which mounts it.
import zlib from "node:zlib";
import Negotiator from "negotiator";

/** Set by the app on a response it may keep; never sent to the browser. */
export const SAME_FOR_EVERY_VISITOR = "x-tamkeen-same-for-every-visitor";

// Never kept: what the server sets again for each response, or computes from the body sent.
// HSTS is set per request (only over https).
const NOT_KEPT = new Set([
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "vary",
  "date",
  "connection",
  "keep-alive",
  "etag",
  "strict-transport-security",
]);

// As the compression middleware chooses: brotli where the browser takes it, else gzip, else the bytes as they are.
const ENCODINGS = ["br", "gzip", "identity"];
const PREFERRED = ["br", "gzip"];

/**
 * @param {{ sessionCookie: string; max?: number; ttlMs?: number; maxBytes?: number; now?: () => number }} options
 * @returns {import("express").RequestHandler & { size: () => number }}
 */
export function documentCache({ sessionCookie, max = 200, ttlMs = 10 * 60_000, maxBytes = 256 * 1024, now = Date.now }) {
  /** @type {Map<string, { at: number; headers: [string, string | number | string[]][]; identity: Buffer; gzip: Buffer; br: Buffer }>} */
  const kept = new Map();

  /** @type {import("express").RequestHandler} */
  function handler(req, res, next) {
    const cookies = req.get("cookie") ?? "";
    // A signed-in visitor's pages are theirs; an odd request is not worth a key.
    if (req.method !== "GET" || cookies.includes(`${sessionCookie}=`) || req.originalUrl.length > 2000 || cookies.length > 1000) return next();
    // Everything the app reads to write such a document: the URL, the language asked for, the cookies (the language
    // chosen, whether the stylesheet is cached) and the scheme (a cookie set over https says Secure).
    const key = `${req.protocol}\n${req.originalUrl}\n${req.get("accept-language") ?? ""}\n${cookies}`;
    const hit = kept.get(key);
    if (hit && now() - hit.at < ttlMs) {
      // Most recently used last: the first entry is the one to drop.
      kept.delete(key);
      kept.set(key, hit);
      res.status(200);
      for (const [name, value] of hit.headers) res.setHeader(name, value);
      res.setHeader("Vary", "Accept-Encoding");
      const encoding = new Negotiator(req).encoding(ENCODINGS, PREFERRED);
      if (encoding === "br" || encoding === "gzip") res.setHeader("Content-Encoding", encoding);
      const body = encoding === "br" ? hit.br : encoding === "gzip" ? hit.gzip : hit.identity;
      res.setHeader("Content-Length", body.length);
      res.end(body);
      return;
    }
    if (hit) kept.delete(key);
    keepWhatIsSent(res, (headers, body) => {
      if (kept.size >= max) kept.delete(kept.keys().next().value);
      const br = zlib.brotliCompressSync(body, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      });
      kept.set(key, { at: now(), headers, identity: body, gzip: zlib.gzipSync(body, { level: 9 }), br });
    });
    next();
  }

  /**
   * Watches the response on its way out: if the app marked it (status 200, headers not yet sent), the mark is taken off
   * before the headers leave and the body is gathered as written, below the compression middleware.
   * @param {import("express").Response} res
   * @param {(headers: [string, string | number | string[]][], body: Buffer) => void} store
   */
  function keepWhatIsSent(res, store) {
    /** @type {Buffer[] | null} */
    let chunks = null;
    let decided = false;
    let size = 0;
    const decide = () => {
      if (decided) return;
      decided = true;
      if (res.headersSent || !res.getHeader(SAME_FOR_EVERY_VISITOR)) return;
      res.removeHeader(SAME_FOR_EVERY_VISITOR);
      if (res.statusCode === 200) chunks = [];
    };
    const gather = (chunk, encoding) => {
      if (!chunks || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer = typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8") : Buffer.from(chunk);
      size += buffer.length;
      if (size > maxBytes) chunks = null;
      else chunks.push(buffer);
    };
    const write = res.write;
    const end = res.end;
    res.write = function (chunk, encoding, callback) {
      decide();
      gather(chunk, encoding);
      return write.call(this, chunk, encoding, callback);
    };
    res.end = function (chunk, encoding, callback) {
      decide();
      gather(chunk, encoding);
      if (chunks) {
        const headers = Object.entries(res.getHeaders()).filter(([name, value]) => value !== undefined && !NOT_KEPT.has(name));
        store(/** @type {[string, string | number | string[]][]} */ (headers), Buffer.concat(chunks));
      }
      return end.call(this, chunk, encoding, callback);
    };
  }

  return Object.assign(handler, { size: () => kept.size });
}
