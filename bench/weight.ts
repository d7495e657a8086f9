// What a learner's phone downloads for a lesson page in Chromium: first visit (empty cache) and repeat visit.
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
    targets: { firstVisitUnder150KB: first.bytes <= 150 * 1024, noThirdParty: first.external === 0 },
  }),
);
process.exit(0);
