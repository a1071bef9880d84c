// Which Chromium the browser tests and the bench drive, and with which switches: shared by
// scripts/test.mjs, playwright.config.ts and the bench's browser case.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

/** Root on a closed network: no sandbox, no background calls home. */
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
];

/**
 * Playwright's own Chromium when installed, else the system's; undefined with neither.
 * @returns {string | undefined}
 */
export function findChromium() {
  try {
    const own = createRequire(import.meta.url)("playwright-core").chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // playwright-core missing or no browser registry: fall through to the system's.
  }
  return ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((path) => existsSync(path));
}
