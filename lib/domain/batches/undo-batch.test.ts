import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { bulkAssignRole } from "@/lib/domain/accounts/bulk-assign-role.ts";
import { csmsOf, makeAccount, makeOpportunities, setHolder } from "@/lib/domain/accounts/testing.ts";
import { transferBook } from "@/lib/domain/transfers/transfer-book.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { undoBatch } from "./undo-batch.ts";

const holder = async (accountId: string, roleKey = "csm") =>
  (await db.accountRoleAssignment.findUnique({ where: { accountId_roleKey: { accountId, roleKey } } }))?.userId ?? null;

async function transferredBook() {
  const manager = await makeUser("csm_manager");
  const [from, to, pinned] = await Promise.all([makeUser("csm"), makeUser("csm"), makeUser("csm")]);
  const a = await makeAccount();
  const heir = await makeAccount({ parentId: a.id, csmInheritance: "parent" });
  for (const account of [a, heir]) await setHolder(account.id, "csm", from.id);
  await makeOpportunities(a.id, 3, { csmId: from.id });
  await makeOpportunities(a.id, 1, { csmId: pinned.id, overridden: true });
  await makeOpportunities(heir.id, 2, { csmId: from.id });
  const transfer = await transferBook(asContext(manager), {
    roleKey: "csm", fromUserId: from.id, toUserId: to.id, includeOverridden: true, reason: "Rebalancing Q3", dryRun: false,
  });
  return { manager, from, to, pinned, a, heir, batchId: transfer.batchId! };
}

describe("undoing a batch", () => {
  it("puts a CSM transfer back: holders, inheriting accounts, stamped opportunities and the override it cleared, in a new audited batch", async () => {
    const { manager, from, pinned, a, heir, batchId } = await transferredBook();
    const result = await undoBatch(asContext(manager), batchId, { reason: "Wrong rep" });

    expect(result).toMatchObject({ undoneBatchId: batchId, accounts: 2, cascadedAccounts: 0, opportunities: 6 });
    expect(await holder(a.id)).toBe(from.id);
    expect(await holder(heir.id)).toBe(from.id);
    const opportunities = [...(await csmsOf(a.id)), ...(await csmsOf(heir.id))];
    expect(opportunities.filter((o) => !o.csmOverridden).map((o) => o.csmId)).toEqual(Array(5).fill(from.id));
    expect(opportunities.filter((o) => o.csmOverridden).map((o) => o.csmId)).toEqual([pinned.id]);

    const entries = await db.auditEntry.findMany({ where: { batchId: result.batchId } });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.reason === "Wrong rep" && entry.actorId === manager.id)).toBe(true);
    expect(await db.batchUndo.findUnique({ where: { batchId } })).toMatchObject({ undoBatchId: result.batchId, undoneBy: manager.id });
  });

  it("is done once: a second undo, or an undo of the undo, is refused", async () => {
    const { manager, batchId } = await transferredBook();
    const undo = await undoBatch(asContext(manager), batchId, {});
    await expect(undoBatch(asContext(manager), batchId, {})).rejects.toMatchObject({ code: "conflict", message: "This change has already been undone." });
    await expect(undoBatch(asContext(manager), undo.batchId, {})).rejects.toMatchObject({ code: "invalid_transition" });
  });

  it("is refused, changing nothing, when a later change touched one of its accounts", async () => {
    const { manager, to, a, heir, batchId } = await transferredBook();
    const other = await makeUser("csm", { name: "Later Rep" });
    await assignAccountRole(asContext(manager), heir.id, "csm", { userId: other.id });

    const refusal = undoBatch(asContext(manager), batchId, {});
    await expect(refusal).rejects.toMatchObject({ code: "conflict" });
    await expect(refusal).rejects.toThrow(/changed again since/);
    expect(await holder(a.id)).toBe(to.id);
    expect(await holder(heir.id)).toBe(other.id);
    expect(await db.batchUndo.findUnique({ where: { batchId } })).toBeNull();
  });

  it("clears what a bulk assign filled and restores what it replaced", async () => {
    const manager = await makeUser("csm_manager");
    const [before, after] = await Promise.all([makeUser("sa"), makeUser("sa")]);
    const [empty, held] = await Promise.all([makeAccount(), makeAccount()]);
    await setHolder(held.id, "sa", before.id);
    const bulk = await bulkAssignRole(asContext(manager), { accountIds: [empty.id, held.id], roleKey: "sa", userId: after.id, reason: "New pod" });
    expect((await db.auditEntry.findMany({ where: { batchId: bulk.batchId } })).map((entry) => entry.reason)).toEqual(["New pod", "New pod"]);

    const result = await undoBatch(asContext(manager, "api"), bulk.batchId, {});
    expect(result.accounts).toBe(2);
    expect(await holder(empty.id, "sa")).toBeNull();
    expect(await holder(held.id, "sa")).toBe(before.id);
  });

  it("undoes a single reassignment, and the inheriting child follows the restored CSM", async () => {
    const manager = await makeUser("csm_manager");
    const [before, after] = await Promise.all([makeUser("csm"), makeUser("csm")]);
    const parent = await makeAccount();
    const child = await makeAccount({ parentId: parent.id, csmInheritance: "parent" });
    for (const account of [parent, child]) await setHolder(account.id, "csm", before.id);
    await makeOpportunities(child.id, 2, { csmId: before.id });
    await assignAccountRole(asContext(manager), parent.id, "csm", { userId: after.id });
    const [entry] = await db.auditEntry.findMany({ where: { entityId: parent.id, field: "team.csm" } });

    const result = await undoBatch(asContext(manager), entry.batchId!, {});
    expect(result).toMatchObject({ accounts: 1, cascadedAccounts: 1, opportunities: 2 });
    expect(await holder(child.id)).toBe(before.id);
    expect((await csmsOf(child.id)).map((o) => o.csmId)).toEqual([before.id, before.id]);
  });

  it("refuses to give accounts back to someone who has left", async () => {
    const { manager, from, a, batchId } = await transferredBook();
    await db.user.update({ where: { id: from.id }, data: { active: false } });
    await expect(undoBatch(asContext(manager), batchId, {})).rejects.toMatchObject({ code: "ineligible_assignee" });
    expect(await db.batchUndo.findUnique({ where: { batchId } })).toBeNull();
    expect(await holder(a.id)).not.toBe(from.id);
  });

  it("refuses batches older than 24 hours, batches that edited more than assignments, and non-assigners", async () => {
    const admin = await makeUser("admin");
    const account = await makeAccount();
    const old = randomUUID();
    const details = randomUUID();
    await db.$executeRaw`
      INSERT INTO audit_entries (at, actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id) VALUES
        (now() - interval '25 hours', ${admin.id}::uuid, 'ui', 'account', ${account.id}, 'team.csm', NULL, ${admin.id}, ${old}::uuid),
        (now(), ${admin.id}::uuid, 'import', 'account', ${account.id}, 'name', 'Old', 'New', ${details}::uuid)`;
    await expect(undoBatch(asContext(admin), old, {})).rejects.toMatchObject({ code: "invalid_transition", message: expect.stringMatching(/24 hours/) });
    await expect(undoBatch(asContext(admin), details, {})).rejects.toMatchObject({ code: "invalid_transition", message: expect.stringMatching(/Only assignments/) });
    await expect(undoBatch(asContext(admin), randomUUID(), {})).rejects.toMatchObject({ code: "not_found" });
    await expect(undoBatch(asContext(await makeUser("csm")), old, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});
