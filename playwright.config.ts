import fs from "node:fs";
import { chromium, defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_DEMO_PASSWORD = "e2e-only-demo-password";

// Playwright's own Chromium when it is installed; otherwise the system one (Debian's package).
function browserLaunchOptions() {
  let own: string | undefined;
  try {
    own = chromium.executablePath();
  } catch {
    own = undefined;
  }
  if (own && fs.existsSync(own)) return {};
  const system = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  return {
    executablePath: system,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  };
}

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: browserLaunchOptions(),
    trace: "retain-on-failure",
  },
  webServer: {
    // A fresh SQLite file for every run; the server migrates and seeds it on start.
    // The real courses plus a gallery course that shows every lesson component.
    command:
      "rm -rf tests/.tmp-e2e && mkdir -p tests/.tmp-e2e && cp -r courses tests/.tmp-e2e/courses && cp -r tests/fixtures/e2e-courses/* tests/fixtures/journey-courses/* tests/.tmp-e2e/courses/ && node server.js",
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      DATABASE_PATH: "tests/.tmp-e2e/e2e.db",
      COURSES_DIR: "tests/.tmp-e2e/courses",
      PUBLIC_URL: `http://localhost:${PORT}`,
      SEED_DEMO: "true",
      // A password for the test run only; a real install gets a random one (see README).
      DEMO_PASSWORD: E2E_DEMO_PASSWORD,
      LOG_EMAILS: "false",
    },
  },
});
