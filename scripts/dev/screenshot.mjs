// Developer aid: node scripts/dev/screenshot.mjs URL OUT.png [locale] [width] [css selector]
import { chromium } from "@playwright/test";
const [, , url, out, locale = "ar-MA", width = "390", selector] = process.argv;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ locale, viewport: { width: Number(width), height: 800 } });
const external = [];
page.on("request", (r) => {
  if (!r.url().startsWith("http://localhost")) external.push(r.url());
});
await page.goto(url, { waitUntil: "networkidle" });
if (selector) {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(300);
  await page.locator(selector).first().screenshot({ path: out });
} else await page.screenshot({ path: out });
console.log("external requests:", external.length);
await browser.close();
