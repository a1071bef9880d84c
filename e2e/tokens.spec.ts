import { type APIRequestContext, expect, test } from "@playwright/test";
import { api, signIn, tag } from "./support.ts";

/**
 * The status of GET /api/v1/users with this bearer token. Once more on ECONNRESET: after the
 * seconds spent in the browser, the request context may reuse a keep-alive socket the server has
 * just closed; a GET is safe to repeat.
 */
async function statusWith(request: APIRequestContext, token: string): Promise<number> {
  const get = () => request.get("/api/v1/users", { headers: { authorization: `Bearer ${token}` } });
  try {
    return (await get()).status();
  } catch (error) {
    if (!/ECONNRESET/.test(String(error))) throw error;
    return (await get()).status();
  }
}

test.describe("API tokens and sessions", () => {
  test("an admin creates a token for a user, sees it once, and revokes it", async ({ page, request }) => {
    const suffix = tag();
    const user = await api(request, "POST", "/users", { email: `token.${suffix}@demo.roster`, name: `Tina Token ${suffix}`, profile: "sales_ops" });
    await signIn(page, "admin@demo.roster");
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByRole("link", { name: `Tina Token ${suffix}` }).click();
    await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
    await expect(page.getByText("No API tokens.")).toBeVisible();

    await page.getByLabel("Name (optional)").fill("Salesforce sync");
    await page.getByLabel("Expires").selectOption("30");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByTestId("new-token");
    await expect(shown).toBeVisible();
    const token = (await shown.textContent())!.trim();
    expect(token).toMatch(/^rst_[0-9a-f]{8}_/);
    const prefix = token.slice(0, 12);
    const row = page.getByRole("row").filter({ hasText: prefix });
    await expect(row).toContainText("Salesforce sync");
    await expect(row).toContainText("Active");
    await expect(row).toContainText("Never"); // not used yet

    expect(await statusWith(request, token)).toBe(200);
    // After a reload the token is no longer shown, but its last use is.
    await page.reload();
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    await expect(page.getByRole("row").filter({ hasText: prefix })).not.toContainText("Never");

    await page.getByRole("button", { name: `Revoke ${prefix}` }).click();
    await expect(page.getByRole("status")).toContainText(`Revoked ${prefix}`);
    await expect(page.getByRole("row").filter({ hasText: prefix })).toContainText("Revoked");
    expect(await statusWith(request, token)).toBe(401);
    void user;
  });

  test("a CSM finds their tokens under My tokens and revokes one", async ({ page, request }) => {
    const users = await api(request, "GET", "/users?q=csm@demo.roster");
    const csm = users.items.find((item: { email: string }) => item.email === "csm@demo.roster");
    const issued = await api(request, "POST", `/users/${csm.id}/tokens`, { expiresInDays: 7 });
    await signIn(page, "csm@demo.roster");
    await page.getByRole("link", { name: "My tokens" }).click();
    await expect(page.getByRole("heading", { name: "My tokens", level: 1 })).toBeVisible();
    // Only admins issue tokens.
    await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);
    await page.getByRole("button", { name: `Revoke ${issued.prefix}` }).click();
    await expect(page.getByRole("row").filter({ hasText: issued.prefix })).toContainText("Revoked");
    expect(await statusWith(request, issued.token)).toBe(401);
  });

  test("Sign out everywhere ends the person's other sessions too", async ({ page, browser }) => {
    const other = await browser.newContext();
    const elsewhere = await other.newPage();
    await signIn(elsewhere, "leader@demo.roster");
    await signIn(page, "leader@demo.roster");
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await elsewhere.goto("/workload");
    await expect(elsewhere).toHaveURL(/\/sign-in/);
    // Signing in again works.
    await signIn(elsewhere, "leader@demo.roster");
    await other.close();
  });

  test("a callbackUrl that leads off-site after sign-in stays on Roster", async ({ page, baseURL }) => {
    await page.goto("/sign-in?callbackUrl=%2F%5Cevil.example");
    await page.getByLabel("Email").fill("sa@demo.roster");
    await page.getByLabel("Password").fill("roster-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-user")).toBeVisible({ timeout: 30_000 });
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });

  test("repeated wrong passwords lock the account with a clear wait, even for the right password", async ({ page, request }) => {
    const suffix = tag();
    const email = `locked.${suffix}@demo.roster`;
    await api(request, "POST", "/users", { email, name: `Lou Locked ${suffix}`, profile: "csm", password: "the-right-password" });
    await page.goto("/sign-in");
    // The form's own alert (Next also has an empty role=alert route announcer).
    const alert = page.locator("form [role=alert]");
    await page.getByLabel("Email").fill(email);
    for (let attempt = 1; attempt <= 9; attempt++) {
      await page.getByLabel("Password").fill(`wrong-${attempt}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(alert).toHaveText("Email or password is incorrect.");
    }
    await page.getByLabel("Password").fill("wrong-10");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alert).toHaveText("Too many attempts; try again in 15 minutes.");
    await page.getByLabel("Password").fill("the-right-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alert).toHaveText(/^Too many attempts; try again in 1[45] minutes\.$/);
    await expect(page).toHaveURL(/\/sign-in/);
  });
});
