import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { api, signIn, tag } from "./support.ts";

test.describe.configure({ timeout: 180_000 });

test("an admin deactivates someone who leaves and hands their book over in the same dialog", async ({ page, request }) => {
  const t = tag();
  const leaver = await api(request, "POST", "/users", { email: `leaver.${t}@demo.roster`, name: `Lia Leaver ${t}`, profile: "csm" });
  const heir = await api(request, "POST", "/users", { email: `heir.${t}@demo.roster`, name: `Hal Heir ${t}`, profile: "csm", capacity: 20 });
  const accounts = [];
  for (const n of [1, 2]) {
    const account = await api(request, "POST", "/accounts", { name: `E2E Leaving ${t} ${n}` });
    await api(request, "PUT", `/accounts/${account.id}/team/csm`, { userId: leaver.id });
    await api(request, "POST", "/opportunities", { accountId: account.id, name: `Leaving deal ${t} ${n}` });
    accounts.push(account);
  }

  await signIn(page, "admin@demo.roster");
  await page.goto(`/admin/users/${leaver.id}`);
  await expect(page.getByRole("region", { name: "Leaving" })).toContainText("Holds CSM on 2 accounts.");
  await page.getByRole("button", { name: `Deactivate Lia Leaver ${t}…` }).click();
  const dialog = page.getByRole("dialog", { name: `Deactivate Lia Leaver ${t}` });
  await expect(dialog).toContainText("CSM · 2 accounts");
  await dialog.getByText("Show the accounts").click();
  await expect(dialog).toContainText(`E2E Leaving ${t} 1`);
  await expect(dialog).toContainText("stay with");
  await dialog.getByRole("combobox", { name: "New CSM" }).fill(`Hal Heir ${t}`);
  await dialog.getByRole("option", { name: new RegExp(`Hal Heir ${t}`) }).click();
  await expect(dialog).not.toContainText("stay with");
  const results = await new AxeBuilder({ page }).include("dialog[open]").analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await dialog.getByLabel("Reason (optional)").fill("Left the company");
  await dialog.getByRole("button", { name: "Transfer and deactivate" }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole("region", { name: "Leaving" })).toHaveCount(0);
  expect((await api(request, "GET", `/users/${leaver.id}`)).active).toBe(false);
  for (const account of accounts) expect((await api(request, "GET", `/accounts/${account.id}`)).team.csm.id).toBe(heir.id);
  const opportunities = await api(request, "GET", `/opportunities?accountId=${accounts[0].id}`);
  expect(opportunities.items[0].csm.id).toBe(heir.id);
});
