import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { E2E_ADMIN_TOKEN } from "../playwright.config.ts";

export const DEMO_PASSWORD = "roster-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Generous: the first request of a fresh server compiles and warms up, and argon2 is slow on purpose.
  await expect(page.getByTestId("current-user")).toBeVisible({ timeout: 30_000 });
}

/** The bootstrap admin token the e2e server starts with (playwright.config.ts). */
export const ADMIN_AUTH = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

/** A short unique suffix, so each run's records do not meet an earlier run's. */
export const tag = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Calls the HTTP API as the bootstrap admin, failing the test with the answer when it is not 2xx. */
export async function api(request: APIRequestContext, method: string, path: string, data?: unknown) {
  const response = await request.fetch(`/api/v1${path}`, { method, headers: ADMIN_AUTH, data });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBeTruthy();
  return response.json();
}
