import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { api, signIn, tag } from "./support.ts";

test.describe("Admin → Webhooks", () => {
  test("an admin adds an endpoint, assigns a CSM, and sees the signed delivery in the log", async ({ page, request }) => {
    const t = tag();
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/roster/${t}`;
    const account = await api(request, "POST", "/accounts", { name: `E2E Webhook ${t}` });
    const dana = await api(request, "POST", "/users", { email: `dana.${t}@demo.roster`, name: `Dana Hook ${t}`, profile: "csm", capacity: 30 });

    try {
      await signIn(page, "admin@demo.roster");
      await page.getByRole("link", { name: "Webhooks" }).click();
      await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
      await page.getByLabel("URL").fill(url);
      await page.getByLabel("Description").fill(`CRM ${t}`);
      await page.getByLabel("All accounts (account.*)").check();
      await page.getByRole("button", { name: "Add endpoint" }).click();
      const secret = (await page.getByTestId("webhook-secret").textContent())!;
      expect(secret).toMatch(/^whsec_/);
      await page.getByRole("link", { name: url }).click();
      await expect(page.getByRole("heading", { level: 1, name: url })).toBeVisible();

      // Assign the CSM in the browser, on the account's page.
      await page.goto(`/accounts/${account.id}`);
      await page.getByRole("button", { name: "Assign CSM" }).click();
      const dialog = page.getByRole("dialog", { name: "Assign CSM" });
      await dialog.getByRole("combobox", { name: "New CSM" }).fill(`Dana Hook ${t}`);
      await expect(dialog.getByRole("option", { name: new RegExp(`Dana Hook ${t}`) })).toBeVisible();
      await dialog.getByRole("combobox", { name: "New CSM" }).press("Enter");
      await dialog.getByRole("button", { name: `Assign Dana Hook ${t}` }).click();
      await expect(page.getByText(`Dana Hook ${t} is now CSM.`)).toBeVisible();

      // This server runs no worker (ROSTER_WORKER=off): send what is due through the API.
      await expect.poll(async () => {
        await api(request, "POST", "/webhooks/deliver");
        return received.filter((r) => JSON.parse(r.body).data?.entityId === account.id).length;
      }).toBeGreaterThan(0);
      const delivery = received.find((r) => JSON.parse(r.body).data?.entityId === account.id)!;
      const message = new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>) as { type: string; data: { to: string } };
      expect(message).toMatchObject({ type: "account.role_changed", data: { to: dana.id } });

      await page.goto("/admin/webhooks");
      await page.getByRole("link", { name: url }).click();
      const row = page.getByTestId("delivery-row").filter({ hasText: "account.role_changed" }).first();
      await expect(row).toContainText("delivered");
      await expect(row).toContainText("200");
      const { items } = await api(request, "GET", "/webhooks");
      for (const item of items.filter((candidate: { url: string }) => candidate.url === url)) await api(request, "DELETE", `/webhooks/${item.id}`);
    } finally {
      receiver.closeAllConnections();
      receiver.close();
    }
  });
});
