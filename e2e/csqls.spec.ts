import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { api, signIn, tag } from "./support.ts";

test.describe.configure({ timeout: 180_000 });

async function noSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
}

test("a CSM raises a CSQL, the account's seller converts it, the opportunity carries the CSM and the dashboard counts it", async ({ browser, page, request }) => {
  const t = tag();
  const [csm] = (await api(request, "GET", "/users?q=csm@demo.roster")).items;
  const [seller] = (await api(request, "GET", "/users?q=sales@demo.roster")).items;
  const account = await api(request, "POST", "/accounts", { name: `E2E Lead Co ${t}`, segment: "Enterprise", region: "AMER" });
  await api(request, "PUT", `/accounts/${account.id}/team/csm`, { userId: csm.id });
  await api(request, "PUT", `/accounts/${account.id}/team/account_executive`, { userId: seller.id });
  const title = `Analytics add-on ${t}`;

  // The CSM, on the account page.
  await signIn(page, "csm@demo.roster");
  await page.goto(`/accounts/${account.id}`);
  await page.getByRole("button", { name: `Raise a CSQL on ${account.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Raise a CSQL on ${account.name}` });
  await dialog.getByLabel("Title").fill(title);
  await dialog.getByLabel("Kind").selectOption("cross_sell");
  await dialog.getByLabel("Estimated amount").fill("24,000");
  await dialog.getByLabel("Contact name").fill("Ana Customer");
  await noSeriousAxeViolations(page);
  await dialog.getByRole("button", { name: "Raise CSQL" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Raised ${title} for Sasha Seller.` })).toBeVisible();

  // The seller, in their own session.
  const sellerContext = await browser.newContext();
  const sellerPage = await sellerContext.newPage();
  await signIn(sellerPage, "sales@demo.roster");
  await sellerPage.getByRole("link", { name: "My CSQLs" }).click();
  await expect(sellerPage.getByRole("heading", { level: 1, name: "My CSQLs" })).toBeVisible();
  await sellerPage.getByRole("region", { name: /^New/ }).getByRole("link", { name: title }).click();
  await expect(sellerPage.getByRole("heading", { level: 1 })).toContainText(title);
  await noSeriousAxeViolations(sellerPage);
  await sellerPage.getByRole("button", { name: "Accept" }).click();
  await expect(sellerPage.getByRole("status").filter({ hasText: "Accepted" })).toBeVisible();
  await sellerPage.getByRole("button", { name: "Convert to opportunity" }).click();
  const convert = sellerPage.getByRole("dialog", { name: `Convert “${title}”` });
  await expect(convert.getByLabel("Amount")).toHaveValue("24000");
  await convert.getByLabel("Close date").fill("2031-06-30");
  await convert.getByRole("button", { name: "Create opportunity" }).click();
  await expect(sellerPage.getByRole("status").filter({ hasText: `Converted into ${title}.` })).toBeVisible();
  await sellerPage.getByRole("link", { name: "Open the opportunity" }).click();
  await expect(sellerPage.getByRole("region", { name: "CSM" })).toContainText("Chris Sato");
  await sellerContext.close();

  // Finance sees it counted.
  const financeContext = await browser.newContext();
  const financePage = await financeContext.newPage();
  await signIn(financePage, "finance@demo.roster");
  await financePage.goto("/csqls?status=converted");
  await expect(financePage.getByRole("heading", { level: 2, name: "Revenue impact" })).toBeVisible();
  await expect(financePage.getByRole("figure", { name: "CSQLs per month" })).toBeVisible();
  await expect(financePage.getByRole("row", { name: new RegExp(title) })).toContainText("Converted");
  await noSeriousAxeViolations(financePage);
  await financeContext.close();
});
