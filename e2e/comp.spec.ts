import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { quarterOf } from "../lib/domain/settings/fiscal.ts";
import { signIn, ADMIN_AUTH as ADMIN } from "./support.ts";

// The demo data's fiscal year starts in February unless an admin changed it; these tests do not.
const START_MONTH = 2;

function previousQuarterKey(): string {
  const current = quarterOf(new Date().toISOString().slice(0, 10), START_MONTH);
  const dayBefore = new Date(Date.parse(`${current.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return quarterOf(dayBefore, START_MONTH).key;
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`);
}

test.describe("Compensation review", () => {
  test("finance reviews, fixes a missing SA with a reason, approves, and the snapshot ignores a later change", async ({ page, request }) => {
    test.setTimeout(360_000); // many steps, each a server render of a whole quarter
    const t = Date.now();
    // A deal of our own, closed won today with nobody credited, the biggest of the quarter.
    const account = await request.post("/api/v1/accounts", { headers: ADMIN, data: { name: `Comp E2E ${t}` } });
    expect(account.status()).toBe(201);
    const accountId = (await account.json()).id;
    const deal = `Comp deal ${t}`;
    const opportunity = await request.post("/api/v1/opportunities", {
      headers: ADMIN, data: { accountId, name: deal, stage: "closed_won", amount: 987654321 },
    });
    expect(opportunity.status()).toBe(201);

    await signIn(page, "finance@demo.roster");

    // Last quarter, from the demo data: flags and totals per rep.
    await page.goto(`/comp?period=${previousQuarterKey()}&flag=flagged`);
    await expect(page.getByRole("heading", { name: "Compensation review", level: 1 })).toBeVisible();
    await expect(page.getByTestId("period-count")).not.toHaveText("0");
    await expect(page.locator("table.dt-table .badge").first()).toBeVisible();
    for (const title of ["Credit per CSM", "Credit per primary SA"]) {
      const totals = page.getByRole("region", { name: title });
      await expect(totals.getByRole("row", { name: /^Total/ })).toBeVisible();
    }
    expect(await seriousViolations(page)).toEqual([]);

    // This quarter, biggest first: our deal, missing both people.
    await page.goto("/comp?sort=-amount");
    const row = page.getByRole("row", { name: new RegExp(deal) });
    await expect(row).toContainText("Missing CSM");
    await expect(row).toContainText("Missing primary SA");

    // Attribution: nothing counts for a deal nobody worked on.
    await row.getByRole("button", { name: `SA activity on ${deal}` }).click();
    const activity = page.getByRole("dialog", { name: `SA activity — ${deal}` });
    await expect(activity).toContainText("No activity counts for this opportunity.");
    await page.keyboard.press("Escape");
    await expect(activity).toBeHidden();

    await row.getByRole("button", { name: `Fix credit on ${deal}` }).click();
    const dialog = page.getByRole("dialog", { name: "Fix credit" });
    await dialog.getByRole("radio", { name: "Primary SA" }).check();
    await dialog.getByLabel("New primary SA").selectOption({ label: "Sam Adeyemi — sa@demo.roster" });
    await dialog.getByRole("button", { name: "Fix credit" }).click();
    await expect(dialog.getByText("Give a reason of at least 3 characters.")).toBeVisible();
    await page.screenshot({ path: "test-results/e2e-comp/fix-credit.png" });
    await dialog.getByLabel("Reason (required)").fill("Sam ran the technical win");
    await dialog.getByRole("button", { name: "Fix credit" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Credit fixed on "${deal}": the primary SA is now Sam Adeyemi.` })).toBeVisible();
    await expect(row).toContainText("Sam Adeyemi");
    await expect(row).not.toContainText("Missing primary SA");
    await expect(row).toContainText("Missing CSM");

    // Approve the quarter (a rerun finds it approved before: then it is a re-approval).
    await page.getByRole("button", { name: /^(Re-a|A)pprove period$/ }).click();
    // The deal still misses its CSM: the approver is told before freezing it, and approves anyway.
    const approve = page.getByRole("dialog", { name: /^Approve FY/ });
    await expect(approve.getByTestId("approval-warnings")).toContainText(/Flags still open: [\d,]+ opportunit(y|ies) without a CSM/);
    expect(await seriousViolations(page)).toEqual([]);
    await approve.getByRole("button", { name: "Approve anyway", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: /Approved: [\d,]+ opportunities frozen/ })).toBeVisible();
    await expect(page.getByTestId("latest-approval")).toContainText("Approved by");
    // The snapshot's CSV opens cleanly in Excel too: UTF-8 with a byte order mark.
    const snapshot = await page.getByTestId("latest-approval").getByRole("link", { name: "See the snapshot" }).getAttribute("href");
    const frozenCsv = await page.request.get(`${snapshot}/export`);
    expect(frozenCsv.status()).toBe(200);
    expect([...(await frozenCsv.body()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    await expect(page.getByRole("list", { name: "Changed since approval" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Re-approve period" })).toBeVisible();

    // A later change: the CSM is fixed too. The review shows it as changed since approval.
    await row.getByRole("button", { name: `Fix credit on ${deal}` }).click();
    await dialog.getByRole("radio", { name: "CSM" }).check();
    await dialog.getByLabel("New CSM").selectOption({ label: "Chris Sato — csm@demo.roster" });
    await dialog.getByLabel("Reason (required)").fill("Chris owns this customer");
    await dialog.getByRole("button", { name: "Fix credit" }).click();
    await expect(row).toContainText("Changed since approval");
    await expect(row).toContainText("CSM overridden");
    const changes = page.getByRole("list", { name: "Changed since approval" });
    await expect(changes).toContainText(deal);
    await expect(changes).toContainText("CSM: nobody → Chris Sato");
    await page.screenshot({ path: "test-results/e2e-comp/review.png", fullPage: true });

    // The snapshot still has the deal as approved: no CSM, Sam as primary SA.
    await page.getByRole("link", { name: "See the snapshot" }).first().click();
    await expect(page.getByRole("heading", { name: /^Approval of/, level: 1 })).toBeVisible();
    await page.goto(`${page.url().split("?")[0]}?sort=-amount`);
    const frozen = page.getByRole("row", { name: new RegExp(deal) });
    await expect(frozen).toContainText("Sam Adeyemi");
    await expect(frozen).not.toContainText("Chris Sato");
    await expect(frozen).toContainText("Missing CSM");
    await expect(page.getByRole("list", { name: "Changed since approval" })).toContainText("CSM: nobody → Chris Sato");
    await page.screenshot({ path: "test-results/e2e-comp/snapshot.png", fullPage: true });
    const download = await page.request.get(`${page.url().split("?")[0]}/export`);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-type"]).toMatch(/^text\/csv/);
    const csv = await download.text();
    const line = csv.split("\r\n").find((text) => text.includes(deal));
    expect(line).toContain("Sam Adeyemi");
    expect(line).not.toContain("Chris Sato");
  });

  test("a leader reads the review without fix or approve controls", async ({ page }) => {
    await signIn(page, "leader@demo.roster");
    await page.goto(`/comp?period=${previousQuarterKey()}`);
    await expect(page.getByRole("heading", { name: "Compensation review", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: /^SA activity on / }).first()).toBeVisible();
    await expect(page.getByRole("button", { name: /^Fix credit/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /approve period/i })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Fiscal calendar" })).toHaveCount(0);
  });

  test("a CSM gets no access on /comp (403), and its downloads answer 403 too", async ({ page }) => {
    await signIn(page, "csm@demo.roster");
    for (const path of ["/comp", "/comp/standings", "/comp/approvals", "/comp/activities"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
    }
    const download = await page.request.get("/comp/export?from=2025-01-01&to=2025-01-31");
    expect(download.status()).toBe(403);
    expect((await download.json()).error.message).toBe("You don't have access to this.");
    // An approval's download exists for comp people: refused (403), whether or not that approval exists.
    expect((await page.request.get("/comp/approvals/00000000-0000-4000-8000-000000000000/export")).status()).toBe(403);
  });

  test("President's Club ranks CSMs and SAs for a fiscal year with a chart", async ({ page }) => {
    test.slow();
    await signIn(page, "comp@demo.roster");
    await page.goto("/comp/standings");
    await expect(page.getByRole("heading", { name: "President's Club", level: 1 })).toBeVisible();
    // Only the most specific section is marked current, not "Compensation" as well.
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "President's Club" })).toHaveAttribute("aria-current", "page");
    await expect(nav.getByRole("link", { name: "Compensation" })).not.toHaveAttribute("aria-current", "page");
    const csms = page.getByRole("region", { name: "CSMs" });
    await expect(csms.locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(csms.getByRole("row").nth(1)).toContainText("1");
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: "test-results/e2e-comp/standings.png", fullPage: true });

    await page.goto("/comp/activities");
    await expect(page.getByRole("heading", { name: "Unattributed activities", level: 1 })).toBeVisible();
  });
});
