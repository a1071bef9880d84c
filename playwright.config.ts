import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS } from "./scripts/chromium.mjs";

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;
export const E2E_ADMIN_TOKEN = "e2e-bootstrap-token-0123456789abcdefghijklmnop";
/**
 * The Salesforce API double (test/salesforce-double, holding the demo's org) the e2e app's
 * connector talks to. ROSTER_WORKER is off, so nothing syncs until someone presses "Run now".
 */
export const SALESFORCE_DOUBLE_URL = `http://127.0.0.1:${port + 7}`;
const salesforce = { SALESFORCE_CLIENT_ID: "roster-e2e", SALESFORCE_CLIENT_SECRET: "roster-e2e-secret" };

export default defineConfig({
  testDir: "e2e",
  // One folder per port, so parallel runs do not delete each other's traces.
  outputDir: `test-results/e2e-${port}`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.ROSTER_CHROMIUM || undefined,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1360, height: 900 } } }],
  webServer: [{
    command: "node --conditions=react-server --import tsx scripts/salesforce-double.ts",
    url: `${SALESFORCE_DOUBLE_URL}/__double/User`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { SALESFORCE_DOUBLE_PORT: String(port + 7), SALESFORCE_DOUBLE_LOG: "0", ...salesforce },
  }, {
    command: "node --conditions=react-server --import tsx scripts/roster.ts start",
    url: `${baseURL}/sign-in`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      ROSTER_DATA_DIR: process.env.E2E_DATA_DIR ?? ".data/e2e",
      ROSTER_DIST_DIR: process.env.ROSTER_DIST_DIR ?? "",
      ROSTER_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      NEXTAUTH_URL: baseURL,
      ROSTER_WORKER: "off",
      ROSTER_WEBHOOKS_ALLOW_PRIVATE: "1", // the webhooks spec's receiver listens on 127.0.0.1
      ROSTER_THROWAWAY_DB: "1",
      SALESFORCE_LOGIN_URL: SALESFORCE_DOUBLE_URL,
      ...salesforce,
    },
  }],
});
