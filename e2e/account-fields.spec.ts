import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { api, signIn, tag } from "./support.ts";

test.describe.configure({ timeout: 240_000 });

const slow = { timeout: 60_000 };

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("Account fields", () => {
  test("an admin adds a picklist field, and a manager filters the accounts table by it and sees team performance", async ({ browser, request }) => {
    const t = tag();
    const key = `tier_${t}`.toLowerCase().replace(/[^a-z0-9_]/g, "");
    const label = `Tier ${t}`;

    // The admin defines the field on Admin → Account fields.
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, "admin@demo.roster");
    await admin.goto("/admin/account-fields");
    await expect(admin.getByRole("heading", { name: "Account fields", level: 1 })).toBeVisible(slow);
    await expect(admin.getByRole("cell", { name: "health_score" })).toBeVisible();
    await admin.getByLabel("Key").fill(key);
    await admin.getByLabel("Type").selectOption("picklist");
    await admin.getByLabel("Label", { exact: true }).fill(label);
    await admin.getByLabel("Options").fill("Gold\nSilver");
    await admin.getByRole("checkbox", { name: "CSM manager" }).check();
    await admin.getByRole("checkbox", { name: /Column and filter in the accounts table/ }).check();
    await admin.getByRole("button", { name: "Add field" }).click();
    await expect(admin.getByRole("status").filter({ hasText: `Added ${label}.` })).toBeVisible(slow);
    await expect(admin.getByRole("cell", { name: key })).toBeVisible(slow);
    await expectNoSeriousViolations(admin);
    await adminContext.close();

    // Two accounts of this test get values through the API, as a CRM sync would.
    const gold = await api(request, "POST", "/accounts", { name: `E2E Gold ${t}`, segment: "Enterprise", fields: { [key]: "Gold" } });
    const silver = await api(request, "POST", "/accounts", { name: `E2E Silver ${t}`, segment: "Enterprise", fields: { [key]: "silver" } });
    expect(silver.fields[key]).toBe("Silver");

    // The manager filters by it: picklist multi-select, in the URL.
    const managerContext = await browser.newContext();
    const page = await managerContext.newPage();
    await signIn(page, "manager@demo.roster");
    await page.goto(`/accounts?q=${encodeURIComponent(`E2E`)}`);
    await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible(slow);
    const filter = page.getByRole("group", { name: label });
    await filter.locator("summary").click();
    await filter.getByRole("checkbox", { name: "Gold" }).check();
    await expect(page).toHaveURL(new RegExp(`field\\.${key}=Gold`), slow);
    const table = page.getByRole("table", { name: "Accounts" });
    await expect(table.getByRole("link", { name: gold.name })).toBeVisible(slow);
    await expect(table.getByRole("link", { name: silver.name })).toHaveCount(0);
    await expect(table.getByRole("columnheader", { name: label })).toBeVisible();
    await expectNoSeriousViolations(page);

    // Both options, sorted by the field descending: Silver first. (The list is still open.)
    if (!(await filter.getByRole("checkbox", { name: "Silver" }).isVisible())) await filter.locator("summary").click();
    await filter.getByRole("checkbox", { name: "Silver" }).check();
    await expect(page).toHaveURL(new RegExp(`field\\.${key}=Silver`), slow);
    await table.getByRole("button", { name: label }).click();
    await expect(page).toHaveURL(new RegExp(`sort=field\\.${key}`), slow);
    await table.getByRole("button", { name: label }).click();
    await expect(page).toHaveURL(new RegExp(`sort=-field\\.${key}`), slow);
    await expect(table.locator("tbody tr").first()).toContainText(silver.name, slow);

    // The account page shows the value, and the manager may edit it (editable by csm_manager).
    await page.goto(`/accounts/${gold.id}`);
    const fields = page.getByRole("region", { name: "Fields" });
    await expect(fields.getByText(label)).toBeVisible(slow);
    await fields.getByRole("button", { name: "Edit fields" }).click();
    await page.getByRole("dialog").getByLabel(label).selectOption("Silver");
    await page.getByRole("dialog").getByRole("button", { name: "Save fields" }).click();
    await expect(fields.getByRole("status")).toHaveText("Saved the account's fields.", slow);
    await expect(page.getByText(new RegExp(`changed the ${key.replaceAll("_", " ")} from Gold to Silver`))).toBeVisible(slow);

    // Team performance: the seeded scores per CSM, a chart and a sortable table.
    await page.goto("/team-performance");
    await expect(page.getByRole("heading", { name: "Team performance", level: 1 })).toBeVisible(slow);
    await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible(slow);
    const performance = page.getByRole("region", { name: /Team performance per/ });
    await performance.getByRole("link", { name: /Avg Health score/ }).click();
    await expect(page).toHaveURL(/sort=score\.health_score/, slow);
    await page.getByLabel("Chart").selectOption("lifecycle_stage");
    await expect(page).toHaveURL(/metric=lifecycle_stage/, slow);
    await expectNoSeriousViolations(page);
    await managerContext.close();
  });
});
