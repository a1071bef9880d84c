import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { api, signIn, tag } from "./support.ts";

// The production server shares a small machine with other test runs: server renders and axe
// can take far longer than on a developer laptop.
test.describe.configure({ timeout: 180_000 });


async function demoUser(request: APIRequestContext, email: string): Promise<{ id: string; name: string }> {
  const { items } = await api(request, "GET", `/users?q=${encodeURIComponent(email)}`);
  return items.find((user: { email: string }) => user.email === email);
}

/** An account of this test's own, so specs never step on each other or on the demo data. */
async function makeAccount(request: APIRequestContext, name: string, fields: Record<string, unknown> = {}) {
  return api(request, "POST", "/accounts", { name, segment: "Enterprise", region: "EMEA", arr: 125000, ...fields });
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("Accounts", () => {
  test("a manager reassigns a CSM, sees the open opportunities follow (overrides and closed ones stay) and the history entry", async ({ page, request }) => {
    const t = tag();
    const chris = await demoUser(request, "csm@demo.roster");
    const dana = await api(request, "POST", "/users", { email: `dana.${t}@demo.roster`, name: `Dana Diaz ${t}`, profile: "csm", capacity: 30 });
    const account = await makeAccount(request, `E2E Reassign ${t}`);
    await api(request, "PUT", `/accounts/${account.id}/team/csm`, { userId: chris.id });
    for (const name of ["Renewal", "Expansion"]) await api(request, "POST", "/opportunities", { accountId: account.id, name: `${name} ${t}`, amount: 5000 });
    const services = await api(request, "POST", "/opportunities", { accountId: account.id, name: `Services ${t}` });
    await api(request, "PUT", `/opportunities/${services.id}/csm`, { userId: chris.id });
    await api(request, "POST", "/opportunities", { accountId: account.id, name: `Old deal ${t}`, stage: "closed_won" });

    await signIn(page, "manager@demo.roster");
    await page.goto(`/accounts/${account.id}`);
    await expect(page.getByRole("heading", { level: 1, name: account.name })).toBeVisible();
    const csmRow = page.locator("tr[data-role=csm]");
    await expect(csmRow).toContainText("Chris Sato");

    await page.getByRole("button", { name: "Change CSM" }).click();
    const dialog = page.getByRole("dialog", { name: "Change CSM" });
    await dialog.getByRole("combobox", { name: "New CSM" }).fill(`Dana Diaz ${t}`);
    await expect(dialog.getByRole("option", { name: new RegExp(`Dana Diaz ${t} · 0/30 accounts`) })).toBeVisible();
    await dialog.getByRole("combobox", { name: "New CSM" }).press("Enter");
    await expect(dialog.getByRole("status")).toHaveText("Will stamp 2 open opportunities; 1 with an override stay.");
    await expect(dialog.getByLabel("Also replace overridden CSMs (clears their override)")).not.toBeChecked();
    await dialog.getByRole("button", { name: `Assign Dana Diaz ${t}` }).click();

    await expect(page.getByText(`Dana Diaz ${t} is now CSM. Stamped 2 open opportunities. 1 overridden opportunity kept their CSM.`)).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(csmRow).toContainText(`Dana Diaz ${t}`);
    const opportunities = page.getByRole("region", { name: `Opportunities of ${account.name}` });
    await expect(opportunities.getByRole("row", { name: new RegExp(`Renewal ${t}`) })).toContainText(`Dana Diaz ${t}`);
    await expect(opportunities.getByRole("row", { name: new RegExp(`Expansion ${t}`) })).toContainText(`Dana Diaz ${t}`);
    const kept = opportunities.getByRole("row", { name: new RegExp(`Services ${t}`) });
    await expect(kept).toContainText("Chris Sato");
    await expect(kept).toContainText("Override");
    const closed = opportunities.getByRole("row", { name: new RegExp(`Old deal ${t}`) });
    await expect(closed.getByRole("img", { name: "Locked" })).toBeVisible();
    await expect(closed).toContainText("Chris Sato");

    const history = page.getByRole("region", { name: "History" });
    await expect(history.getByRole("listitem").first()).toContainText(`Maria Lopez changed CSM from Chris Sato to Dana Diaz ${t} · stamped 2 opportunities`);
  });

  test("an SA adds and removes themselves on the SA role, and sees no picker", async ({ page, request }) => {
    const account = await makeAccount(request, `E2E Add me ${tag()}`);
    await signIn(page, "sa@demo.roster");
    await page.goto(`/accounts/${account.id}`);
    const saRow = page.locator("tr[data-role=sa]");
    await expect(saRow).toContainText("Unassigned");
    await expect(page.getByRole("button", { name: "Change CSM" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Assign/ })).toHaveCount(0);

    await saRow.getByRole("button", { name: "Add me" }).click();
    await expect(page.getByText("You are now the SA of this account.")).toBeVisible();
    await expect(saRow).toContainText("Sam Adeyemi");
    await expect(page.getByRole("region", { name: "History" }).getByRole("listitem").first()).toContainText("Sam Adeyemi added themselves as SA");

    await saRow.getByRole("button", { name: "Remove me" }).click();
    await expect(saRow).toContainText("Unassigned");
  });

  test("an SA taking an SA slot someone else holds is asked first, and the history names who was replaced", async ({ page, request }) => {
    const t = tag();
    const other = await api(request, "POST", "/users", { email: `hana.${t}@demo.roster`, name: `Hana Mishra ${t}`, profile: "sa" });
    const account = await makeAccount(request, `E2E Replace SA ${t}`);
    await api(request, "PUT", `/accounts/${account.id}/team/sa`, { userId: other.id });
    await signIn(page, "sa@demo.roster");
    await page.goto(`/accounts/${account.id}`);
    const saRow = page.locator("tr[data-role=sa]");
    await saRow.getByRole("button", { name: "Add me" }).click();
    await expect(saRow.getByText(`Replace Hana Mishra ${t} as SA?`)).toBeVisible();
    await saRow.getByRole("button", { name: "Cancel" }).click();
    await expect(saRow).toContainText(`Hana Mishra ${t}`);
    await saRow.getByRole("button", { name: "Add me" }).click();
    await saRow.getByRole("button", { name: "Replace" }).click();
    await expect(page.getByText(`You are now the SA of this account, replacing Hana Mishra ${t}.`)).toBeVisible();
    await expect(saRow).toContainText("Sam Adeyemi");
  });

  test("a CSM edits the details of an account they hold and assigns its renewal manager, and gets no controls elsewhere", async ({ page, request }) => {
    const t = tag();
    const chris = await demoUser(request, "csm@demo.roster");
    const renewal = await api(request, "POST", "/users", { email: `rita.${t}@demo.roster`, name: `Rita Renewal ${t}`, profile: "csm" });
    const mine = await makeAccount(request, `E2E Mine ${t}`);
    const notMine = await makeAccount(request, `E2E Not mine ${t}`);
    await api(request, "PUT", `/accounts/${mine.id}/team/csm`, { userId: chris.id });
    await signIn(page, "csm@demo.roster");

    await page.goto(`/accounts/${notMine.id}`);
    await expect(page.getByRole("heading", { level: 1, name: notMine.name })).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit details" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Change|Assign) / })).toHaveCount(0);

    await page.goto(`/accounts/${mine.id}`);
    await page.getByRole("button", { name: "Edit details" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit account details" });
    await expect(dialog.getByLabel("CRM id")).toHaveCount(0);
    await dialog.getByLabel("Region").selectOption("APAC");
    await dialog.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByText("Saved the account's details.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Change CSM" })).toHaveCount(0);
    await page.getByRole("button", { name: "Assign Renewal Manager" }).click();
    const assign = page.getByRole("dialog", { name: "Assign Renewal Manager" });
    await assign.getByRole("combobox", { name: "New Renewal Manager" }).fill(`Rita Renewal ${t}`);
    await expect(assign.getByRole("option", { name: new RegExp(`Rita Renewal ${t}`) })).toBeVisible();
    await assign.getByRole("combobox", { name: "New Renewal Manager" }).press("Enter");
    await assign.getByRole("button", { name: `Assign Rita Renewal ${t}` }).click();
    await expect(page.locator("tr[data-role=renewal_manager]")).toContainText(`Rita Renewal ${t}`);
  });

  test("a leader sees the accounts and a team but no edit controls", async ({ page, request }) => {
    const chris = await demoUser(request, "csm@demo.roster");
    const account = await makeAccount(request, `E2E Leader ${tag()}`);
    await api(request, "PUT", `/accounts/${account.id}/team/csm`, { userId: chris.id });
    await signIn(page, "leader@demo.roster");
    await page.goto("/accounts");
    await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Accounts" })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "Select all rows on this page" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Transfer a book" })).toHaveCount(0);

    await page.goto(`/accounts/${account.id}`);
    await expect(page.locator("tr[data-role=csm]")).toContainText("Chris Sato");
    for (const name of [/^Change/, /^Assign/, /^Remove/, "Add me", "Edit details"]) {
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    }
  });

  test("ops edits details; a stale version asks to reload instead of overwriting", async ({ page, request }) => {
    const account = await makeAccount(request, `E2E Details ${tag()}`);
    await signIn(page, "ops@demo.roster");
    await page.goto(`/accounts/${account.id}`);
    await page.getByRole("button", { name: "Edit details" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit account details" });
    // Segment and region are picklists of the values in use; a new one can be typed.
    await expect(dialog.getByLabel("Segment")).toHaveValue("Enterprise");
    await expect(dialog.getByLabel("Region").getByRole("option", { name: "APAC", exact: true })).toHaveCount(1);
    await expectNoSeriousViolations(page);
    await dialog.getByLabel("Region").selectOption("APAC");
    await dialog.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved the account's details." })).toBeVisible();
    await expect(page.locator(".acc-details")).toContainText("APAC");

    await page.getByRole("button", { name: "Edit details" }).click();
    await api(request, "PATCH", `/accounts/${account.id}`, { segment: "SMB" });
    await dialog.getByLabel("Region").selectOption({ label: "Add a new region…" });
    await dialog.getByLabel("New region").fill("latam");
    await dialog.getByRole("button", { name: "Save details" }).click();
    await expect(dialog.getByRole("alert")).toContainText("Someone changed this account while you were editing");
    await dialog.getByRole("button", { name: "Reload" }).click();
    await expect(page.locator(".acc-details")).toContainText("SMB");
    await expect(page.locator(".acc-details")).toContainText("APAC");

    // A value typed in another case is the one already in use: "latam" is stored as "LATAM".
    await page.getByRole("button", { name: "Edit details" }).click();
    await dialog.getByLabel("Region").selectOption({ label: "Add a new region…" });
    await dialog.getByLabel("New region").fill("latam");
    await dialog.getByRole("button", { name: "Save details" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.locator(".acc-details")).toContainText("LATAM");
    expect((await api(request, "GET", `/accounts/${account.id}`)).region).toBe("LATAM");
  });

  test("a manager selects accounts and assigns a role on all of them at once", async ({ page, request }) => {
    const t = tag();
    for (const n of [1, 2, 3]) await makeAccount(request, `E2E Bulk ${t} ${n}`);
    await signIn(page, "manager@demo.roster");
    await page.goto(`/accounts?q=${encodeURIComponent(`E2E Bulk ${t}`)}`);
    await expect(page.getByRole("row")).toHaveCount(4);
    await page.getByRole("checkbox", { name: "Select all rows on this page" }).check();
    await page.getByRole("button", { name: "Assign role to…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Role", { exact: true }).selectOption("sa");
    await dialog.getByRole("combobox", { name: "New SA" }).fill("Sam Adeyemi");
    await dialog.getByRole("option", { name: /Sam Adeyemi/ }).click();
    await expect(dialog.getByRole("status")).toContainText("3 selected accounts will change.");
    await dialog.getByRole("button", { name: "Assign Sam Adeyemi" }).click();
    await expect(page.getByText("Sam Adeyemi is now SA on the selected accounts (3 accounts changed).")).toBeVisible();
    for (const n of [1, 2, 3]) await expect(page.getByRole("row", { name: new RegExp(`E2E Bulk ${t} ${n}`) })).toContainText("Sam Adeyemi");
  });

  test("a CSM's book lists the accounts where they hold a role and their open opportunities", async ({ page, request }) => {
    const t = tag();
    const chris = await demoUser(request, "csm@demo.roster");
    const account = await makeAccount(request, `E2E Book of Chris ${t}`);
    await api(request, "PUT", `/accounts/${account.id}/team/renewal_manager`, { userId: chris.id });
    await api(request, "PUT", `/accounts/${account.id}/team/csm`, { userId: chris.id });
    await api(request, "POST", "/opportunities", { accountId: account.id, name: `Book renewal ${t}`, closeDate: "2000-01-01" });
    await signIn(page, "csm@demo.roster");
    await page.goto("/my-book");
    await expect(page.getByRole("heading", { level: 1, name: "My book" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Your accounts" })).toBeVisible();
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    // The oldest close date sorts first, so this test's opportunity is on the first page.
    const open = page.getByRole("table", { name: "Open opportunities where you are the CSM" });
    await expect(open.getByRole("row", { name: new RegExp(`Book renewal ${t}`) })).toContainText(account.name);
    await page.screenshot({ path: "test-results/e2e-accounts/my-book.png", fullPage: true });
    await page.goto(`/my-book?${new URLSearchParams({ sort: "-name" })}`);
    await expect(page.getByRole("table", { name: "Your accounts" })).toBeVisible();
  });

  test("the accounts list has no serious accessibility violations", async ({ page }) => {
    await signIn(page, "manager@demo.roster");
    await page.goto("/accounts");
    await expect(page.getByRole("table", { name: "Accounts" })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: "test-results/e2e-accounts/accounts-list.png", fullPage: true });
  });

  test("an account page and its Change CSM dialog have no serious accessibility violations", async ({ page, request }) => {
    const chris = await demoUser(request, "csm@demo.roster");
    const account = await makeAccount(request, `E2E Axe ${tag()}`);
    await api(request, "PUT", `/accounts/${account.id}/team/csm`, { userId: chris.id });
    await api(request, "POST", "/opportunities", { accountId: account.id, name: "Axe deal", amount: 1000 });
    await signIn(page, "manager@demo.roster");
    await page.goto(`/accounts/${account.id}`);
    await expect(page.getByRole("heading", { level: 1, name: account.name })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: "test-results/e2e-accounts/account-page.png", fullPage: true });

    // Keyboard only: open the dialog, search, move down the list, pick, and leave with Escape.
    await page.getByRole("button", { name: "Change CSM" }).focus();
    await page.keyboard.press("Enter");
    const picker = page.getByRole("dialog", { name: "Change CSM" }).getByRole("combobox", { name: "New CSM" });
    await expect(picker).toBeFocused();
    await page.keyboard.type("a");
    await expect(page.getByRole("option").first()).toBeVisible();
    await page.screenshot({ path: "test-results/e2e-accounts/change-csm.png" });
    await expectNoSeriousViolations(page);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("listbox")).toBeHidden();
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toBeHidden();
    await expect(page.getByRole("button", { name: "Change CSM" })).toBeFocused();
  });

  test("a CSM manager switches a child account to follow its parent's CSM: confirm with what changes, a reason, and the history says so", async ({ page, request }) => {
    const t = tag();
    const chris = await demoUser(request, "csm@demo.roster");
    const own = await api(request, "POST", "/users", { email: `owen.${t}@demo.roster`, name: `Owen Own ${t}`, profile: "csm", capacity: 30 });
    const parent = await makeAccount(request, `E2E Group ${t}`);
    await api(request, "PUT", `/accounts/${parent.id}/team/csm`, { userId: chris.id });
    const child = await makeAccount(request, `E2E Subsidiary ${t}`, { parentId: parent.id, csmInheritance: "none" });
    await api(request, "PUT", `/accounts/${child.id}/team/csm`, { userId: own.id });
    await api(request, "POST", "/opportunities", { accountId: child.id, name: `Renewal ${t}`, amount: 5000 });

    await signIn(page, "manager@demo.roster");
    await page.goto(`/accounts/${child.id}`);
    const toggle = page.getByRole("button", { name: "Follows parent's CSM" });
    await expect(toggle).toHaveAttribute("aria-pressed", "false");
    await toggle.click();
    const dialog = page.getByRole("dialog", { name: `Follow E2E Group ${t}'s CSM?` });
    await expect(dialog.getByRole("status").first()).toContainText(`The CSM changes from Owen Own ${t} to Chris Sato: 1 open opportunity restamped.`);
    await expect(dialog.getByRole("button", { name: "Follow the parent's CSM" })).toBeEnabled();
    await expectNoSeriousViolations(page);
    await dialog.getByLabel("Reason (optional)").fill("Owen moved to the mid-market team");
    await dialog.getByRole("button", { name: "Follow the parent's CSM" }).click();
    await expect(page.getByText(`The CSM now follows E2E Group ${t}'s. Stamped 1 open opportunity.`)).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(page.locator("tr[data-role=csm]")).toContainText("Chris Sato");
    await expect(page.getByRole("button", { name: "Follows parent's CSM" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByText("“Owen moved to the mid-market team”").first()).toBeVisible();

    // Switched off, it keeps Chris and stops following.
    await page.getByRole("button", { name: "Follows parent's CSM" }).click();
    const off = page.getByRole("dialog", { name: `Stop following E2E Group ${t}'s CSM?` });
    await off.getByRole("button", { name: "Stop following" }).click();
    await expect(page.getByRole("button", { name: "Follows parent's CSM" })).toHaveAttribute("aria-pressed", "false");
    await expect(page.locator("tr[data-role=csm]")).toContainText("Chris Sato");

    // A CSM sees the setting but cannot switch it.
    await page.context().clearCookies();
    await signIn(page, "csm@demo.roster");
    await page.goto(`/accounts/${child.id}`);
    await expect(page.getByRole("heading", { level: 1, name: child.name })).toBeVisible();
    await expect(page.getByRole("button", { name: "Follows parent's CSM" })).toHaveCount(0);
  });
});
