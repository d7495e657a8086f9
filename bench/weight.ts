// What a learner's phone downloads for a lesson page in Chromium: first visit (empty cache), repeat visit, the next
// lesson; then the same first visit on a slow prepaid connection (400 kbit/s both ways, 400 ms round trip, emulated by
// Chromium's network conditions): when the lesson's heading is painted (Element Timing on the <h1>) and the load event.
import { chromium } from "@playwright/test";
import { startServer } from "./_server";

const server = await startServer(3340);
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const context = await browser.newContext({ locale: "ar-MA", viewport: { width: 390, height: 844 } });
const [name, value] = decodeURIComponent(server.cookie).split(/=(.*)/s);
await context.addCookies([{ name, value: encodeURIComponent(value), url: server.url }]);
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send("Network.enable");

type Visit = { bytes: number; requests: number; jsBytes: number; fontBytes: number; cssBytes: number; docBytes: number; external: number };
let current: Visit;
const types = new Map<string, { type: string; url: string }>();
cdp.on("Network.responseReceived", (e) => types.set(e.requestId, { type: e.type, url: e.response.url }));
cdp.on("Network.loadingFinished", (e) => {
  const info = types.get(e.requestId);
  current.requests += 1;
  current.bytes += e.encodedDataLength;
  if (info?.type === "Script") current.jsBytes += e.encodedDataLength;
  if (info?.type === "Font") current.fontBytes += e.encodedDataLength;
  if (info?.type === "Stylesheet") current.cssBytes += e.encodedDataLength;
  if (info?.type === "Document") current.docBytes += e.encodedDataLength;
  if (info && !info.url.startsWith(server.url)) current.external += 1;
});

async function visit(path: string) {
  current = { bytes: 0, requests: 0, jsBytes: 0, fontBytes: 0, cssBytes: 0, docBytes: 0, external: 0 };
  await page.goto(server.url + path, { waitUntil: "networkidle" });
  // Scroll to the end so that lazy images load, as a reader would.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(300);
  return { ...current };
}

const lesson = "/courses/digital-communication/strategy";
const first = await visit(lesson);
const repeat = await visit(lesson);
const nextLesson = await visit("/courses/digital-communication/audiences-messages");

// Slow profile, empty cache, three runs (the median is reported): a fresh context each time.
async function slowVisit() {
  const ctx = await browser.newContext({ locale: "ar-MA", viewport: { width: 360, height: 740 } });
  await ctx.addCookies([{ name, value: encodeURIComponent(value), url: server.url }]);
  const p = await ctx.newPage();
  const session = await ctx.newCDPSession(p);
  await session.send("Network.enable");
  const bytesPerSecond = 400_000 / 8;
  await session.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 400,
    downloadThroughput: bytesPerSecond,
    uploadThroughput: bytesPerSecond,
  });
  await p.goto(server.url + lesson, { waitUntil: "load" });
  const timing = await p.evaluate(
    () =>
      new Promise<{ headingMs: number | null; loadMs: number; fcpMs: number | null }>((resolve) => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const fcp = performance.getEntriesByName("first-contentful-paint")[0];
        new PerformanceObserver((list) => {
          const heading = list.getEntries().find((e) => (e as PerformanceEntry & { identifier?: string }).identifier === "lesson-title") as
            (PerformanceEntry & { renderTime: number; loadTime: number }) | undefined;
          resolve({
            headingMs: heading ? Math.round(heading.renderTime || heading.loadTime) : null,
            loadMs: Math.round(nav.loadEventEnd || nav.loadEventStart),
            fcpMs: fcp ? Math.round(fcp.startTime) : null,
          });
        }).observe({ type: "element", buffered: true });
      }),
  );
  await ctx.close();
  return timing;
}
const slowRuns = [await slowVisit(), await slowVisit(), await slowVisit()];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const slow = {
  profile: "400 kbit/s down and up, 400 ms RTT, empty cache, 360 × 740",
  headingMs: median(slowRuns.map((r) => r.headingMs ?? Infinity)),
  firstContentfulPaintMs: median(slowRuns.map((r) => r.fcpMs ?? Infinity)),
  loadMs: median(slowRuns.map((r) => r.loadMs)),
  runs: slowRuns,
};
await browser.close();
server.stop();

const kb = (v: Visit) =>
  Object.fromEntries(Object.entries(v).map(([k, n]) => [k, k === "requests" || k === "external" ? n : Math.round((n / 1024) * 10) / 10]));
console.log(
  JSON.stringify({
    bench: "weight",
    page: lesson,
    unit: "KB transferred (compressed)",
    firstVisit: kb(first),
    repeatVisit: kb(repeat),
    nextLessonSameSession: kb(nextLesson),
    slow,
    targets: {
      "first visit <= 90 KB": first.bytes <= 90 * 1024,
      "first visit without font downloads <= 30 KB": first.bytes - first.fontBytes <= 30 * 1024,
      "JavaScript <= 5 KB": first.jsBytes <= 5 * 1024,
      "repeat visit <= 12 KB": repeat.bytes <= 12 * 1024,
      "no request leaves the origin": first.external === 0,
      "heading visible <= 1.0 s (slow profile)": slow.headingMs <= 1000,
      "load event <= 1.5 s (slow profile)": slow.loadMs <= 1500,
    },
  }),
);
process.exit(0);
