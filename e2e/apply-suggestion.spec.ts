import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { api, signIn, tag } from "./support.ts";

test.describe.configure({ timeout: 180_000 });

test("a manager applies a rebalancing suggestion: a preview of the receiving rep's load, then exactly its accounts move", async ({ page, request }) => {
  const t = tag();
  const manager = await api(request, "POST", "/users", { email: `lead.${t}@demo.roster`, name: `Lou Lead ${t}`, profile: "csm_manager" });
  const from = await api(request, "POST", "/users", {
    email: `full.${t}@demo.roster`, name: `Fay Full ${t}`, profile: "csm", capacity: 1, managerId: manager.id,
  });
  const to = await api(request, "POST", "/users", {
    email: `room.${t}@demo.roster`, name: `Rey Room ${t}`, profile: "csm", capacity: 10, managerId: manager.id,
  });
  const segment = `E2E-AP-${t}`;
  const accounts = [];
  for (const n of [1, 2, 3]) {
    const account = await api(request, "POST", "/accounts", { name: `E2E Apply ${t} ${n}`, segment, region: "APAC", arr: 1000 * n });
    await api(request, "PUT", `/accounts/${account.id}/team/csm`, { userId: from.id });
    await api(request, "POST", "/opportunities", { accountId: account.id, name: `Apply deal ${t} ${n}` });
    accounts.push(account);
  }
  const held = await api(request, "POST", "/accounts", { name: `E2E Apply ${t} held`, segment, region: "APAC" });
  await api(request, "PUT", `/accounts/${held.id}/team/csm`, { userId: to.id });

  await signIn(page, "manager@demo.roster");
  await page.goto(`/workload?managerId=${manager.id}&segment=${segment}`);
  const move = page.getByRole("region", { name: "Rebalancing suggestions" }).getByRole("listitem").filter({ hasText: `Fay Full ${t}` }).first();
  // Fay holds 3 with room for 1: her two smallest accounts go to Rey.
  await expect(move).toContainText(`Move 2 accounts from Fay Full ${t}`, { timeout: 60_000 });
  await move.getByRole("button", { name: /^Apply:/ }).click();

  const dialog = page.getByRole("dialog", { name: `Move 2 accounts to Rey Room ${t}?` });
  await expect(dialog).toContainText(`Rey Room ${t} as CSM: 1 → 3 of 10 accounts`, { timeout: 30_000 });
  await dialog.getByText("2 accounts change, 2 open opportunities stamped").click();
  await expect(dialog.getByRole("list", { name: "Accounts that change" })).toContainText(`E2E Apply ${t} 1`);
  const results = await new AxeBuilder({ page }).include("dialog[open]").analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  // The preview changed nothing.
  expect((await api(request, "GET", `/accounts/${accounts[0].id}`)).team.csm.id).toBe(from.id);

  await dialog.getByRole("button", { name: "Move them" }).click();
  await expect(dialog.getByRole("status")).toContainText(`Moved 2 accounts from Fay Full ${t} to Rey Room ${t}.`);
  const holders = await Promise.all(accounts.map(async (account) => (await api(request, "GET", `/accounts/${account.id}`)).team.csm.id));
  expect(holders).toEqual([to.id, to.id, from.id]);
});
