import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { api, DEMO_PASSWORD, signIn, tag } from "./support.ts";

// The desk on a real day (issue 21): finding things, saved views, phones, no-access and deep links.
test.describe.configure({ timeout: 180_000 });
const slow = { timeout: 30_000 };

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("The desk", () => {
  test("the command palette finds an account by name and an opportunity by CRM id, from the keyboard", async ({ page, request }) => {
    const t = tag();
    const account = await api(request, "POST", "/accounts", { name: `Palette Harbor ${t}`, externalId: `001PAL${t}`, segment: "Enterprise" });
    const opportunity = await api(request, "POST", "/opportunities", { accountId: account.id, name: `Palette deal ${t}`, externalId: `006PAL${t}` });
    await signIn(page, "csm@demo.roster");

    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Search Roster" });
    await expect(palette).toBeVisible();
    await palette.getByRole("combobox").fill(`harbor ${t}`);
    await expect(palette.getByRole("option", { name: new RegExp(`Palette Harbor ${t}`) })).toBeVisible(slow);
    await expectNoSeriousViolations(page);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/accounts/${account.id}$`), slow);
    await expect(page.getByRole("heading", { name: account.name, level: 1 })).toBeVisible();

    // From anywhere: again on the account page, by the opportunity's CRM id, moving with the arrows.
    await page.keyboard.press("Control+k");
    await palette.getByRole("combobox").fill(`006PAL${t}`);
    await expect(palette.getByRole("option", { name: new RegExp(`Palette deal ${t}`) })).toBeVisible(slow);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/opportunities/${opportunity.id}$`), slow);

    // Escape closes it; nothing found says so.
    await page.keyboard.press("Control+k");
    await palette.getByRole("combobox").fill(`nothing-${t}`);
    await expect(palette.getByText(`Nothing matches “nothing-${t}”.`)).toBeVisible(slow);
    await page.keyboard.press("Escape");
    await expect(palette).toBeHidden();
  });

  test("a saved view keeps filters and sort, is shared with the team, opens by default, and the CSV follows the filters", async ({ page, browser, request }) => {
    const t = tag();
    for (const arr of [1000, 3000, 2000]) await api(request, "POST", "/accounts", { name: `View ${t} ${arr}`, segment: `Seg${t}`, arr });
    await signIn(page, "ops@demo.roster");
    await page.goto(`/accounts?segment=Seg${t}&sort=-arr`);
    const table = page.getByRole("table", { name: "Accounts" });
    await expect(table.getByRole("row")).toHaveCount(4, slow);
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", `/api/v1/accounts.csv?segment=Seg${t}&sort=-arr`);
    const csv = await page.request.get(`/api/v1/accounts.csv?segment=Seg${t}&sort=-arr`);
    expect((await csv.text()).split("\n").filter((line) => line.includes(`View ${t}`))).toHaveLength(3);

    await page.getByRole("button", { name: "Save view" }).click();
    const dialog = page.getByRole("dialog", { name: "Save this view" });
    await dialog.getByLabel("Name").fill(`Biggest ${t}`);
    await dialog.getByLabel(/Share with the team/).check();
    await dialog.getByLabel(/my default/).check();
    await expectNoSeriousViolations(page);
    await dialog.getByRole("button", { name: "Save view" }).click();
    await expect(page).toHaveURL(/view=[0-9a-f-]{36}/, slow);
    await expect(page.getByRole("button", { name: `View: Biggest ${t}` })).toBeVisible();

    // Changing a filter marks the view changed; opening the bare table applies the default again.
    await page.goto("/accounts");
    await expect(page).toHaveURL(new RegExp(`segment=Seg${t}`), slow);
    await expect(table.getByRole("row").nth(1)).toContainText(`View ${t} 3000`);
    await expect(table.getByRole("row").nth(1)).toContainText("$3,000");
    await page.getByRole("button", { name: `View: Biggest ${t}` }).click();
    await expectNoSeriousViolations(page);
    await page.getByRole("link", { name: /All accounts, no view/ }).click();
    await expect(page).toHaveURL(/view=none/, slow);

    // A colleague sees it under "Shared with the team" and opens it.
    const colleague = await browser.newPage();
    await signIn(colleague, "manager@demo.roster");
    await colleague.goto("/accounts?view=none");
    await colleague.getByRole("button", { name: "Views" }).click();
    await colleague.getByRole("link", { name: new RegExp(`Biggest ${t}`) }).click();
    await expect(colleague).toHaveURL(new RegExp(`segment=Seg${t}`), slow);
    await expect(colleague.getByRole("table", { name: "Accounts" }).getByRole("row")).toHaveCount(4, slow);
    await colleague.close();
  });

  test("a person without access gets a 403 page that says so, inside the shell", async ({ page }) => {
    await signIn(page, "csm@demo.roster");
    const response = await page.goto("/comp");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don't have access to this", level: 1 })).toBeVisible();
    await expect(page.getByTestId("current-user")).toBeVisible();
    await expectNoSeriousViolations(page);
  });

  test("a deep link followed while signed out comes back there after sign-in, and only on this site", async ({ page, request }) => {
    const account = await api(request, "POST", "/accounts", { name: `Deep link ${tag()}` });
    await page.goto(`/accounts/${account.id}`);
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await page.getByLabel("Email").fill("csm@demo.roster");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`/accounts/${account.id}$`), slow);
    await expect(page.getByRole("heading", { name: account.name, level: 1 })).toBeVisible();

    await page.context().clearCookies();
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("//evil.example/x")}`);
    await page.getByLabel("Email").fill("csm@demo.roster");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-user")).toBeAttached(slow);
    expect(new URL(page.url()).hostname).toBe("localhost");
    expect(new URL(page.url()).pathname).toBe("/");
  });

  test("on a phone (390 × 844) the shell folds into a menu, tables scroll in their frame, dialogs fit, no page is wider than the screen", async ({ page, request }) => {
    const t = tag();
    const account = await api(request, "POST", "/accounts", {
      name: `Phone Account With A Rather Long Name ${t}`, externalId: `001PHONE${t}`, segment: "Enterprise", region: "EMEA", arr: 1250000,
    });
    const opportunity = await api(request, "POST", "/opportunities", { accountId: account.id, name: `Phone deal ${t}`, amount: 72500.5 });
    await signIn(page, "ops@demo.roster");
    await page.setViewportSize({ width: 390, height: 844 });

    const fits = async (path: string) => {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible(slow);
      // Measured both while a page loads (its skeleton shows the same h1) and once it has loaded.
      const loadingWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(loadingWidth, `${path} is ${loadingWidth}px wide while it loads`).toBeLessThanOrEqual(390);
      await expect(page.locator('main [aria-busy="true"]')).toHaveCount(0, slow);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(390);
    };
    for (const path of ["/", "/accounts", `/accounts/${account.id}`, "/opportunities", `/opportunities/${opportunity.id}`,
      "/my-book", "/workload", "/transfers", "/notifications", "/imports", "/csqls"]) {
      await fits(path);
    }

    // The menu button opens the navigation; following a link folds it again.
    await page.goto("/");
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expectNoSeriousViolations(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Accounts" }).click();
    await expect(page).toHaveURL(/\/accounts/, slow);
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The table scrolls inside its own frame.
    const frame = page.getByRole("region", { name: "Accounts" });
    const scrolls = await frame.evaluate((element) => element.scrollWidth > element.clientWidth);
    expect(scrolls).toBe(true);

    // Dialogs fit the screen: the palette from the top bar, and "Save view".
    await page.getByRole("banner").getByRole("button", { name: "Search" }).click();
    const palette = page.getByRole("dialog", { name: "Search Roster" });
    await expect(palette).toBeVisible();
    await palette.getByRole("combobox").fill(`001PHONE${t}`);
    await expect(palette.getByRole("option").first()).toBeVisible(slow);
    const box = await palette.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/accounts/${account.id}$`), slow);
    await page.goto("/accounts?view=none");
    await page.getByRole("button", { name: "Save view" }).click();
    const save = page.getByRole("dialog", { name: "Save this view" });
    const saveBox = await save.boundingBox();
    expect(saveBox && saveBox.x >= 0 && saveBox.x + saveBox.width <= 390).toBe(true);
    await expectNoSeriousViolations(page);
  });
});
