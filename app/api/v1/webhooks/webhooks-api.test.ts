import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { pumpWebhooks } from "@/lib/domain/webhooks/pump.ts";
import { makeTokenUser } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import { startReceiver } from "@/test/support/webhook-receiver.ts";
import * as changes from "../changes/route.ts";
import * as webhooks from "./route.ts";
import * as webhook from "./[id]/route.ts";
import * as rotate from "./[id]/rotate-secret/route.ts";
import * as test from "./[id]/test/route.ts";
import * as deliveries from "./[id]/deliveries/route.ts";
import * as retry from "./[id]/deliveries/[deliveryId]/retry/route.ts";

/** Other test files write changes meanwhile, which this endpoint may be sent too: pump until `done`. */
async function pumpUntil(done: () => boolean) {
  const deadline = Date.now() + 30_000;
  while (!done() && Date.now() < deadline) await pumpWebhooks({ budgetMs: 1_000 });
}
const testRequests = <R extends { json: any }>(hook: { received: R[] }) => hook.received.filter((request) => request.json?.type === "webhook.test");

afterAll(() => {
  delete process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE;
});

describe("Webhooks API", () => {
  it("registers, lists, changes, rotates, tests, retries and deletes an endpoint (admin only)", async () => {
    const admin = await makeTokenUser("admin");
    const ops = await makeTokenUser("sales_ops");
    expect((await call(webhooks.GET, { token: ops.token })).status).toBe(403);
    expect((await call(webhooks.POST, { token: admin.token, method: "POST", body: { url: "http://127.0.0.1:1/x" } })).body.error)
      .toMatchObject({ code: "invalid_request", details: { fields: { url: expect.any(String) } } });
    expect((await call(webhooks.POST, { token: admin.token, method: "POST", body: { url: "https://93.184.216.34/x", eventTypes: ["nonsense"] } })).status).toBe(400);

    process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE = "1";
    const hook = await startReceiver();
    try {
      const created = await call(webhooks.POST, { token: admin.token, method: "POST", body: { url: hook.url, eventTypes: ["account.*", "opportunity.csm_stamped"], description: "CRM" } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ url: hook.url, eventTypes: ["account.*", "opportunity.csm_stamped"], active: true, secret: expect.stringMatching(/^whsec_/) });
      const id = created.body.id as string;

      const listed = await call(webhooks.GET, { token: admin.token });
      const mine = listed.body.items.find((item: { id: string }) => item.id === id);
      expect(mine).toMatchObject({ id, description: "CRM" });
      expect(mine).not.toHaveProperty("secret");

      const patched = await call(webhook.PATCH, { token: admin.token, method: "PATCH", params: { id }, body: { eventTypes: ["opportunity.merged"], active: false } });
      expect(patched.body).toMatchObject({ eventTypes: ["opportunity.merged"], active: false, disabledReason: null });
      expect((await call(webhook.PATCH, { token: admin.token, method: "PATCH", params: { id }, body: { active: true } })).body.active).toBe(true);

      const rotated = await call(rotate.POST, { token: admin.token, method: "POST", params: { id } });
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(created.body.secret);
      expect((await call(webhook.GET, { token: admin.token, params: { id } })).body.previousSecretValidUntil).toBe(rotated.body.previousSecretValidUntil);

      const queued = await call(test.POST, { token: admin.token, method: "POST", params: { id } });
      expect(queued.status).toBe(201);
      await pumpUntil(() => testRequests(hook).length === 1);
      const testRequest = testRequests(hook)[0];
      expect(testRequest?.headers["webhook-signature"]).toMatch(/^v1,\S+ v1,\S+$/);
      const log = await call(deliveries.GET, { token: admin.token, params: { id } });
      expect(log.body.items.find((item: { id: string }) => item.id === queued.body.id)).toMatchObject({ id: queued.body.id, type: "webhook.test", status: "delivered", attempts: 1, lastStatusCode: 200, deliveredAt: expect.any(String) });
      expect((await call(deliveries.GET, { token: admin.token, path: "/?status=failed", params: { id } })).body.items).toEqual([]);

      const retried = await call(retry.POST, { token: admin.token, method: "POST", params: { id, deliveryId: queued.body.id } });
      expect(retried.body).toMatchObject({ status: "pending" });
      await pumpUntil(() => testRequests(hook).length === 2);
      expect(testRequests(hook)).toHaveLength(2);
      expect((await call(retry.POST, { token: admin.token, method: "POST", params: { id, deliveryId: "999999999" } })).status).toBe(404);

      expect((await call(webhook.DELETE, { token: admin.token, method: "DELETE", params: { id } })).status).toBe(200);
      expect((await call(webhook.GET, { token: admin.token, params: { id } })).status).toBe(404);
      expect(await db.webhookDelivery.count({ where: { endpointId: id } })).toBe(0);
    } finally {
      await hook.close();
    }
  });
});

describe("Changes API", () => {
  it("is for privileged profiles, validates the cursor, and starts at the end with after=now", async () => {
    const csm = await makeTokenUser("csm");
    const integration = await makeTokenUser("integration");
    expect((await call(changes.GET, { token: csm.token })).status).toBe(403);
    expect((await call(changes.GET, { token: integration.token, path: "/changes?after=12x" })).status).toBe(400);
    expect((await call(changes.GET, { token: integration.token, path: "/changes?limit=1001" })).status).toBe(400);
    const now = await call(changes.GET, { token: integration.token, path: "/changes?after=now" });
    expect(now.body).toEqual({ items: [], nextCursor: expect.stringMatching(/^c[0-9a-z]+$/) });
    const first = await call(changes.GET, { token: integration.token, path: "/changes?limit=2" });
    expect(first.status).toBe(200);
    for (const item of first.body.items) expect(Object.keys(item).sort()).toEqual(
      ["accountId", "actor", "at", "batchId", "cursor", "entityId", "entityType", "field", "from", "id", "source", "to", "type"],
    );
  });
});
