import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { api, signIn, tag } from "./support.ts";

test.describe.configure({ timeout: 180_000 });

/** Two accounts held by one CSM, moved to another by a book transfer with a reason. */
async function transferred(request: Parameters<typeof api>[0]) {
  const t = tag();
  const from = await api(request, "POST", "/users", { email: `before.${t}@demo.roster`, name: `Bea Before ${t}`, profile: "csm" });
  const to = await api(request, "POST", "/users", { email: `after.${t}@demo.roster`, name: `Abe After ${t}`, profile: "csm" });
  const segment = `E2E-UNDO-${t}`;
  const accounts = [];
  for (const n of [1, 2]) {
    const account = await api(request, "POST", "/accounts", { name: `E2E Undo ${t} ${n}`, segment });
    await api(request, "PUT", `/accounts/${account.id}/team/csm`, { userId: from.id });
    await api(request, "POST", "/opportunities", { accountId: account.id, name: `Undo deal ${t} ${n}` });
    accounts.push(account);
  }
  const transfer = await api(request, "POST", "/transfers", {
    roleKey: "csm", fromUserId: from.id, toUserId: to.id, segment, reason: "Quarterly rebalance", dryRun: false,
  });
  return { t, from, to, accounts, transfer };
}

test("a manager undoes a book transfer from an account's history", async ({ page, request }) => {
  const { t, accounts } = await transferred(request);
  await signIn(page, "manager@demo.roster");
  await page.goto(`/accounts/${accounts[0].id}`);
  const history = page.getByRole("region", { name: "History" });
  const latest = history.getByRole("listitem").first();
  await expect(latest).toContainText(`changed CSM from Bea Before ${t} to Abe After ${t}`);
  await expect(latest).toContainText("“Quarterly rebalance”");

  await latest.getByRole("button", { name: /^Undo:/ }).click();
  const dialog = page.getByRole("dialog", { name: "Undo this change?" });
  await expect(dialog).toContainText("Everything this change did is put back");
  const results = await new AxeBuilder({ page }).include("dialog[open]").analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await dialog.getByLabel("Reason (optional)").fill("Moved the wrong segment");
  await dialog.getByRole("button", { name: "Undo change" }).click();
  await expect(dialog).toBeHidden();

  // The undo is itself a change in the history, and the transfer says it was undone.
  const undo = history.getByRole("listitem").first();
  await expect(undo).toContainText(`changed CSM from Abe After ${t} to Bea Before ${t}`);
  await expect(undo).toContainText("undo");
  await expect(undo).toContainText("“Moved the wrong segment”");
  const transfer = history.getByRole("listitem").nth(1);
  await expect(transfer).toContainText("Undone by Maria Lopez");
  // Neither the undone transfer nor the undo itself offers Undo again.
  await expect(transfer.getByRole("button", { name: /^Undo:/ })).toHaveCount(0);
  await expect(undo.getByRole("button", { name: /^Undo:/ })).toHaveCount(0);

  // Every account of the batch is back, with its open opportunity stamped again.
  const other = await api(request, "GET", `/accounts/${accounts[1].id}`);
  expect(other.team.csm.name).toBe(`Bea Before ${t}`);
  const opportunities = await api(request, "GET", `/opportunities?accountId=${accounts[1].id}`);
  expect(opportunities.items.map((o: { csm: { name: string } }) => o.csm.name)).toEqual([`Bea Before ${t}`]);
});

test("an undo is refused, with the reason, when one of its accounts changed since", async ({ page, request }) => {
  const { t, accounts } = await transferred(request);
  const later = await api(request, "POST", "/users", { email: `later.${t}@demo.roster`, name: `Lee Later ${t}`, profile: "csm" });
  await api(request, "PUT", `/accounts/${accounts[1].id}/team/csm`, { userId: later.id });

  await signIn(page, "manager@demo.roster");
  await page.goto(`/accounts/${accounts[0].id}`);
  const latest = page.getByRole("region", { name: "History" }).getByRole("listitem").first();
  await latest.getByRole("button", { name: /^Undo:/ }).click();
  const dialog = page.getByRole("dialog", { name: "Undo this change?" });
  await dialog.getByRole("button", { name: "Undo change" }).click();
  await expect(dialog.getByRole("alert")).toContainText("can't be undone");
  await expect(dialog.getByRole("alert")).toContainText(`E2E Undo ${t} 2's CSM was changed`);
  const still = await api(request, "GET", `/accounts/${accounts[0].id}`);
  expect(still.team.csm.name).toBe(`Abe After ${t}`);
});
