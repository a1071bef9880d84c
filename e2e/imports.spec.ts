import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ADMIN_AUTH, api, signIn, tag } from "./support.ts";

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

  test("a file with some bad rows: the dry run needs fixes, then applying the valid rows skips the bad ones, which stay listed", async ({ page, request }) => {
    const t = tag();
    const csv = [
      "externalId,name,arr",
      `SKIP-${t}-1,Skip One ${t},100`,
      `SKIP-${t}-2,Skip Two ${t},not money`,
      `SKIP-${t}-3,Skip Three ${t},300`,
      `SKIP-${t}-4,,400`,
      "",
    ].join("\r\n");
    await signIn(page, "ops@demo.roster");
    await page.goto("/imports");
    await page.getByLabel("What the file holds").selectOption("accounts");
    await page.getByLabel("CSV file").setInputFiles({ name: `skip-${t}.csv`, mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Dry run" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Needs fixes" })).toContainText("2 problems in this file", { timeout: 60_000 });

    // Off by default: Apply stays all or nothing, so it cannot run.
    const skip = page.getByRole("checkbox", { name: "Apply the 2 valid rows, skip the 2 bad ones" });
    await expect(skip).not.toBeChecked();
    await expect(page.getByRole("button", { name: "Apply" })).toBeDisabled();
    const axe = await new AxeBuilder({ page }).include("#main").analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

    await skip.check();
    await page.getByRole("button", { name: "Apply 2 rows" }).click();
    await expect(page.getByRole("heading", { name: `3. Import of skip-${t}.csv` })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Applied." })).toContainText("2 bad rows were skipped", { timeout: 60_000 });
    await expect(page.getByTestId("count-created")).toHaveText("2");
    const problems = page.getByRole("table", { name: /Skipped rows' problems/ });
    await expect(problems.getByRole("row")).toHaveCount(3);
    await expect(problems).toContainText("Not an amount");
    await expect(problems).toContainText("Enter a name.");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download problems (CSV)" }).click()]);
    expect(readFileSync(await download.path(), "utf8")).toMatch(/\r\n3,arr,.*\r\n5,name,Enter a name\.\r\n$/);
    const after = await new AxeBuilder({ page }).include("#main").analyze();
    expect(after.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

    // The valid rows were applied, the bad ones not; the history says why.
    const one = (await api(request, "GET", `/accounts?q=${encodeURIComponent(`Skip One ${t}`)}`)).items[0];
    expect(one).toBeTruthy();
    expect((await api(request, "GET", `/accounts?q=${encodeURIComponent(`Skip Two ${t}`)}`)).items).toEqual([]);
    await page.goto(`/accounts/${one.id}`);
    await expect(page.getByText(`Imported from skip-${t}.csv with 2 bad rows skipped.`).first()).toBeVisible();
  });

  test("an import of a kind you may not run is refused (403), not missing", async ({ page, request }) => {
    const response = await request.fetch("/api/v1/imports?kind=accounts&dryRun=true", {
      method: "POST", headers: { ...ADMIN_AUTH, "content-type": "text/csv" }, data: `externalId,name\nF-${tag()},Forbidden\n`,
    });
    const job = await response.json();
    await signIn(page, "manager@demo.roster");
    // The page streams its skeleton first, so the status is set before the job is read: the page says it.
    await page.goto(`/imports?id=${job.id}`);
    await expect(page.getByRole("heading", { name: "You don't have access to this" })).toBeVisible();
    expect((await page.request.get(`/api/v1/imports/${job.id}`)).status()).toBe(403);
    expect((await page.request.get("/api/v1/imports/00000000-0000-4000-8000-000000000000")).status()).toBe(404);
    await page.goto("/imports?id=00000000-0000-4000-8000-000000000000");
    await expect(page.getByRole("alert").filter({ hasText: "That import does not exist." })).toBeVisible();

    // A profile that runs no import kind gets a real 403 for /imports.
    await page.context().clearCookies();
    await signIn(page, "csm@demo.roster");
    expect((await page.goto("/imports"))?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this" })).toBeVisible();
    const axe = await new AxeBuilder({ page }).include("#main").analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });
});
