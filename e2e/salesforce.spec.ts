import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signIn } from "./support.ts";

// The e2e app runs without a Salesforce org (none is reachable from here): the page must say so
// plainly and offer nothing that would fail. The connector itself is tested against the API
// double in lib/domain/salesforce/sync.test.ts.
test.describe("Admin → Salesforce", () => {
  test("an admin sees the sync's state, the mapping and what to set when no org is connected", async ({ page }) => {
    await signIn(page, "admin@demo.roster");
    await page.getByRole("link", { name: "Salesforce" }).click();
    await expect(page.getByRole("heading", { name: "Salesforce", level: 1 })).toBeVisible();
    await expect(page.getByText(/Not configured: set SALESFORCE_LOGIN_URL/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Run now" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Catch: dry run" })).toBeDisabled();
    await expect(page.getByText("None: everything Roster sent was accepted.")).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });

  test("a CSM has no Salesforce page", async ({ page }) => {
    await signIn(page, "csm@demo.roster");
    await expect(page.getByRole("link", { name: "Salesforce" })).toHaveCount(0);
    await page.goto("/admin/salesforce");
    await expect(page.getByText("You don't have access to this")).toBeVisible();
  });
});
