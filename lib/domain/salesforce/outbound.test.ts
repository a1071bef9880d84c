import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { makeAccount, makeOpportunities } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import type { SalesforceDouble } from "@/test/salesforce-double/server.ts";
import { runOutbound } from "./run-outbound.ts";
import { connectToDouble, drainOutbound, linkAccount, linkOpportunities, linkUser } from "./testing.ts";

let double: SalesforceDouble;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  double = await connectToDouble();
  admin = await makeUser("admin");
  await drainOutbound(); // what other files wrote before this one started is not this file's business
});
afterAll(async () => {
  await double.close();
});
beforeEach(() => double.faults.clear());

/** A CSM in both systems. */
async function csm() {
  const user = await makeUser("csm");
  return { ...user, sfId: linkUser(double, user) };
}

/** An account in both systems with `open` open and `closed` closed opportunities, all stamped with `holder`. */
async function coveredAccount(holder: { id: string }, open: number, closed = 0) {
  const account = await makeAccount();
  const sfAccount = await linkAccount(double, account);
  await assignAccountRole(asContext(admin), account.id, "csm", { userId: holder.id });
  await makeOpportunities(account.id, open, { csmId: holder.id });
  if (closed) await makeOpportunities(account.id, closed, { csmId: holder.id, closed: true });
  const opportunities = await linkOpportunities(double, account.id, sfAccount);
  await drainOutbound();
  return { account, sfAccount, opportunities };
}

const sfCsm = (sfOpportunityId: string) => double.org.get("Opportunity", sfOpportunityId)?.Technical_Account_Manager__c ?? null;
const updateCalls = () => double.calls.filter((call) => call.kind === "update");

describe("outbound: Roster's coverage in Salesforce", () => {
  it("a CSM change reaches the account and every open opportunity in Salesforce; closed ones keep theirs", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, sfAccount, opportunities } = await coveredAccount(first, 30, 5);
    const closedIds = new Set((await db.opportunity.findMany({ where: { accountId: account.id, isClosed: true }, select: { id: true } })).map((row) => row.id));

    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    await drainOutbound();

    expect(double.org.get("Account", sfAccount)?.Technical_Account_Manager_LU__c).toBe(second.sfId);
    for (const [id, sfId] of opportunities) expect(sfCsm(sfId)).toBe(closedIds.has(id) ? null : second.sfId);
    expect(await db.salesforcePending.count({ where: { recordId: { in: [...opportunities.keys()] } } })).toBe(0);
  });

  it("a record Salesforce refuses (UNABLE_TO_LOCK_ROW) waits with its error and is sent again", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 10);
    const sfIds = [...opportunities.values()];
    double.faults.lockRows(3, sfIds.slice(0, 3));

    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    const run = await runOutbound();
    expect(run?.failed).toBe(3);
    const waiting = await db.salesforcePending.findMany({ where: { recordId: { in: [...opportunities.keys()] } } });
    expect(waiting).toHaveLength(3);
    expect(waiting[0]).toMatchObject({ status: "pending", errorCode: "UNABLE_TO_LOCK_ROW", attempts: 1 });
    expect(waiting[0]!.lastError).toMatch(/unable to obtain exclusive access/);
    expect(sfIds.slice(0, 3).map(sfCsm)).toEqual([null, null, null]); // not written yet
    expect(sfIds.slice(3).map(sfCsm)).toEqual(sfIds.slice(3).map(() => second.sfId));

    await new Promise((resolve) => setTimeout(resolve, 50)); // the retry is due after the (test-sized) backoff
    await drainOutbound();
    expect(sfIds.map(sfCsm)).toEqual(sfIds.map(() => second.sfId));
    expect(await db.salesforcePending.count({ where: { recordId: { in: [...opportunities.keys()] } } })).toBe(0);
  });

  it("a run that stops between Salesforce's answer and its checkpoint sends again on the next run: nothing lost", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 900);
    const before = (await db.salesforceSync.findUniqueOrThrow({ where: { id: 1 } })).outboundPosition;

    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    // The process dies after two collections went out: Salesforce has part of the change, the checkpoint none.
    await expect(runOutbound({ hooks: { afterChunk: (chunk) => { if (chunk === 1) throw new Error("killed mid-batch"); } } })).rejects.toThrow("killed mid-batch");
    expect((await db.salesforceSync.findUniqueOrThrow({ where: { id: 1 } })).outboundPosition).toBe(before);
    const sent = [...opportunities.values()].filter((sfId) => sfCsm(sfId) === second.sfId).length;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(900);
    const failedRun = await db.salesforceRun.findFirst({ where: { kind: "outbound" }, orderBy: { startedAt: "desc" } });
    expect(failedRun).toMatchObject({ status: "failed" });

    // And when it dies after every send but before the checkpoint, the re-send changes nothing twice.
    await expect(runOutbound({ hooks: { beforeCheckpoint: () => { throw new Error("killed before the checkpoint"); } } })).rejects.toThrow();
    await drainOutbound();
    expect([...opportunities.values()].every((sfId) => sfCsm(sfId) === second.sfId)).toBe(true);
    expect((await db.salesforceSync.findUniqueOrThrow({ where: { id: 1 } })).outboundPosition).toBeGreaterThan(before);
  });

  it("an expired session is renewed (INVALID_SESSION_ID → a new token) and the call goes through", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 450);
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    const tokensBefore = double.count("token");
    const expiredBefore = double.calls.filter((call) => call.status === 401).length;
    await runOutbound({ hooks: { afterChunk: (chunk) => { if (chunk === 0) double.expireSessions(); } } });
    await drainOutbound();
    expect(double.calls.filter((call) => call.status === 401).length).toBe(expiredBefore + 1);
    expect(double.count("token")).toBe(tokensBefore + 1);
    expect([...opportunities.values()].every((sfId) => sfCsm(sfId) === second.sfId)).toBe(true);
  });

  it("REQUEST_LIMIT_EXCEEDED and 503 are waited out with backoff", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 5);
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    const refusedBefore = double.calls.filter((call) => call.status === 403 || call.status === 503).length;
    double.faults.rateLimit(2);
    double.faults.unavailableFor(1);
    const run = await runOutbound();
    expect(run?.failed).toBe(0);
    expect(double.calls.filter((call) => call.status === 403 || call.status === 503).length).toBe(refusedBefore + 3);
    expect([...opportunities.values()].every((sfId) => sfCsm(sfId) === second.sfId)).toBe(true);
  });

  it("a CSM change on a whale of 20,000 opportunities takes one call per 200 records", async () => {
    const [first, second] = [await csm(), await csm()];
    const { account, opportunities } = await coveredAccount(first, 20_000);
    const before = updateCalls().length;
    await assignAccountRole(asContext(admin), account.id, "csm", { userId: second.id });
    await drainOutbound();
    const mine = new Set(opportunities.values());
    const calls = updateCalls().slice(before).filter((call) => call.records?.some((id) => mine.has(id)));
    // 20,000 opportunities and their account: 20,001 records, 101 collections of at most 200.
    expect(calls.length).toBeLessThanOrEqual(101);
    expect(calls.every((call) => (call.records?.length ?? 0) <= 200)).toBe(true);
    expect([...mine].every((sfId) => sfCsm(sfId) === second.sfId)).toBe(true);
  }, 180_000);
});
