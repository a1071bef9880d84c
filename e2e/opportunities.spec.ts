import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect as baseExpect, type Page, test } from "@playwright/test";
import { signIn, ADMIN_AUTH as BOOTSTRAP, tag } from "./support.ts";

// These journeys make several round trips each; on a busy machine (parallel builds) the defaults
// are too tight, and a slow page is not what these tests are about.
test.describe.configure({ timeout: 180_000 });
const expect = baseExpect.configure({ timeout: 30_000 });

/** Opens a page and waits until it is interactive, so a click is not lost before hydration. */
async function open(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}


async function api<T>(request: APIRequestContext, method: "get" | "post" | "put" | "patch" | "delete", path: string, data?: unknown, headers = BOOTSTRAP) {
  const response = await request[method](`/api/v1${path}`, { headers, data });
  expect(response.status(), `${method.toUpperCase()} ${path}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as T;
}

type User = { id: string; name: string; email: string };
async function demoUser(request: APIRequestContext, email: string) {
  const { items } = await api<{ items: User[] }>(request, "get", `/users?q=${encodeURIComponent(email)}`);
  const user = items.find((item) => item.email === email);
  expect(user, email).toBeTruthy();
  return user!;
}

/** Each test works on its own account and opportunities, so specs never see each other's changes. */
async function accountWithOpportunities(request: APIRequestContext, names: string[], csmEmail?: string, closeDate = "2031-06-30") {
  const account = await api<{ id: string; name: string }>(request, "post", "/accounts", { name: `E2E Opps ${tag()}` });
  if (csmEmail) {
    await api(request, "put", `/accounts/${account.id}/team/csm`, { userId: (await demoUser(request, csmEmail)).id });
  }
  const opportunities = [];
  for (const name of names) {
    opportunities.push(await api<{ id: string; name: string }>(request, "post", "/opportunities", {
      accountId: account.id, name, amount: 125000, closeDate,
    }));
  }
  return { account, opportunities };
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("Opportunities", () => {
  test("an SA makes themselves primary on one opportunity and supporting on another, then finds both in My opportunities", async ({ page, request }) => {
    const suffix = tag();
    // Past their close date, so they lead the SA's open list (soonest close first) on page one.
    const { opportunities: [first, second] } = await accountWithOpportunities(
      request, [`SA primary ${suffix}`, `SA supporting ${suffix}`], undefined, "2020-01-15",
    );
    await signIn(page, "sa@demo.roster");

    await open(page, `/opportunities/${first.id}`);
    await page.getByRole("button", { name: "Make me primary" }).click();
    await expect(page.getByRole("status").filter({ hasText: "You are now the primary SA." })).toBeVisible();
    await expect(page.getByTestId("opp-primary-sa")).toContainText("Sam Adeyemi (you)");
    await expect(page.getByRole("button", { name: "Remove me as primary" })).toBeVisible();

    await open(page, `/opportunities/${second.id}`);
    await page.getByRole("button", { name: "Add me as supporting" }).click();
    await expect(page.getByTestId("opp-supporting-sas")).toContainText("Sam Adeyemi (you)");
    await expect(page.getByRole("button", { name: "Remove me", exact: true })).toBeVisible();

    // Logging their own activity: it counts here, and says why.
    await page.getByLabel("Subject").fill(`Architecture review ${suffix}`);
    await page.getByRole("button", { name: "Log activity" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Activity logged." })).toBeVisible();
    await expect(page.getByRole("list", { name: "Activities" })).toContainText(`Architecture review ${suffix}`);
    await expect(page.getByRole("list", { name: "Activities" })).toContainText("Logged to this opportunity.");

    await open(page, "/my-opportunities");
    const openList = page.getByRole("table", { name: "My open opportunities" });
    await expect(openList.getByRole("row", { name: new RegExp(`SA primary ${suffix}`) })).toContainText("Primary");
    await expect(openList.getByRole("row", { name: new RegExp(`SA supporting ${suffix}`) })).toContainText("Supporting");
  });

  test("finance overrides the CSM of an opportunity, and the account's next CSM change leaves it alone", async ({ page, request }) => {
    const suffix = tag();
    const { account, opportunities: [pinned, follows] } = await accountWithOpportunities(
      request, [`Pinned ${suffix}`, `Follows ${suffix}`], "csm@demo.roster",
    );
    await signIn(page, "finance@demo.roster");
    await open(page, `/opportunities/${pinned.id}`);
    await expect(page.getByTestId("opp-csm")).toContainText("Chris Sato");

    await page.getByRole("button", { name: "Override CSM" }).click();
    const dialog = page.getByRole("dialog", { name: "Override the CSM" });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Search people").fill("manager@demo");
    await dialog.getByLabel("New CSM").selectOption({ label: "Maria Lopez — manager@demo.roster" });
    await dialog.getByRole("button", { name: "Override CSM" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: "CSM overridden to Maria Lopez." })).toBeVisible();
    await expect(page.getByTestId("opp-csm")).toContainText("Maria Lopez");
    await expect(page.getByTestId("opp-csm").getByText("Override")).toBeVisible();

    // The account gets a new CSM (here through the API, as a CRM sync would).
    const newCsm = await api<User>(request, "post", "/users", { email: `csm.${suffix}@demo.roster`, name: `Nia New ${suffix}`, profile: "csm" });
    const reassigned = await api<{ stamped: { opportunities: number; skippedOverridden: number } }>(
      request, "put", `/accounts/${account.id}/team/csm`, { userId: newCsm.id },
    );
    expect(reassigned.stamped).toEqual({ opportunities: 1, skippedOverridden: 1 });

    await page.reload();
    await expect(page.getByTestId("opp-csm")).toContainText("Maria Lopez");
    await open(page, `/opportunities/${follows.id}`);
    await expect(page.getByTestId("opp-csm")).toContainText(`Nia New ${suffix}`);

    // The table shows the override badge, and its filter finds it.
    await open(page, `/opportunities?q=${encodeURIComponent(suffix)}&overridden=true`);
    const rows = page.getByRole("table", { name: "Opportunities" }).getByRole("row");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1)).toContainText(`Pinned ${suffix}`);
    await expect(rows.nth(1)).toContainText("Override");
  });

  test("a closed opportunity shows its lock; an SA gets no controls and the server refuses them", async ({ page, request }) => {
    const suffix = tag();
    const { opportunities: [closed] } = await accountWithOpportunities(request, [`Closed deal ${suffix}`]);
    await api(request, "patch", `/opportunities/${closed.id}`, { stage: "closed_won" });

    await signIn(page, "sa@demo.roster");
    await open(page, `/opportunities?q=${encodeURIComponent(`Closed deal ${suffix}`)}`);
    const row = page.getByRole("table", { name: "Opportunities" }).getByRole("row", { name: new RegExp(`Closed deal ${suffix}`) });
    await expect(row.getByRole("img", { name: "Locked" })).toBeVisible();

    await row.getByRole("link", { name: `Closed deal ${suffix}` }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Closed deal ${suffix}`);
    await expect(page.getByRole("heading", { level: 1 }).getByRole("img", { name: "Locked" })).toBeVisible();
    await expect(page.getByText("Closed — CSM and SAs are locked.")).toBeVisible();
    for (const name of ["Make me primary", "Add me as supporting", "Remove me", "Override CSM", "Set primary SA"]) {
      await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
    }

    const sa = await demoUser(request, "sa@demo.roster");
    const { token } = await api<{ token: string }>(request, "post", `/users/${sa.id}/tokens`, {});
    const refused = await request.put(`/api/v1/opportunities/${closed.id}/primary-sa`, {
      headers: { authorization: `Bearer ${token}` }, data: { userId: sa.id },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("locked");
  });

  test("sales ops closes an opportunity with the lock spelled out, then merges a duplicate into another", async ({ page, request }) => {
    const suffix = tag();
    const { opportunities: [deal, duplicate, survivor] } = await accountWithOpportunities(
      request, [`Deal ${suffix}`, `Duplicate ${suffix}`, `Survivor ${suffix}`],
    );
    await signIn(page, "ops@demo.roster");
    await open(page, `/opportunities/${deal.id}`);
    await page.getByLabel("Change stage").selectOption("closed_won");
    await expect(page.getByText(/Closing locks the CSM and SAs: after this, only privileged profiles can change them/)).toBeVisible();
    await page.getByRole("button", { name: "Close and lock" }).click();
    await expect(page.getByRole("status").filter({ hasText: "the CSM and SAs are now locked" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 }).getByRole("img", { name: "Locked" })).toBeVisible();

    await open(page, `/opportunities/${duplicate.id}`);
    await page.getByRole("button", { name: "Merge into another opportunity…" }).click();
    const dialog = page.getByRole("dialog", { name: `Merge “Duplicate ${suffix}”` });
    await dialog.getByLabel("Search this account's opportunities").fill(`Survivor ${suffix}`);
    await dialog.getByRole("radio", { name: new RegExp(`Survivor ${suffix}`) }).check();
    await expect(dialog.getByText(/will be merged into/)).toContainText("This cannot be undone.");
    await dialog.getByRole("button", { name: `Merge into “Survivor ${suffix}”` }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("note")).toContainText(`Merged into Survivor ${suffix}`);
    await page.getByRole("note").getByRole("link", { name: `Survivor ${suffix}` }).click();
    await expect(page).toHaveURL(new RegExp(`/opportunities/${survivor.id}$`));
  });

  test("a leader reads an opportunity but sees no edit controls", async ({ page, request }) => {
    const { opportunities: [opportunity] } = await accountWithOpportunities(request, [`Leader view ${tag()}`], "csm@demo.roster");
    await signIn(page, "leader@demo.roster");
    await open(page, `/opportunities/${opportunity.id}`);
    await expect(page.getByTestId("opp-csm")).toContainText("Chris Sato");
    await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
    // Reading controls (the history's "Show more") are fine; nothing that changes data is shown.
    await expect(page.getByRole("main").getByRole("button").filter({ hasNotText: "Show more" })).toHaveCount(0);
    await expect(page.getByLabel("Change stage")).toHaveCount(0);
    await expect(page.getByRole("main").locator("form")).toHaveCount(0);
  });

  test("the opportunities list has no serious accessibility violations", async ({ page }) => {
    await signIn(page, "admin@demo.roster");
    await open(page, "/opportunities");
    await expect(page.getByRole("table", { name: "Opportunities" })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: test.info().outputPath("opportunities.png") });
  });

  test("an opportunity page and its dialogs have no serious accessibility violations; Escape returns focus", async ({ page, request }) => {
    const { opportunities: [opportunity] } = await accountWithOpportunities(request, [`Axe ${tag()}`], "csm@demo.roster");
    await signIn(page, "admin@demo.roster");
    await open(page, `/opportunities/${opportunity.id}`);
    await expect(page.getByRole("heading", { name: "Activities" })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: test.info().outputPath("opportunity.png"), fullPage: true });
    await page.getByRole("button", { name: "Override CSM" }).click();
    await expect(page.getByRole("dialog", { name: "Override the CSM" })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: test.info().outputPath("override-dialog.png") });
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toBeHidden();
    await expect(page.getByRole("button", { name: "Override CSM" })).toBeFocused();
  });

  test("My opportunities has no serious accessibility violations", async ({ page }) => {
    await signIn(page, "sa@demo.roster");
    await open(page, "/my-opportunities");
    await expect(page.getByRole("heading", { name: "My opportunities", level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page);
    await page.screenshot({ path: test.info().outputPath("my-opportunities.png"), fullPage: true });
  });
});
