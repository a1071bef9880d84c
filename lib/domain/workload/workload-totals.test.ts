import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { loadActor } from "@/lib/auth/actor.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { workloadDrift } from "@/test/support/open-totals.ts";
import { makeAccountWithTeam } from "@/lib/domain/opportunities/testing.ts";
import { foldWorkloadTotals, getWorkload } from "./queries.ts";

/**
 * Each person's workload totals (migration 0023) are deltas appended by triggers: after every kind
 * of write, set-based or not, their sums must equal a recount, and the page must read the same
 * figures from them as from the tables.
 */
describe("workload totals", () => {
  it("stay exact through holder changes, ARR and parent edits, account deletes and folds", async () => {
    const [csm, other, sa] = [await makeUser("csm"), await makeUser("csm"), await makeUser("sa")];
    const check = async (after: string) => expect(await workloadDrift(), `after ${after}`).toEqual([]);
    const accounts = [
      await makeAccountWithTeam({ csmId: csm.id, saId: sa.id }),
      await makeAccountWithTeam({ csmId: csm.id }),
      await makeAccountWithTeam({ csmId: other.id }),
    ].map((a) => a.id);
    await db.opportunity.createMany({
      data: accounts.flatMap((accountId, i) => [1, 2].map((n) => ({ accountId, name: `${unique()} ${i}.${n}`, amount: String(1000 * n), csmId: i === 2 ? other.id : csm.id }))),
    });
    await check("accounts and opportunities created");

    await db.account.updateMany({ where: { id: { in: accounts } }, data: { arr: "12345.67" } });
    await check("ARR set in bulk");
    await db.account.update({ where: { id: accounts[1] }, data: { parentId: accounts[0] } });
    await check("a parent set");
    await db.$executeRaw`UPDATE account_role_assignments SET user_id = ${other.id}::uuid WHERE account_id = ANY(${accounts.slice(0, 2)}::uuid[]) AND role_key = 'csm'`;
    await check("two accounts handed to another CSM in one statement");
    await db.$executeRaw`UPDATE account_role_assignments SET user_id = CASE WHEN user_id = ${other.id}::uuid THEN ${csm.id}::uuid ELSE ${other.id}::uuid END
      WHERE account_id = ANY(${accounts}::uuid[]) AND role_key = 'csm'`;
    await check("CSMs swapped between accounts in one statement");
    await db.accountRoleAssignment.deleteMany({ where: { accountId: accounts[0], roleKey: "sa" } });
    await check("an SA removed");
    await db.account.updateMany({ where: { id: { in: accounts } }, data: { version: { increment: 1 } } });
    await check("a version bump that changes no figure");

    await foldWorkloadTotals();
    await check("a fold");
    const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM workload_totals WHERE user_id = ${csm.id}::uuid`;
    expect(Number(n)).toBeLessThanOrEqual(1);

    await db.opportunity.deleteMany({ where: { accountId: accounts[2] } });
    await db.account.delete({ where: { id: accounts[2] } });
    await check("an account deleted with its holders");
  });

  it("reads the same books from the totals as from the tables, parents only too", async () => {
    const csm = await makeUser("csm");
    const sa = await makeUser("sa");
    const parent = await makeAccountWithTeam({ csmId: csm.id, saId: sa.id });
    const child = await makeAccountWithTeam({ csmId: csm.id });
    await db.account.update({ where: { id: child.id }, data: { parentId: parent.id, arr: "500" } });
    await db.account.update({ where: { id: parent.id }, data: { arr: "2000", segment: "Workload totals test" } });
    await db.opportunity.create({ data: { accountId: parent.id, name: unique(), amount: "750", csmId: csm.id, primarySaId: sa.id } });
    const admin = await loadActor((await makeUser("admin")).id);
    const mine = async (role: "csm" | "sa", parentsOnly: boolean, segment?: string) =>
      (await getWorkload(admin!, { role, parentsOnly, segment })).find((item) => item.user.id === (role === "csm" ? csm.id : sa.id));

    expect(await mine("csm", false)).toMatchObject({ accounts: 2, arr: 2500, openOpportunities: 1, openPipeline: 750 });
    expect(await mine("csm", true)).toMatchObject({ accounts: 1, arr: 2000, openOpportunities: 1 });
    expect(await mine("sa", false)).toMatchObject({ accounts: 1, arr: 2000, openOpportunities: 1, openPipeline: 750, supportingOpportunities: 0 });
    // The segment slice is aggregated from the tables: the same figures for the same accounts.
    expect(await mine("csm", false, "Workload totals test")).toMatchObject({ accounts: 1, arr: 2000, openOpportunities: 1, openPipeline: 750 });
  });

  it("counts an SA's activities of the last 90 days from the per-day counts, to the instant", async () => {
    const sa = await makeUser("sa");
    const account = await makeAccountWithTeam({ saId: sa.id });
    const day = 86_400_000;
    const now = Date.now();
    const at = (ms: number) => new Date(now - ms);
    await db.activity.createMany({
      data: [at(1000), at(10 * day), at(89 * day), at(90 * day - 60_000), at(90 * day + 60 * 60_000), at(120 * day)].map((occurredAt) => ({
        userId: sa.id, accountId: account.id, occurredAt, type: "call",
      })),
    });
    const admin = await loadActor((await makeUser("admin")).id);
    const activities = async () => (await getWorkload(admin!, { role: "sa", parentsOnly: false })).find((item) => item.user.id === sa.id)?.activities90d;
    expect(await activities()).toBe(4);
    const [old] = await db.activity.findMany({ where: { userId: sa.id }, orderBy: { occurredAt: "asc" }, take: 1 });
    await db.activity.update({ where: { id: old.id }, data: { occurredAt: at(5 * day) } });
    expect(await activities()).toBe(5);
    await db.activity.deleteMany({ where: { userId: sa.id, occurredAt: { gte: at(2 * day) } } });
    expect(await activities()).toBe(4);
  });
});
