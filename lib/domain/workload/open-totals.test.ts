import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { totalsDrift, workloadDrift } from "@/test/support/open-totals.ts";
import { makeAccountWithTeam } from "@/lib/domain/opportunities/testing.ts";

/**
 * The per-account open totals the workload reads are kept by triggers on every write, including
 * the set-based ones (imports, stamps) the property test does not reach: after each statement
 * here they must equal a recount.
 */
describe("open opportunity totals", () => {
  it("stay exact through bulk inserts, updates, closes, merges, supporting SAs and deletes", async () => {
    const [csm, other, sa, helper] = [await makeUser("csm"), await makeUser("csm"), await makeUser("sa"), await makeUser("sa")];
    const accounts = [await makeAccountWithTeam({ csmId: csm.id }), await makeAccountWithTeam({ csmId: other.id })].map((a) => a.id);
    const check = async (after: string) => {
      expect(await totalsDrift(accounts), after).toEqual([]);
      expect(await workloadDrift(), `workload totals after ${after}`).toEqual([]);
    };
    const tag = unique();

    await db.opportunity.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({
        accountId: accounts[i % 2], name: `${tag} ${i}`, amount: String(100 + i), csmId: i % 2 ? other.id : csm.id,
        primarySaId: i % 3 ? sa.id : null, csmOverridden: i % 7 === 0,
      })),
    });
    await check("a bulk insert");
    const ids = (await db.opportunity.findMany({ where: { name: { startsWith: tag } }, select: { id: true }, orderBy: { name: "asc" } })).map((o) => o.id);

    await db.opportunitySupportingSa.createMany({ data: ids.slice(0, 10).map((opportunityId) => ({ opportunityId, userId: helper.id })) });
    await check("supporting SAs added");
    await db.opportunity.updateMany({ where: { id: { in: ids.slice(0, 20) } }, data: { amount: "5" } });
    await check("amounts changed in bulk");
    await db.opportunity.updateMany({ where: { id: { in: ids.slice(5, 15) } }, data: { stage: "closed_won", closedAt: new Date() } });
    await check("closed in bulk");
    await db.opportunity.update({ where: { id: ids[20] }, data: { mergedIntoId: ids[21], stage: "closed_lost", closedAt: new Date() } });
    await check("a merge");
    await db.opportunity.updateMany({ where: { id: { in: ids.slice(22, 30) } }, data: { accountId: accounts[0], csmOverridden: true, csmId: null } });
    await check("moved between accounts and overridden to nobody");
    await db.opportunity.updateMany({ where: { id: { in: ids.slice(30, 40) } }, data: { csmId: csm.id, version: { increment: 1 } } });
    await check("a stamp-like rewrite of the CSM");
    await db.opportunitySupportingSa.deleteMany({ where: { opportunityId: { in: ids.slice(0, 3) } } });
    await check("supporting SAs removed");
    await db.opportunitySupportingSa.deleteMany({ where: { opportunityId: { in: ids.slice(30, 40) } } });
    await db.opportunity.deleteMany({ where: { id: { in: ids.slice(30, 40) } } });
    await check("opportunities deleted");

    const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM open_opportunity_totals WHERE account_id = ANY(${accounts}::uuid[])`;
    expect(Number(rows[0].n)).toBeGreaterThan(0);
  });
});
