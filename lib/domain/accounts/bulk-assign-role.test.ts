import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { assignmentImpact } from "./assignment-impact.ts";
import { bulkAssignRole } from "./bulk-assign-role.ts";
import { csmsOf, makeAccount, makeOpportunities, setHolder } from "./testing.ts";

const codeOf = (promise: Promise<unknown>) => promise.then(() => "ok", (error) => error.code ?? String(error));

async function selection() {
  const manager = await makeUser("csm_manager");
  const [before, after, other] = await Promise.all([makeUser("csm"), makeUser("csm"), makeUser("csm")]);
  const a = await makeAccount();
  const b = await makeAccount();
  const heir = await makeAccount({ parentId: b.id, csmInheritance: "parent" });
  const already = await makeAccount();
  for (const account of [a, b, heir]) await setHolder(account.id, "csm", before.id);
  await setHolder(already.id, "csm", after.id);
  await makeOpportunities(a.id, 2, { csmId: before.id });
  await makeOpportunities(b.id, 1, { csmId: other.id, overridden: true });
  await makeOpportunities(heir.id, 1, { csmId: before.id });
  await makeOpportunities(a.id, 1, { csmId: before.id, closed: true });
  return { manager, before, after, a, b, heir, already, ids: [a.id, b.id, already.id] };
}

describe("assigning a role on many accounts at once", () => {
  it("sets the CSM on every selected account, stamps and cascades in one audit batch, as the impact read said", async () => {
    const { manager, after, a, b, heir, already, ids } = await selection();
    const impact = await assignmentImpact(manager, { accountIds: ids, roleKey: "csm", userId: after.id });
    const { preview, ...counts } = impact;
    expect(counts).toEqual({ accounts: 2, cascadedAccounts: 1, opportunities: 3, overridden: 1 });
    // The receiving rep goes from the one account they hold to four (two chosen, one heir follows).
    expect(preview.receiving).toMatchObject({ id: after.id, before: 1, after: 4 });
    expect(preview.accounts.items.map((item) => item.id).sort()).toEqual([a.id, b.id, heir.id].sort());
    expect(preview.opportunities.total).toBe(3);

    const result = await bulkAssignRole(asContext(manager), { accountIds: ids, roleKey: "csm", userId: after.id });
    expect(result).toMatchObject({ accounts: 2, cascadedAccounts: 1, opportunities: 3, skippedOverridden: 1 });
    const holders = await db.accountRoleAssignment.findMany({ where: { accountId: { in: [a.id, b.id, heir.id, already.id] }, roleKey: "csm" } });
    expect(holders.every((holder) => holder.userId === after.id)).toBe(true);
    const open = [...(await csmsOf(a.id)), ...(await csmsOf(heir.id))].filter((o) => !o.isClosed);
    expect(open.every((o) => o.csmId === after.id)).toBe(true);
    expect((await csmsOf(a.id)).find((o) => o.isClosed)?.csmId).not.toBe(after.id);
    expect((await csmsOf(b.id))[0].csmOverridden).toBe(true);

    const entries = await db.auditEntry.findMany({ where: { batchId: result.batchId } });
    expect(entries.filter((e) => e.entityType === "account").map((e) => e.source).sort()).toEqual(["cascade", "ui", "ui"]);
    expect(entries.filter((e) => e.entityType === "opportunity" && e.field === "csm")).toHaveLength(3);
  });

  it("replaces overridden CSMs too when asked", async () => {
    const { manager, after, b, ids } = await selection();
    const result = await bulkAssignRole(asContext(manager), { accountIds: ids, roleKey: "csm", userId: after.id, includeOverridden: true });
    expect(result).toMatchObject({ opportunities: 4, skippedOverridden: 0 });
    expect(await csmsOf(b.id)).toMatchObject([{ csmId: after.id, csmOverridden: false }]);
  });

  it("lets an SA add only themselves, refuses others and ineligible holders, and changes nothing on refusal", async () => {
    const [sa, otherSa, csm, leader] = await Promise.all([makeUser("sa"), makeUser("sa"), makeUser("csm"), makeUser("leader")]);
    const manager = await makeUser("csm_manager");
    const accounts = [await makeAccount(), await makeAccount()];
    const accountIds = accounts.map((account) => account.id);
    expect(await codeOf(bulkAssignRole(asContext(sa), { accountIds, roleKey: "sa", userId: otherSa.id }))).toBe("forbidden");
    expect(await codeOf(bulkAssignRole(asContext(sa), { accountIds, roleKey: "csm", userId: csm.id }))).toBe("forbidden");
    expect(await codeOf(bulkAssignRole(asContext(leader), { accountIds, roleKey: "sa", userId: sa.id }))).toBe("forbidden");
    expect(await codeOf(bulkAssignRole(asContext(manager), { accountIds, roleKey: "csm", userId: sa.id }))).toBe("ineligible_assignee");
    expect(await codeOf(bulkAssignRole(asContext(manager), { accountIds: [...accountIds, crypto.randomUUID()], roleKey: "sa", userId: sa.id }))).toBe("not_found");
    expect(await db.accountRoleAssignment.count({ where: { accountId: { in: accountIds } } })).toBe(0);

    expect(await codeOf(bulkAssignRole(asContext(sa), { accountIds, roleKey: "sa", userId: sa.id }))).toBe("ok");
    expect(await db.accountRoleAssignment.count({ where: { accountId: { in: accountIds }, roleKey: "sa", userId: sa.id } })).toBe(2);
  });

  it("moves exactly a suggestion's accounts, and refuses when one changed hands since it was made", async () => {
    const { manager, before, after, a, b, already } = await selection();
    await expect(bulkAssignRole(asContext(manager), { accountIds: [a.id, already.id], roleKey: "csm", userId: (await makeUser("csm")).id, fromUserId: before.id }))
      .rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/1 of these accounts has changed hands/) });
    expect((await csmsOf(a.id)).filter((o) => !o.isClosed).every((o) => o.csmId === before.id)).toBe(true);
    const moved = await bulkAssignRole(asContext(manager), { accountIds: [a.id, b.id], roleKey: "csm", userId: after.id, fromUserId: before.id });
    expect(moved.accounts).toBe(2);
  });
});
