import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./support.ts";

async function expectNoSeriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

// Each step renders the page on the server again; on a busy machine that takes a while.
const slow = { timeout: 60_000 };

test.describe("Workload", () => {
  test.describe.configure({ timeout: 240_000 });

  test("a leader filters to a segment, reads the charts and the table, and clicks through to a rep's accounts", async ({ page }) => {
    await signIn(page, "leader@demo.roster");
    await page.goto("/workload");
    await expect(page.getByRole("heading", { name: "Workload", level: 1 })).toBeVisible(slow);

    await page.getByLabel("Segment").selectOption("Enterprise");
    await expect(page).toHaveURL(/segment=Enterprise/, slow);
    await expect(page.getByRole("heading", { name: /CSMs today in Enterprise/ })).toBeVisible(slow);
    const capacityChart = page.getByRole("figure", { name: "Accounts held against capacity" });
    await expect(capacityChart.locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();
    await expect(capacityChart.locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(page.getByRole("figure", { name: "Accounts held at month end" }).locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Rebalancing suggestions" })).toBeVisible();
    await page.screenshot({ path: "test-results/workload.png", fullPage: true });
    await expectNoSeriousViolations(page);

    // Every choice lives in the URL.
    await page.getByLabel("Count parent accounts only").check();
    await expect(page).toHaveURL(/parentsOnly=true/, slow);
    await page.getByLabel("Sort by").selectOption("arr");
    await expect(page).toHaveURL(/sort=arr/, slow);

    await page.getByRole("link", { name: "Table", exact: true }).click();
    await expect(page).toHaveURL(/view=table/, slow);
    const table = page.getByRole("table", { name: /Workload per Customer Success Manager, sorted by ARR/ });
    await expect(table).toBeVisible(slow);
    await expect(table.getByRole("columnheader", { name: /ARR/ }).first()).toHaveAttribute("aria-sort", "descending");
    await page.screenshot({ path: "test-results/workload-table.png", fullPage: true });
    await expectNoSeriousViolations(page);
    const firstRep = table.locator("tbody tr").first().getByRole("link").first();
    await expect(firstRep).toHaveAttribute("href", /\/accounts\?csmId=[0-9a-f-]{36}&segment=Enterprise/);
    // Its open opportunities keep the segment too, so the list holds what the bar counted.
    const openOpportunities = table.locator("tbody tr").first().locator('a[href^="/opportunities"]').first();
    await expect(openOpportunities).toHaveAttribute("href", /\/opportunities\?csmId=[0-9a-f-]{36}&open=true&segment=Enterprise/);

    // Back to the charts: a click on a rep's bar opens the accounts table filtered to that rep.
    await page.getByRole("link", { name: "Charts", exact: true }).click();
    await expect(page).toHaveURL(/segment=Enterprise/, slow);
    await page.getByRole("figure", { name: "Accounts held against capacity" }).locator(".recharts-bar-rectangle").first().click();
    await expect(page).toHaveURL(/\/accounts\?csmId=[0-9a-f-]{36}/, slow);
  });

  test("SAs show primary and supporting opportunities and recent activities", async ({ page }) => {
    await signIn(page, "sa@demo.roster");
    await page.goto("/workload?role=sa");
    await expect(page.getByRole("heading", { name: "SAs today" })).toBeVisible(slow);
    await expect(page.getByRole("figure", { name: "Open opportunities: primary and supporting" }).locator(".recharts-wrapper > svg.recharts-surface")).toBeVisible();
    await expect(page.getByRole("figure", { name: "Activities in the last 90 days" }).locator(".recharts-bar-rectangle").first()).toBeVisible();
    const samLink = page.getByRole("figure", { name: "Accounts held against capacity" }).getByRole("link", { name: "Sam Adeyemi" });
    await expect(samLink).toHaveAttribute("href", /\/accounts\?saId=/);
    await expectNoSeriousViolations(page);
  });

  test("an SA's supporting bar and count open the opportunities they support", async ({ page }) => {
    await signIn(page, "leader@demo.roster");
    // Most supporting first, so the first rep's supporting bar has a length to click.
    await page.goto("/workload?role=sa&sort=supportingOpportunities&view=table");
    const table = page.getByRole("table", { name: /Workload per Solutions Architect/ });
    await expect(table).toBeVisible(slow);
    const first = table.locator("tbody tr").first();
    const count = first.locator("td").nth(6);
    const supported = Number((await count.innerText()).replace(/\D/g, ""));
    expect(supported).toBeGreaterThan(0);
    await expect(count.getByRole("link")).toHaveAttribute("href", /^\/opportunities\?supportingSaId=[0-9a-f-]{36}&open=true$/);

    await page.getByRole("link", { name: "Charts", exact: true }).click();
    const chart = page.getByRole("figure", { name: "Open opportunities: primary and supporting" });
    await chart.locator(".recharts-bar").nth(1).locator(".recharts-bar-rectangle").first().click();
    await expect(page).toHaveURL(/\/opportunities\?supportingSaId=[0-9a-f-]{36}&open=true/, slow);
    await expect(page.getByLabel("Supporting SA", { exact: true })).not.toHaveValue("");
    await expect(page.getByLabel("Status", { exact: true })).toHaveValue("true");
    await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(Math.min(supported, 50), slow);
  });
});
