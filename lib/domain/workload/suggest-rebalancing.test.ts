import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import type { Profile } from "@/lib/db/generated/enums.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { suggestRebalancing } from "./suggest-rebalancing.ts";

async function rep(profile: Profile, managerId: string, capacity: number, active = true) {
  const user = await makeUser(profile, { capacity, active });
  await db.user.update({ where: { id: user.id }, data: { managerId } });
  return user;
}

/** Accounts held as CSM by `userId`, one per ARR, in the slice. */
async function book(userId: string, slice: { segment: string; region: string }, arrs: number[], fields: { parentId?: string; inherits?: boolean } = {}) {
  const ids: string[] = [];
  for (const arr of arrs) {
    const { id } = await db.account.create({
      data: {
        name: `Book ${unique()}`, arr: String(arr), ...slice, parentId: fields.parentId,
        csmInheritance: fields.inherits ? "parent" : "none",
      },
      select: { id: true },
    });
    await db.accountRoleAssignment.create({ data: { accountId: id, roleKey: "csm", userId } });
    ids.push(id);
  }
  return ids;
}

describe("rebalancing suggestions", () => {
  it("moves an over-capacity rep's smallest accounts to eligible reps with room in the same slice, own manager first", async () => {
    const leader = await makeUser("leader");
    const manager = await makeUser("csm_manager");
    const otherManager = await makeUser("csm_manager");
    const slice = { segment: `seg-${unique()}`, region: "emea" };
    const elsewhere = { segment: `seg-${unique()}`, region: "emea" };

    const over = await rep("csm", manager.id, 2);
    const [smallest, second] = await book(over.id, slice, [10, 20, 30, 40]);
    const teammate = await rep("csm", manager.id, 2);
    await book(teammate.id, slice, [500]);
    const stranger = await rep("csm_manager", otherManager.id, 10);
    await book(stranger.id, slice, [600]);
    // Not eligible, however much room they have: an SA, an inactive CSM, a CSM in another segment.
    const sa = await rep("sa", manager.id, 50);
    await book(sa.id, slice, [1]);
    const gone = await rep("csm", manager.id, 50, false);
    await book(gone.id, slice, [1]);
    const otherSlice = await rep("csm", manager.id, 50);
    await book(otherSlice.id, elsewhere, [1]);

    const result = await suggestRebalancing(leader, { role: "csm", managerId: manager.id });
    expect(result.overCapacity).toBe(1);
    expect(result.unresolved).toEqual([]);
    expect(result.suggestions).toHaveLength(2);
    const [first, then] = result.suggestions;
    expect(first).toMatchObject({
      from: { id: over.id, load: 4, capacity: 2 }, to: { id: teammate.id, sameManager: true },
      segment: slice.segment, region: "emea", wholeSlice: false,
      accounts: [{ id: smallest, arr: 10, openPipeline: 0, moves: 1 }],
    });
    expect(then).toMatchObject({ to: { id: stranger.id, sameManager: false }, accounts: [{ id: second, arr: 20 }] });
  });

  it("orders by least open pipeline when asked, moves inheriting children with their parent, and says when nobody has room", async () => {
    const leader = await makeUser("leader");
    const manager = await makeUser("csm_manager");
    const slice = { segment: `seg-${unique()}`, region: "amer" };
    const over = await rep("csm", manager.id, 3);
    const [parent, busy, quiet] = await book(over.id, slice, [1, 2, 3]);
    await book(over.id, slice, [4], { parentId: parent, inherits: true });
    await db.opportunity.createMany({
      data: [
        { accountId: parent, name: `Opp ${unique()}`, amount: "900", csmId: over.id },
        { accountId: busy, name: `Opp ${unique()}`, amount: "500", csmId: over.id },
        // Closed and merged opportunities are not open pipeline.
        { accountId: quiet, name: `Opp ${unique()}`, amount: "800", csmId: over.id, stage: "closed_won", closedAt: new Date() },
      ],
    });
    const taker = await rep("csm", manager.id, 5);
    await book(taker.id, slice, [100]);

    const byPipeline = await suggestRebalancing(leader, { role: "csm", managerId: manager.id, by: "pipeline" });
    expect(byPipeline.suggestions).toHaveLength(1);
    expect(byPipeline.suggestions[0].accounts).toEqual([{ id: quiet, name: expect.any(String), arr: 3, openPipeline: 0, moves: 1 }]);

    // By ARR the parent is smallest; its inheriting child moves with it, which is one too many for an excess of 1.
    const byArr = await suggestRebalancing(leader, { role: "csm", managerId: manager.id });
    expect(byArr.suggestions[0].accounts.map((a) => a.id)).toEqual([busy]);
    const parentsOnly = await suggestRebalancing(leader, { role: "csm", managerId: manager.id, parentsOnly: true });
    expect(parentsOnly.suggestions).toEqual([]);

    const full = await rep("csm", manager.id, 1);
    await book(full.id, { segment: `seg-${unique()}`, region: "apac" }, [1, 2, 3]);
    const stuck = await suggestRebalancing(leader, { role: "csm", managerId: manager.id, reps: 5 });
    expect(stuck.overCapacity).toBe(2);
    expect(stuck.unresolved).toEqual([expect.objectContaining({ id: full.id, excess: 2 })]);
  });
});
