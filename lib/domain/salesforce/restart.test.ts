import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { makeAccount, makeOpportunities } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import type { SalesforceDouble } from "@/test/salesforce-double/server.ts";
import { until } from "@/test/support/blocked-import.ts";
import { startWorkerProcess, type WorkerProcess } from "@/test/support/worker-processes.ts";
import { connectToDouble, drainOutbound, linkAccount, linkOpportunities, linkUser } from "./testing.ts";

// What an operator did to Roster: kill -9 the process that was sending a big coverage change to
// Salesforce. The outbound sync runs in child processes (test/support/salesforce-outbound-process.ts)
// on a database of this file's own — the sync's checkpoint is one row, which other test files move
// too — against a double this test starts and makes hold a call open while the kill happens.
let databaseUrl: string;
let double: SalesforceDouble;
const children: WorkerProcess[] = [];

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `roster_sf_restart_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  await migrate(databaseUrl);
  await disconnectDb();
  process.env.DATABASE_URL = databaseUrl;
  double = await connectToDouble(); // its env (login URL, credentials) goes to the children too
});

afterAll(async () => {
  await Promise.all(children.map((child) => child.kill()));
  await double?.close();
  await disconnectDb();
});

async function outboundProcess() {
  const child = await startWorkerProcess(databaseUrl, {}, "test/support/salesforce-outbound-process.ts");
  children.push(child);
  return child;
}

const position = async () => (await db.salesforceSync.findUniqueOrThrow({ where: { id: 1 }, select: { outboundPosition: true } })).outboundPosition;
/** How many times each Salesforce Id was written by a call Salesforce answered. */
function sends(): Map<string, number> {
  const count = new Map<string, number>();
  for (const call of double.calls) {
    if (call.kind !== "composite" || call.status !== 200) continue;
    for (const id of call.records ?? []) count.set(id, (count.get(id) ?? 0) + 1);
  }
  return count;
}

describe("outbound sync killed (SIGKILL) in the middle of a batch", () => {
  it("a fresh process sends every change with the right values: nothing lost, the checkpoint only after Salesforce accepted, nothing re-sent but the batch in flight", async () => {
    const adminUser = await makeUser("admin");
    const [first, second] = [await makeUser("csm"), await makeUser("csm")];
    const secondSfId = linkUser(double, second);
    linkUser(double, first);
    /** An account of `open` open opportunities in both systems, all covered by `first`, already in Salesforce. */
    const covered = async (open: number) => {
      const account = await makeAccount();
      const sfAccount = await linkAccount(double, account);
      await assignAccountRole(asContext(adminUser), account.id, "csm", { userId: first.id });
      await makeOpportunities(account.id, open, { csmId: first.id });
      const opportunities = await linkOpportunities(double, account.id, sfAccount);
      return { account, sfIds: [sfAccount, ...opportunities.values()] };
    };
    const small = await covered(300);
    const whale = await covered(2_500);
    await drainOutbound();
    const csmIn = (sfId: string) => double.org.get(sfId.startsWith("001") ? "Account" : "Opportunity", sfId)?.[sfId.startsWith("001") ? "Technical_Account_Manager_LU__c" : "Technical_Account_Manager__c"];
    const baseline = sends();

    // A first change goes out through the first process and is checkpointed.
    const doomed = await outboundProcess();
    await assignAccountRole(asContext(adminUser), small.account.id, "csm", { userId: second.id });
    await until(async () => /^run \d+ \d+$/m.test(doomed.output()), 60_000, "the first change to be sent and checkpointed");
    expect(small.sfIds.every((sfId) => csmIn(sfId) === secondSfId)).toBe(true);
    const checkpointed = await position();

    // The whale's change: Salesforce accepts two calls (2,000 records), then holds the third open.
    double.faults.holdCompositeAfter(2);
    await assignAccountRole(asContext(adminUser), whale.account.id, "csm", { userId: second.id });
    await until(async () => double.faults.hold!.held === 1, 60_000, "the third call to be held open");
    const acceptedBeforeKill = whale.sfIds.filter((sfId) => csmIn(sfId) === secondSfId);
    expect(acceptedBeforeKill).toHaveLength(2_000);
    expect(await position()).toBe(checkpointed); // Salesforce has part of the batch; the checkpoint has none of it

    await doomed.kill();
    double.faults.clear();
    expect(await position()).toBe(checkpointed);
    // The dead process's lease would pass on by itself after 5 minutes; the test ages it instead of waiting.
    await db.$executeRaw`UPDATE salesforce_sync SET outbound_leased_until = now() - interval '1 second' WHERE id = 1`;

    const fresh = await outboundProcess();
    await until(async () => /^run \d+ \d+$/m.test(fresh.output()), 60_000, "the fresh process to send the batch again and checkpoint it");
    await fresh.kill();

    expect(whale.sfIds.filter((sfId) => csmIn(sfId) !== secondSfId)).toEqual([]);
    expect(small.sfIds.filter((sfId) => csmIn(sfId) !== secondSfId)).toEqual([]);
    const [{ last }] = await db.$queryRaw<{ last: bigint }[]>`SELECT max(position) AS last FROM change_feed`;
    expect(await position()).toBe(last);
    expect(await db.salesforcePending.count()).toBe(0);

    const total = sends();
    const sentSince = (sfId: string) => (total.get(sfId) ?? 0) - (baseline.get(sfId) ?? 0);
    // The checkpointed change is never sent again; the batch in flight at the kill is sent again
    // once (what Salesforce already had gets the same values), and nothing more than that.
    expect(small.sfIds.map(sentSince)).toEqual(small.sfIds.map(() => 1));
    const inFlight = new Set(acceptedBeforeKill);
    expect(whale.sfIds.filter((sfId) => sentSince(sfId) !== (inFlight.has(sfId) ? 2 : 1))).toEqual([]);
  }, 240_000);
});
