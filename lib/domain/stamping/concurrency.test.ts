import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { lockAccount } from "@/lib/domain/accounts/lock-account.ts";
import { makeAccount, makeOpportunities } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { STAMPING_TX } from "./transaction.ts";

// A connection per transaction, as 40 concurrent server requests across app instances would have:
// what is under test is that they serialize on the account lock without deadlocking, not how long
// they queue for the test process's small pool. (The client is created lazily, after this line.)
process.env.DATABASE_POOL_SIZE = "45";

/** Open, non-overridden opportunities of the account whose CSM is not the account's CSM. */
async function drift(accountId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM opportunities o
    LEFT JOIN account_role_assignments h ON h.account_id = o.account_id AND h.role_key = 'csm'
    WHERE o.account_id = ${accountId}::uuid AND NOT o.is_closed AND NOT o.csm_overridden AND o.csm_id IS DISTINCT FROM h.user_id`;
  return row.n;
}

// What opportunity creation and closing do: take the account lock, then write.
const insertOpportunity = (accountId: string) =>
  db.$transaction(async (tx) => {
    await lockAccount(tx, accountId);
    await tx.$executeRaw`
      INSERT INTO opportunities (account_id, name, csm_id)
      SELECT ${accountId}::uuid, 'Late', (SELECT user_id FROM account_role_assignments WHERE account_id = ${accountId}::uuid AND role_key = 'csm')`;
  }, STAMPING_TX);

const closeOpportunity = (accountId: string) =>
  db.$transaction(async (tx) => {
    await lockAccount(tx, accountId);
    await tx.$executeRaw`
      UPDATE opportunities SET stage = 'closed_won', closed_at = now(), version = version + 1
      WHERE id = (SELECT id FROM opportunities WHERE account_id = ${accountId}::uuid AND NOT is_closed ORDER BY random() LIMIT 1)`;
  }, STAMPING_TX);

describe("concurrent reassignments", () => {
  it("20 simultaneous CSM changes on an account with 5,000 open opportunities, amid inserts and closes, end consistent", async () => {
    const manager = await makeUser("csm_manager");
    const csms = await Promise.all(Array.from({ length: 20 }, () => makeUser("csm")));
    const account = await makeAccount();
    await makeOpportunities(account.id, 5_000);

    const work: Promise<unknown>[] = [];
    csms.forEach((csm, i) => {
      work.push(assignAccountRole(asContext(manager), account.id, "csm", { userId: csm.id }));
      if (i % 2 === 0) work.push(insertOpportunity(account.id));
      else work.push(closeOpportunity(account.id));
    });
    const outcomes = await Promise.allSettled(work);
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([]);

    expect(await drift(account.id)).toBe(0);
    const holder = await db.accountRoleAssignment.findUniqueOrThrow({ where: { accountId_roleKey: { accountId: account.id, roleKey: "csm" } } });
    const last = await db.auditEntry.findFirstOrThrow({ where: { entityId: account.id, field: "team.csm" }, orderBy: { id: "desc" } });
    expect(last.toValue).toBe(holder.userId);
    const open = await db.opportunity.count({ where: { accountId: account.id, isClosed: false } });
    expect(open).toBe(5_000);
    expect(await db.auditEntry.count({ where: { entityId: account.id, field: "team.csm" } })).toBe(20);
  }, 120_000);

  it("parent and child reassignments racing each other never deadlock and leave every account consistent", async () => {
    const manager = await makeUser("csm_manager");
    const csms = await Promise.all(Array.from({ length: 6 }, () => makeUser("csm")));
    const parent = await makeAccount();
    const child = await makeAccount({ parentId: parent.id, csmInheritance: "parent" });
    const grandchild = await makeAccount({ parentId: child.id, csmInheritance: "parent" });
    for (const account of [parent, child, grandchild]) await makeOpportunities(account.id, 300);

    const work = Array.from({ length: 18 }, (_, i) => {
      const target = [parent, child, grandchild][i % 3];
      return assignAccountRole(asContext(manager), target.id, "csm", { userId: csms[i % csms.length].id });
    });
    const outcomes = await Promise.allSettled(work);
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([]);
    for (const account of [parent, child, grandchild]) expect(await drift(account.id)).toBe(0);
  }, 120_000);
});
