import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { api, signIn, tag } from "./support.ts";

// The production server shares a small machine with other test runs: server renders and axe
// can take far longer than on a developer laptop.
test.describe.configure({ timeout: 180_000 });


test("a manager previews a book transfer, then transfers it as one change", async ({ page, request }) => {
  const t = tag();
  const from = await api(request, "POST", "/users", { email: `leaving.${t}@demo.roster`, name: `Lena Leaving ${t}`, profile: "csm" });
  const to = await api(request, "POST", "/users", { email: `taking.${t}@demo.roster`, name: `Theo Taking ${t}`, profile: "csm", capacity: 40 });
  const segment = `E2E-${t}`;
  const moving = [];
  for (const n of [1, 2]) {
    const account = await api(request, "POST", "/accounts", { name: `E2E Book ${t} ${n}`, segment, region: "EMEA" });
    await api(request, "PUT", `/accounts/${account.id}/team/csm`, { userId: from.id });
    await api(request, "POST", "/opportunities", { accountId: account.id, name: `Book deal ${t} ${n}` });
    moving.push(account);
  }
  const staying = await api(request, "POST", "/accounts", { name: `E2E Book ${t} other`, segment: "SMB", region: "EMEA" });
  await api(request, "PUT", `/accounts/${staying.id}/team/csm`, { userId: from.id });

  await signIn(page, "manager@demo.roster");
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Transfer a book" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Transfer a book" })).toBeVisible();

  await page.getByLabel("Role").selectOption("csm");
  await page.getByLabel("From").selectOption({ label: `Lena Leaving ${t} · 3 accounts` });
  await page.getByLabel("Only segment").selectOption(segment);
  await page.getByRole("combobox", { name: "To" }).fill(`Theo Taking ${t}`);
  await page.getByRole("option", { name: new RegExp(`Theo Taking ${t} · 0/40 accounts`) }).click();
  await expect(page.getByRole("button", { name: "Transfer" })).toBeDisabled();

  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.locator(".acc-preview");
  await expect(preview).toContainText("nothing has changed yet");
  await expect(preview).toContainText("2 accounts move");
  await expect(preview).toContainText("2 open opportunities stamped with the new CSM");
  await expect(preview).toContainText("0 overridden opportunities keep their CSM");
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: "test-results/e2e-transfers/preview.png", fullPage: true });

  await page.getByRole("button", { name: "Transfer" }).click();
  const done = page.getByRole("status").filter({ hasText: `Transferred to Theo Taking ${t}.` });
  await expect(done).toContainText("2 accounts moved");
  await expect(done).toContainText(/batch [0-9a-f-]{36}/);
  await page.screenshot({ path: "test-results/e2e-transfers/done.png", fullPage: true });

  await page.getByRole("link", { name: `See Theo Taking ${t}'s accounts` }).click();
  for (const account of moving) await expect(page.getByRole("row", { name: new RegExp(account.name) })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(staying.name) })).toHaveCount(0);

  await page.goto(`/accounts/${moving[0].id}`);
  await expect(page.getByRole("region", { name: "History" }).getByRole("listitem").first())
    .toContainText(`Maria Lopez changed CSM from Lena Leaving ${t} to Theo Taking ${t} · stamped 1 opportunity · part of a change to 2 accounts`);
});

test("a workload suggestion opens the transfer filled in and previewed; only Transfer changes anything", async ({ page, request }) => {
  const t = tag();
  const manager = await api(request, "POST", "/users", { email: `lead.${t}@demo.roster`, name: `Lou Lead ${t}`, profile: "csm_manager" });
  // Over capacity with nothing to spare, and a teammate with room who already covers the same slice.
  const from = await api(request, "POST", "/users", {
    email: `full.${t}@demo.roster`, name: `Fay Full ${t}`, profile: "csm", capacity: 0, managerId: manager.id,
  });
  const to = await api(request, "POST", "/users", {
    email: `room.${t}@demo.roster`, name: `Rey Room ${t}`, profile: "csm", capacity: 10, managerId: manager.id,
  });
  const segment = `E2E-WL-${t}`;
  const moving = [];
  for (const n of [1, 2]) {
    const account = await api(request, "POST", "/accounts", { name: `E2E Slice ${t} ${n}`, segment, region: "APAC", arr: 1000 * n });
    await api(request, "PUT", `/accounts/${account.id}/team/csm`, { userId: from.id });
    await api(request, "POST", "/opportunities", { accountId: account.id, name: `Slice deal ${t} ${n}` });
    moving.push(account);
  }
  const held = await api(request, "POST", "/accounts", { name: `E2E Slice ${t} held`, segment, region: "APAC" });
  await api(request, "PUT", `/accounts/${held.id}/team/csm`, { userId: to.id });

  await signIn(page, "manager@demo.roster");
  await page.goto(`/workload?managerId=${manager.id}&segment=${segment}`);
  const suggestions = page.getByRole("region", { name: "Rebalancing suggestions" });
  const move = suggestions.getByRole("listitem").filter({ hasText: `Fay Full ${t}` }).first();
  await expect(move).toContainText(`Move 2 accounts from Fay Full ${t}`, { timeout: 60_000 });
  await move.getByRole("link", { name: "Preview this transfer" }).click();

  await expect(page).toHaveURL(/\/transfers\?roleKey=csm&fromUserId=[0-9a-f-]{36}&toUserId=[0-9a-f-]{36}&segment=E2E-WL-/, { timeout: 60_000 });
  await expect(page.getByLabel("Role")).toHaveValue("csm");
  await expect(page.getByLabel("From")).toHaveValue(from.id);
  await expect(page.getByRole("combobox", { name: "To" })).toHaveValue(`Rey Room ${t}`);
  await expect(page.getByLabel("Only segment")).toHaveValue(segment);
  await expect(page.getByLabel("Only region")).toHaveValue("APAC");
  await expect(page.getByText("Filled in from the link you followed.")).toBeVisible();
  const preview = page.locator(".acc-preview");
  await expect(preview).toContainText("nothing has changed yet", { timeout: 30_000 });
  await expect(preview).toContainText("2 accounts move");
  await expect(preview).toContainText("2 open opportunities stamped with the new CSM");
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: "test-results/e2e-transfers/prefilled.png", fullPage: true });

  // The preview changed nothing: the accounts are still Fay's until someone confirms.
  for (const account of moving) expect((await api(request, "GET", `/accounts/${account.id}`)).team.csm.id).toBe(from.id);
  const transfer = page.getByRole("button", { name: "Transfer" });
  await expect(transfer).toBeEnabled();
  await transfer.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: `Transferred to Rey Room ${t}.` })).toContainText("2 accounts moved");
  await expect(page).toHaveURL(/\/transfers$/);
  for (const account of moving) expect((await api(request, "GET", `/accounts/${account.id}`)).team.csm.id).toBe(to.id);
});

test("a transfer link that does not hold fills in what it can, says what it left out and previews nothing", async ({ page, request }) => {
  const t = tag();
  const to = await api(request, "POST", "/users", { email: `only.${t}@demo.roster`, name: `Oda Only ${t}`, profile: "csm", capacity: 5 });
  const gone = await api(request, "POST", "/users", { email: `gone.${t}@demo.roster`, name: `Gil Gone ${t}`, profile: "csm" });
  await api(request, "PATCH", `/users/${gone.id}`, { active: false });

  await signIn(page, "manager@demo.roster");
  await page.goto(`/transfers?roleKey=csm&fromUserId=not-an-id&toUserId=${to.id}&segment=Enterprise`);
  await expect(page.getByText("Left out what the link got wrong: whose book.")).toBeVisible();
  await expect(page.getByRole("combobox", { name: "To" })).toHaveValue(`Oda Only ${t}`);
  await expect(page.getByLabel("From")).toHaveValue("");
  await expect(page.getByLabel("Only segment")).toHaveValue("Enterprise");
  await expect(page.locator(".acc-preview")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Transfer" })).toBeDisabled();

  await page.goto(`/transfers?roleKey=csm&toUserId=${gone.id}`);
  await expect(page.getByText("The person to move to cannot hold the CSM role now")).toBeVisible();
  await expect(page.getByRole("combobox", { name: "To" })).toHaveValue("");
});
