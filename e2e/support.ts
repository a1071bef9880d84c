import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "roster-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Generous: the first request of a fresh server compiles and warms up, and argon2 is slow on purpose.
  await expect(page.getByTestId("current-user")).toBeVisible({ timeout: 30_000 });
}
