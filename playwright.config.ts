import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_ADMIN, E2E_AGENT_PASSWORD, E2E_NEXTAUTH_SECRET } from "./e2e/fixtures/accounts.ts";
import { e2ePort } from "./e2e/fixtures/database-url.ts";

const port = e2ePort();
const baseURL = `http://localhost:${port}`;
// Uploads and other local state start empty at every run, like the database.
const dataDir = path.join(os.tmpdir(), `supportgate-e2e-${port}`);

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS || 2),
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is unreachable offline.
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: `rm -rf "${dataDir}" && npx tsx scripts/e2e-server.ts`,
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      ...(process.env as Record<string, string>),
      PORT: String(port),
      SUPPORTGATE_DATA_DIR: dataDir,
      ADMIN_EMAIL: E2E_ADMIN.email,
      ADMIN_PASSWORD: E2E_ADMIN.password,
      DEMO_AGENT_PASSWORD: E2E_AGENT_PASSWORD,
      SEED_DEMO_DATA: "true",
      APP_BASE_URL: baseURL,
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET: E2E_NEXTAUTH_SECRET,
    },
  },
});
