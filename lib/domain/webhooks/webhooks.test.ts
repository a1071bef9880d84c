import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { db } from "@/lib/db/client.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { makeAccount } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { startReceiver } from "@/test/support/webhook-receiver.ts";
import { createWebhook } from "./create-webhook.ts";
import { claimDeliveries, deliverDue } from "./deliver-due.ts";
import { fanOut } from "./fan-out.ts";
import { autoDisabledWebhooks, listDeliveries } from "./queries.ts";
import { pumpWebhooks } from "./pump.ts";
import { rotateWebhookSecret } from "./rotate-webhook-secret.ts";

let admin: Awaited<ReturnType<typeof makeUser>>;
let csms: Awaited<ReturnType<typeof makeUser>>[];
const endpoints: string[] = [];
const receivers: { close: () => Promise<void> }[] = [];

beforeAll(async () => {
  process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE = "1";
  admin = await makeUser("admin");
  csms = await Promise.all([makeUser("csm"), makeUser("csm"), makeUser("csm")]);
});
// Each test's endpoints stop receiving when it ends, so later tests' changes do not go to them.
afterEach(async () => {
  await db.webhookEndpoint.updateMany({ where: { id: { in: endpoints } }, data: { active: false } });
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});
afterAll(() => {
  delete process.env.ROSTER_WEBHOOKS_ALLOW_PRIVATE;
});

async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(respond);
  receivers.push(started);
  return started;
}
async function endpoint(url: string, eventTypes: string[] = []) {
  const created = await createWebhook(asContext(admin), { url, eventTypes });
  endpoints.push(created.id);
  return created;
}
const assign = (accountId: string, userId: string) => assignAccountRole(asContext(admin), accountId, "csm", { userId });

/** Pumps until `done` holds (retries due in milliseconds here), failing after a while. */
async function pumpUntil(done: () => boolean, options: Parameters<typeof pumpWebhooks>[0] = {}) {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out pumping webhooks");
    await pumpWebhooks({ retryBaseMs: 5, budgetMs: 2_000, ...options });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("webhook deliveries", () => {
  it("are signed per Standard Webhooks; after a rotation both secrets verify for a day", async () => {
    const hook = await receiver();
    const { id, secret } = await endpoint(hook.url, ["account.*"]);
    expect(secret).toMatch(/^whsec_/);
    const account = await makeAccount();
    await assign(account.id, csms[0]!.id);
    const mine = () => hook.received.filter((request) => request.json?.data?.entityId === account.id);
    await pumpUntil(() => mine().length === 1);
    const first = mine()[0]!;
    expect(first.json).toMatchObject({ type: "account.role_changed", data: { accountId: account.id, field: "team.csm", to: csms[0]!.id } });
    expect(first.headers["webhook-id"]).toBe(first.json.id);
    expect(new Webhook(secret).verify(first.body, first.headers as Record<string, string>)).toMatchObject({ id: first.json.id });
    expect(() => new Webhook(`whsec_${Buffer.from("wrong key of 32 bytes..........").toString("base64")}`).verify(first.body, first.headers as Record<string, string>)).toThrow();

    const rotated = await rotateWebhookSecret(asContext(admin), id);
    await assign(account.id, csms[1]!.id);
    await pumpUntil(() => mine().length === 2);
    const second = mine()[1]!;
    expect(String(second.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const key of [rotated.secret, secret]) expect(() => new Webhook(key).verify(second.body, second.headers as Record<string, string>)).not.toThrow();
  });

  it("a receiver that fails 5 times then succeeds gets every event once, in order", async () => {
    // Fails the first 5 requests about this test's account (other files' changes may arrive too).
    let failures = 0;
    let accountId = "";
    const hook = await receiver(({ json }) => (json?.data?.entityId === accountId && failures++ < 5 ? 503 : 200));
    const { id } = await endpoint(hook.url, ["account.role_changed"]);
    const account = await makeAccount();
    accountId = account.id;
    for (const csm of csms) await assign(account.id, csm.id);
    const accepted = () => hook.received.filter((request) => request.status === 200 && request.json?.data?.entityId === account.id);
    await pumpUntil(() => accepted().length === 3);
    expect(accepted().map((request) => request.json.data.to)).toEqual(csms.map((csm) => csm.id));
    // The first event was retried until it went through; the others waited behind it (never overtook it).
    const attempts = hook.received.filter((request) => request.json?.data?.entityId === account.id).map((request) => request.json.data.to);
    expect(attempts).toEqual([...Array(6).fill(csms[0]!.id), csms[1]!.id, csms[2]!.id]);
    const changeIds = new Set((await db.auditEntry.findMany({ where: { entityId: account.id } })).map((entry) => entry.id.toString()));
    const log = (await listDeliveries(admin, id, { limit: 200 })).items.filter((item) => changeIds.has(item.changeId ?? ""));
    expect(log.map((item) => [item.status, item.attempts, item.lastStatusCode])).toEqual([
      ["delivered", 1, 200], ["delivered", 1, 200], ["delivered", 6, 200],
    ]);
  });

  it("loses nothing when a sender dies holding its claim: the lease expires and another sends", async () => {
    const hook = await receiver();
    await endpoint(hook.url, ["account.role_changed"]);
    const account = await makeAccount();
    await assign(account.id, csms[0]!.id);
    await assign(account.id, csms[1]!.id);
    await fanOut();
    // A sender claims with a 1 s lease and dies before sending.
    const dead = await claimDeliveries(100, 1, crypto.randomUUID());
    expect(dead.length).toBeGreaterThan(0);
    await deliverDue();
    const mine = () => hook.received.filter((request) => request.json?.data?.entityId === account.id);
    expect(mine()).toHaveLength(0); // still leased: nobody else sends it, and the next one waits
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await pumpUntil(() => mine().length === 2);
    expect(mine().map((request) => request.json.data.to)).toEqual([csms[0]!.id, csms[1]!.id]);
  });

  it("several senders at once never send one line's deliveries in parallel or twice", async () => {
    let inFlight = 0;
    let overlapped = false;
    const hook = await receiver(() => 200);
    const { createServer } = await import("node:http");
    // A slow receiver that notices two requests of one account arriving together.
    const active = new Map<string, number>();
    const slow = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        const json = JSON.parse(body);
        const key = json.data.accountId as string;
        active.set(key, (active.get(key) ?? 0) + 1);
        if (active.get(key)! > 1) overlapped = true;
        inFlight++;
        setTimeout(() => {
          active.set(key, active.get(key)! - 1);
          hook.received.push({ headers: request.headers, body, json, status: 200 });
          response.writeHead(200).end();
        }, 5);
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    receivers.push({ close: () => new Promise((resolve) => { slow.closeAllConnections(); slow.close(() => resolve()); }) });
    const port = (slow.address() as { port: number }).port;
    await endpoint(`http://127.0.0.1:${port}/hook`, ["account.role_changed"]);
    const accounts = await Promise.all([makeAccount(), makeAccount(), makeAccount()]);
    for (let round = 0; round < 4; round++) for (const account of accounts) await assign(account.id, csms[round % 3]!.id);
    await fanOut();
    const ids = new Set(accounts.map((account) => account.id));
    const mine = () => hook.received.filter((request) => ids.has(request.json?.data?.entityId));
    const deadline = Date.now() + 20_000;
    while (mine().length < 12 && Date.now() < deadline) await Promise.all([deliverDue(), deliverDue(), deliverDue(), deliverDue()]);
    expect(overlapped).toBe(false);
    expect(inFlight).toBeGreaterThanOrEqual(12);
    expect(new Set(mine().map((request) => request.json.id)).size).toBe(12);
    expect(mine()).toHaveLength(12);
    for (const account of accounts) {
      const tos = mine().filter((request) => request.json.data.entityId === account.id).map((request) => request.json.data.to);
      expect(tos).toEqual([0, 1, 2, 0].map((index) => csms[index]!.id));
    }
  });

  it("410 Gone disables the endpoint, and admins are told", async () => {
    const hook = await receiver(() => 410);
    const { id } = await endpoint(hook.url, ["account.role_changed"]);
    const account = await makeAccount();
    await assign(account.id, csms[0]!.id);
    await pumpUntil(() => hook.received.some((request) => request.json?.data?.entityId === account.id));
    await pumpWebhooks({ retryBaseMs: 5, budgetMs: 500 });
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({ active: false, disabledReason: expect.stringMatching(/410/) });
    expect(hook.received.filter((request) => request.json?.data?.entityId === account.id)).toHaveLength(1);
    expect((await autoDisabledWebhooks(admin)).map((item) => item.id)).toContain(id);
  });

  it("a day of failures fails the delivery and disables the endpoint", async () => {
    const hook = await receiver(() => 500);
    const { id } = await endpoint(hook.url, ["account.role_changed"]);
    const account = await makeAccount();
    await assign(account.id, csms[0]!.id);
    await fanOut();
    await db.webhookDelivery.updateMany({ where: { endpointId: id }, data: { firstAttemptAt: new Date(Date.now() - 25 * 3600 * 1000) } });
    await pumpUntil(() => hook.received.some((request) => request.json?.data?.entityId === account.id));
    const changeIds = new Set((await db.auditEntry.findMany({ where: { entityId: account.id } })).map((entry) => entry.id.toString()));
    const [delivery] = (await listDeliveries(admin, id, { limit: 200 })).items.filter((item) => changeIds.has(item.changeId ?? ""));
    expect(delivery).toMatchObject({ status: "failed", lastStatusCode: 500 });
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({ active: false, disabledReason: expect.stringMatching(/day/) });
  });
});
