import { expect, test } from "@playwright/test";
import { signIn } from "./support.ts";

const DEMO = [
  ["admin@demo.roster", "Admin"], ["ops@demo.roster", "Sales ops"], ["comp@demo.roster", "Sales comp"],
  ["finance@demo.roster", "Finance"], ["manager@demo.roster", "CSM manager"], ["csm@demo.roster", "CSM"],
  ["sa@demo.roster", "Solutions architect"], ["leader@demo.roster", "Leader"],
] as const;

test.describe("Signing in", () => {
  for (const [email, profile] of DEMO) {
    test(`${email} signs in and sees the shell as ${profile}`, async ({ page }) => {
      await signIn(page, email);
      await expect(page.getByTestId("current-profile")).toHaveText(profile);
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome");
    });
  }

  test("a wrong password is refused without saying whether the email exists", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill("admin@demo.roster");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
    await page.getByLabel("Email").fill("nobody@demo.roster");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("the sign-in page lists the demo users in demo mode", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Demo users" })).toBeVisible();
    await expect(page.getByText("manager@demo.roster")).toBeVisible();
  });

  test("signing out returns to the sign-in page and pages then ask to sign in", async ({ page }) => {
    await signIn(page, "csm@demo.roster");
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/admin/users");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
