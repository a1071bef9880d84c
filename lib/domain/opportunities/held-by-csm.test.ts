import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { getWorkload } from "@/lib/domain/workload/queries.ts";
import { workloadQuery } from "@/lib/domain/workload/schemas.ts";
import { listOpportunities } from "./queries.ts";
import { listOpportunitiesForTable } from "./table-query.ts";
import { listOpportunitiesQuery, opportunityTableQuery } from "./schemas.ts";
import { makeAccountWithTeam } from "./testing.ts";

/**
 * No index holds csm_id: "whose opportunity" is answered through the account for the ones that
 * follow it and through pinned_csm_id for the ones a close or an override pinned. Each kind must
 * be found under exactly one person, the one in csm_id.
 */
describe("opportunities by CSM (following their account, or pinned)", async () => {
  const [x, y] = [await makeUser("csm"), await makeUser("csm")];
  const [a, b] = [await makeAccountWithTeam({ csmId: x.id }), await makeAccountWithTeam({ csmId: y.id })];
  const make = (accountId: string, csmId: string, fields: { overridden?: boolean; closed?: boolean; amount?: string } = {}) =>
    db.opportunity.create({
      data: {
        accountId, name: `Held ${unique()}`, csmId, csmOverridden: fields.overridden ?? false, amount: fields.amount ?? "1",
        ...(fields.closed ? { stage: "closed_won" as const, closedAt: new Date() } : {}),
      },
      select: { id: true },
    }).then((row) => row.id);
  const following = await make(a.id, x.id, { amount: "100" });
  const overriddenToY = await make(a.id, y.id, { overridden: true, amount: "20" });
  const closedWithX = await make(a.id, x.id, { closed: true, amount: "5000" });
  const followingB = await make(b.id, y.id, { amount: "3" });
  // Closed while X was the CSM of b, before y took b over: history stays X's.
  const closedOnBWithX = await make(b.id, x.id, { closed: true, amount: "7000" });
  const leader = await makeUser("leader");

  it("derives pinned_csm_id from csm_id only for closed or overridden ones", async () => {
    const rows = await db.$queryRaw<{ id: string; pinned: string | null }[]>`
      SELECT id::text, pinned_csm_id::text AS pinned FROM opportunities WHERE account_id IN (${a.id}::uuid, ${b.id}::uuid)`;
    const pinned = Object.fromEntries(rows.map((row) => [row.id, row.pinned]));
    expect(pinned).toEqual({ [following]: null, [overriddenToY]: y.id, [closedWithX]: x.id, [followingB]: null, [closedOnBWithX]: x.id });
  });

  it("lists each person's opportunities through the API query and the table", async () => {
    const api = async (csmId: string) =>
      (await listOpportunities(leader, listOpportunitiesQuery.parse({ csmId, limit: "50" }))).items.map((item) => item.id).sort();
    const table = async (csmId: string) =>
      (await listOpportunitiesForTable(leader, opportunityTableQuery.parse({ csmId, limit: "50" }))).items.map((item) => item.id).sort();
    const ofX = [following, closedWithX, closedOnBWithX].sort();
    const ofY = [overriddenToY, followingB].sort();
    expect(await api(x.id)).toEqual(ofX);
    expect(await table(x.id)).toEqual(ofX);
    expect(await api(y.id)).toEqual(ofY);
    expect(await table(y.id)).toEqual(ofY);
  });

  it("counts open ones and their pipeline in the CSM workload", async () => {
    const items = await getWorkload(leader, workloadQuery.parse({ role: "csm" }));
    const of = (id: string) => items.find((item) => item.user.id === id);
    expect(of(x.id)).toMatchObject({ accounts: 1, openOpportunities: 1, openPipeline: 100 });
    expect(of(y.id)).toMatchObject({ accounts: 1, openOpportunities: 2, openPipeline: 23 });
  });
});
