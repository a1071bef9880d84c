import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { api, signIn, tag } from "./support.ts";

// The server shares a small machine with other test runs; renders and jobs can be slow.
test.describe.configure({ timeout: 180_000 });


test.describe("Imports", () => {
  test("sales ops load team assignments: mapping, dry-run preview, apply with a progress bar, the account's CSM changed", async ({ page, request }) => {
    const t = tag();
    const account = await api(request, "POST", "/accounts", { name: `E2E Import ${t}`, externalId: `E2E-${t}` });
    const other = await api(request, "POST", "/accounts", { name: `E2E Import waiting ${t}`, externalId: `E2E-W-${t}` });
    const csv = [
      "Account ID,Account Name,Customer Success Manager",
      `${account.externalId},"${account.name}",csm@demo.roster`,
      `${other.externalId},"${other.name}",Nia New <nia.${t}@demo.roster>`,
      "",
    ].join("\r\n");

    await signIn(page, "ops@demo.roster");
    await page.goto("/imports");
    await expect(page.getByRole("heading", { level: 1, name: "Imports" })).toBeVisible();
    await page.getByLabel("What the file holds").selectOption("assignments");
    await page.getByLabel("CSV file").setInputFiles({ name: `assignments-${t}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });

    // The Salesforce headers are recognised; the account name is informational.
    await expect(page.getByLabel("Column Account ID holds")).toHaveValue("accountId");
    await expect(page.getByLabel("Column Account Name holds")).toHaveValue("");
    await expect(page.getByLabel("Column Customer Success Manager holds")).toHaveValue("role:csm");
    const axe = await new AxeBuilder({ page }).include("#main").analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

    await page.getByRole("button", { name: "Dry run" }).click();
    const progress = page.getByRole("progressbar");
    await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
    await expect(page.getByRole("status").filter({ hasText: "Dry run finished" })).toContainText("1 would be created, 0 updated, 0 unchanged, 1 pending");
    const preview = page.getByRole("table", { name: "Row by row" });
    await expect(preview.getByRole("row", { name: new RegExp(`E2E-${t}`) })).toContainText("csm: set to Chris Sato");
    await expect(preview.getByRole("row", { name: new RegExp(`E2E-W-${t}`) })).toContainText(`waiting for nia.${t}@demo.roster`);
    // Nothing has changed yet.
    expect((await api(request, "GET", `/accounts/${account.id}`)).team.csm).toBeNull();

    // The dry run is in the URL: a reload finds it, Apply included.
    await page.reload();
    await expect(page.getByRole("heading", { name: `3. Dry run of assignments-${t}.csv` })).toBeVisible();

    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByRole("heading", { name: `3. Import of assignments-${t}.csv` })).toBeVisible();
    await expect(page.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
    await expect(page.getByTestId("import-progress")).toContainText("Finished");
    await expect(page.getByRole("status").filter({ hasText: "Applied." })).toBeVisible();
    await expect(page.getByTestId("count-created")).toHaveText("1");
    await expect(page.getByTestId("count-pending")).toHaveText("1");
    await expect(page.getByRole("table").last()).toContainText(`assignments-${t}.csv`);

    await page.goto(`/accounts/${account.id}`);
    await expect(page.locator("tr[data-role=csm]")).toContainText("Chris Sato");

    await page.goto("/imports/pending");
    await expect(page.getByRole("row", { name: new RegExp(other.name) })).toContainText(`nia.${t}@demo.roster`);
  });

  test("a bad file gets its problems listed and cannot be applied", async ({ page }) => {
    await signIn(page, "ops@demo.roster");
    await page.goto("/imports");
    await page.getByLabel("What the file holds").selectOption("accounts");
    const csv = `externalId,name,arr\nBAD-${tag()},Bad arr,12.345\n`;
    await page.getByLabel("CSV file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Dry run" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "1 problem in this file" })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("table", { name: "Problems" })).toContainText("Not an amount");
    await expect(page.getByRole("button", { name: "Apply" })).toBeDisabled();
    // A dry run that found problems needs fixes; it did not fail. Rows are numbered as the spreadsheet numbers them.
    await expect(page.getByRole("alert").filter({ hasText: "1 problem in this file" })).toContainText("Needs fixes");
    await expect(page.getByRole("table", { name: "Problems" }).getByRole("row").nth(1).getByRole("cell").first()).toHaveText("2");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download problems (CSV)" }).click()]);
    const text = readFileSync(await download.path(), "utf8");
    expect(text).toMatch(/^\uFEFFRow,Column,Problem\r\n2,arr,"Not an amount: ""12.345""/);
  });
});
