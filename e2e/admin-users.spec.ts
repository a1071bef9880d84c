import { expect, test } from "@playwright/test";
import { signIn } from "./support.ts";

test.describe("Admin → Users", () => {
  test("an admin creates a user who can then sign in", async ({ page, browser }) => {
    const email = `new.rep.${Date.now()}@demo.roster`;
    await signIn(page, "admin@demo.roster");
    await page.getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();

    // Validation errors appear next to the fields and nothing is created.
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.locator("#new-user-email-error")).toBeVisible();
    await expect(page.locator("#new-user-name-error")).toBeVisible();

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Name", { exact: true }).fill("Nora New");
    await page.getByLabel("Profile").selectOption("csm");
    await page.getByLabel("Capacity").fill("30");
    await page.getByLabel("Password").fill("a-good-password");
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("status")).toHaveText("Created Nora New.");
    await expect(page.getByRole("cell", { name: email })).toBeVisible();

    // The same email again is refused, whatever its case.
    await page.getByLabel("Email").fill(email.toUpperCase());
    await page.getByLabel("Name", { exact: true }).fill("Nora Again");
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.locator("#new-user-email-error")).toHaveText("Already taken.");

    const context = await browser.newContext();
    const other = await context.newPage();
    await signIn(other, email, "a-good-password");
    await expect(other.getByTestId("current-profile")).toHaveText("CSM");
    await context.close();
  });

  test("an admin edits a user's profile and capacity", async ({ page }) => {
    await signIn(page, "admin@demo.roster");
    await page.goto("/admin/users");
    await page.getByRole("link", { name: "Chris Sato" }).click();
    // The list has a Capacity field of its own (the new-user form): fill the edit page's, once it is there.
    await expect(page.getByRole("heading", { name: "Chris Sato", level: 1 })).toBeVisible();
    await page.getByLabel("Capacity").fill("33");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status")).toHaveText("Saved.");
    await page.goto("/admin/users");
    await expect(page.getByRole("row", { name: /Chris Sato/ })).toContainText("33");
  });

  test("a leader cannot open Admin", async ({ page }) => {
    await signIn(page, "leader@demo.roster");
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
    const response = await page.goto("/admin/users");
    // The page exists; the leader's profile does not include it (issue 21: a real 403, not a 404).
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this", level: 1 })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toHaveCount(0);
  });
});
