import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { isLocale } from "./utils/i18n";
import { isSameForEveryVisitor, shouldHydrate } from "./utils/hydrate";
import { SAME_FOR_EVERY_VISITOR } from "../server/document-cache.js";
import { getLocale, i18nFor } from "./utils/i18n.server";
import { firstVisitStylesheet } from "./utils/first-visit-css.server";
import { InlineCssContext } from "./utils/inline-css";
import { NonceContext } from "./utils/nonce";
import { DocumentContext } from "./components/link";
import { appCss } from "./root";
import { contentSecurityPolicy, createNonce } from "./utils/security-headers.server";

const ABORT_DELAY = 5_000;

/**
 * React writes the document in many tiny chunks; gzip compresses each one separately (measured: 7 ms for a 16 KB
 * page in 100-byte chunks, 0.3 ms in one). This gathers everything written in one burst into a single chunk,
 * flushed on the next turn of the event loop, so streaming still works.
 */
function coalescing() {
  let pending: Buffer[] = [];
  let scheduled = false;
  const stream: Transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      pending.push(chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          if (pending.length) stream.push(Buffer.concat(pending));
          pending = [];
        });
      }
      callback();
    },
    flush(callback) {
      if (pending.length) this.push(Buffer.concat(pending));
      pending = [];
      callback();
    },
  });
  return stream;
}

export const streamTimeout = ABORT_DELAY;

// server.js and scripts/admin-create.js reach these through the server build (build.entry.module).
export { createAdmin, startup, stopPeriodicJobs } from "./startup.server";

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  // The root loader already resolved the locale (user preference, cookie, browser); reuse it.
  const rootData = remixContext.staticHandlerContext.loaderData?.root as { locale?: string } | undefined;
  const locale = isLocale(rootData?.locale) ? rootData.locale : await getLocale(request);

  const i18n = i18nFor(locale);
  const handles = remixContext.staticHandlerContext.matches.map((m) => remixContext.routeModules[m.route.id]?.handle);
  const hydrate = shouldHydrate(handles);
  // Only the scripts of a hydrating page carry the nonce; a document has none to allow (its policy names no nonce).
  const nonce = hydrate ? createNonce() : "";
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce, { hydrate }));
  // A document has no <Scripts> to read the loader data it would hand to the browser: never encode it (with the patch
  // to @remix-run/server-runtime the hand-off stream is only encoded when read; setting it decides without encoding).
  if (!hydrate) remixContext.serverHandoffStream = undefined;
  // Documents only (staff pages hydrate and keep the <link>, so server and client render the same head).
  const firstVisit = hydrate ? null : firstVisitStylesheet(request, appCss);
  if (firstVisit) responseHeaders.append("Set-Cookie", firstVisit.setCookie);
  // A signed-in page is that person's: never kept by a shared cache, nor by the browser's back-forward store on a shared phone.
  const signedIn = Boolean((remixContext.staticHandlerContext.loaderData?.root as { user?: unknown } | undefined)?.user);
  if (signedIn) responseHeaders.set("Cache-Control", "private, no-store");
  // A visitor's page that is everyone's (its route says so, nothing but the first-visit cookie is set): the server may
  // keep the bytes for the next visitor who sends the same URL, language and cookies (server/document-cache.js).
  const setCookies = responseHeaders.getSetCookie();
  if (
    !signedIn &&
    !hydrate &&
    request.method === "GET" &&
    responseStatusCode === 200 &&
    isSameForEveryVisitor(handles) &&
    setCookies.every((c) => c === firstVisit?.setCookie)
  ) {
    responseHeaders.set(SAME_FOR_EVERY_VISITOR, "1");
  }

  const readyEvent = isbot(request.headers.get("user-agent")) || remixContext.isSpaMode ? "onAllReady" : "onShellReady";

  const app = (
    <NonceContext.Provider value={nonce}>
      <DocumentContext.Provider value={!hydrate}>
        <InlineCssContext.Provider value={firstVisit?.css ?? null}>
          <I18nextProvider i18n={i18n}>
            <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
          </I18nextProvider>
        </InlineCssContext.Provider>
      </DocumentContext.Provider>
    </NonceContext.Provider>
  );

  // A document has nothing to stream: no <Scripts>, so no hand-off data, and no Suspense boundary waiting on data (the
  // loaders have all answered). One string in one chunk skips React's stream, the coalescing transform and the Node to
  // web stream bridge; the compression middleware then deflates the page in one pass.
  if (!hydrate) {
    const html = `<!DOCTYPE html>${renderToString(app)}`;
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    return new Response(html, { headers: responseHeaders, status: responseStatusCode });
  }

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      [readyEvent]() {
        shellRendered = true;
        const body = coalescing();
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}
