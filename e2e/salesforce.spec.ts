import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { SALESFORCE_DOUBLE_URL } from "../playwright.config.ts";
import { api, signIn, tag } from "./support.ts";

// The e2e app's connector talks to the Salesforce API double (playwright.config.ts starts it with
// the demo's org). The worker is off here, so nothing syncs until someone presses "Run now"; the
// double's own /__double routes stand for a rep working in Salesforce and for looking at its records.
test.describe.configure({ timeout: 180_000 });

type SfRecord = Record<string, unknown> & { Id: string };
async function inSalesforce(request: import("@playwright/test").APIRequestContext, object: string, id: string): Promise<SfRecord> {
  const response = await request.get(`${SALESFORCE_DOUBLE_URL}/__double/${object}/${id}`);
  expect(response.ok(), `${object} ${id} in Salesforce: ${response.status()}`).toBeTruthy();
  return response.json();
}

test.describe("Admin → Salesforce", () => {
  test("a new Salesforce account comes in on Run now; the CSM an admin gives it goes out to Salesforce", async ({ page, request }) => {
    const t = tag();
    // A rep creates the account in Salesforce.
    const created = await request.post(`${SALESFORCE_DOUBLE_URL}/__double/Account`, { data: { Name: `E2E Salesforce ${t}` } });
    expect(created.ok()).toBeTruthy();
    const sfAccount = (await created.json()) as SfRecord;

    await signIn(page, "admin@demo.roster");
    await page.getByRole("link", { name: "Salesforce" }).click();
    await expect(page.getByRole("heading", { name: "Salesforce", level: 1 })).toBeVisible();
    const connection = page.getByRole("region", { name: "Connection" });
    await expect(connection.getByText("Connected")).toBeVisible();
    await connection.getByRole("button", { name: "Run now" }).click();
    await expect(connection.getByRole("status")).toContainText(/Run finished: [1-9]\d* new/, { timeout: 120_000 });

    // The account is in Roster now; an admin makes Chris its CSM (the API, as a script would).
    const { items } = await api(request, "GET", `/accounts?q=${encodeURIComponent(`E2E Salesforce ${t}`)}`);
    expect(items).toHaveLength(1);
    expect(items[0].externalId).toBe(sfAccount.Id);
    const chris = (await api(request, "GET", `/users?q=${encodeURIComponent("csm@demo.roster")}`)).items.find((user: { email: string }) => user.email === "csm@demo.roster");
    await api(request, "PUT", `/accounts/${items[0].id}/team/csm`, { userId: chris.id });

    await connection.getByRole("button", { name: "Run now" }).click();
    // In Salesforce the account's CSM field comes to hold Chris's Salesforce user. (The report of
    // this run is not asserted word for word: other specs' changes go out in it too, and records
    // Roster wrote in the first run are read back.)
    await expect.poll(async () => (await inSalesforce(request, "Account", sfAccount.Id)).Technical_Account_Manager_LU__c ?? null, { timeout: 120_000 }).not.toBeNull();
    await expect(connection.getByRole("button", { name: "Run now" })).toBeEnabled({ timeout: 120_000 });
    await expect(connection.getByRole("status")).toContainText(/records written/);
    const runs = page.getByRole("region", { name: "Last runs" });
    await expect(runs.getByRole("row").filter({ hasText: "outbound" }).first()).toContainText("Done");

    const account = await inSalesforce(request, "Account", sfAccount.Id);
    const user = await inSalesforce(request, "User", String(account.Technical_Account_Manager_LU__c));
    expect(String(user.Email).toLowerCase()).toBe("csm@demo.roster");

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
