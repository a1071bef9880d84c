import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { eligibleUsersForRole } from "./eligible-users.ts";
import { countOpenSaOpportunities, listSaOpportunities } from "./sa-opportunities.ts";
import { insertOpportunity, makeAccountWithTeam } from "./testing.ts";

const at = (day: string) => new Date(`${day}T12:00:00Z`);

async function walk(userId: string, open: boolean) {
  const actor = await makeUser("leader");
  const seen: { id: string; saRole: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await listSaOpportunities(actor, { userId, open, cursor, limit: 2 });
    seen.push(...page.items.map(({ id, saRole }) => ({ id, saRole })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

describe("an SA's opportunities", () => {
  it("lists primary and supporting ones, open by close date (undated last), closed newest first", async () => {
    const sa = await makeUser("sa");
    const other = await makeUser("sa");
    const account = await makeAccountWithTeam();
    const later = await insertOpportunity({ accountId: account.id, closeDate: "2031-01-01", primarySaId: sa.id });
    const undated = await insertOpportunity({ accountId: account.id, primarySaId: sa.id });
    const sooner = await insertOpportunity({ accountId: account.id, closeDate: "2030-01-01", primarySaId: other.id });
    await db.opportunitySupportingSa.create({ data: { opportunityId: sooner.id, userId: sa.id } });
    const sameDay = await insertOpportunity({ accountId: account.id, closeDate: "2030-01-01", primarySaId: sa.id });
    await insertOpportunity({ accountId: account.id, closeDate: "2029-01-01", primarySaId: other.id });
    const oldWin = await insertOpportunity({ accountId: account.id, stage: "closed_won", closedAt: at("2024-01-01"), primarySaId: sa.id });
    const newLoss = await insertOpportunity({ accountId: account.id, stage: "closed_lost", closedAt: at("2024-06-01"), primarySaId: other.id });
    await db.opportunitySupportingSa.create({ data: { opportunityId: newLoss.id, userId: sa.id } });

    const firstOfDay = [sooner.id, sameDay.id].sort();
    expect((await walk(sa.id, true)).map((row) => row.id)).toEqual([...firstOfDay, later.id, undated.id]);
    expect(await walk(sa.id, false)).toEqual([{ id: newLoss.id, saRole: "supporting" }, { id: oldWin.id, saRole: "primary" }]);
    const leader = await makeUser("leader");
    expect(await countOpenSaOpportunities(leader, sa.id)).toBe(4);
  });

  it("offers only active users the role accepts in pickers", async () => {
    const leader = await makeUser("leader");
    // Named to sort first: the shared test database holds thousands of CSMs, and a picker lists 2,000.
    const first = (n: string) => ({ name: `0 Picker ${n} ${unique()}` });
    const csm = await makeUser("csm", first("csm"));
    const manager = await makeUser("csm_manager", first("manager"));
    const inactive = await makeUser("csm", { ...first("inactive"), active: false });
    const sa = await makeUser("sa", first("sa"));
    const ids = new Set((await eligibleUsersForRole(leader, "csm")).map((user) => user.id));
    expect(ids.has(csm.id) && ids.has(manager.id)).toBe(true);
    expect(ids.has(inactive.id) || ids.has(sa.id)).toBe(false);
    expect((await eligibleUsersForRole(leader, "sa")).some((user) => user.id === sa.id)).toBe(true);
  });
});
