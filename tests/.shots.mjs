// Throwaway: screenshots at 360x740 for a human look (not a test). Usage: node tests/.shots.mjs BASE PASSWORD OUTDIR
import { chromium } from "@playwright/test";
const [base, password, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const pages = (process.env.PAGES ?? "/courses,/learn,/account").split(",");
for (const locale of ["ar", "fr"]) {
  for (const js of [true, false]) {
    for (const who of (process.env.WHO ?? "learner").split(",")) {
      const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: js, locale });
      await ctx.addCookies([{ name: "tamkeen_locale", value: locale, url: base }]);
      const page = await ctx.newPage();
      await page.goto(base + "/login");
      await page.fill('input[name="email"]', `${who}@tamkeen.test`);
      await page.fill('input[name="password"]', password);
      await page.click('form:has(input[name="password"]) button[type="submit"]');
      await page.waitForLoadState("networkidle");
      await page.request.post(base + "/set-locale", { form: { locale, redirectTo: "/" } });
      for (const p of pages) {
        await page.goto(base + p);
        const name = `${out}/${who}-${locale}-${js ? "js" : "nojs"}${p.replace(/[/?=&]/g, "_")}.png`;
        await page.screenshot({ path: name, fullPage: process.env.FULL === "1" });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
        if (overflow) console.log("OVERFLOW", name);
      }
      await ctx.close();
    }
  }
}
await browser.close();
