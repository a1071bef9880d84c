import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { followParentCsmPreview, setFollowsParentCsm } from "./follow-parent-csm.ts";
import { csmsOf, makeAccount, makeOpportunities, setHolder } from "./testing.ts";

const csmOf = async (accountId: string) =>
  (await db.accountRoleAssignment.findFirst({ where: { accountId, roleKey: "csm" } }))?.userId ?? null;

async function family() {
  const parentCsm = await makeUser("csm");
  const ownCsm = await makeUser("csm");
  const parent = await makeAccount();
  await setHolder(parent.id, "csm", parentCsm.id);
  const child = await makeAccount({ parentId: parent.id });
  await setHolder(child.id, "csm", ownCsm.id);
  const grandchild = await makeAccount({ parentId: child.id, csmInheritance: "parent" });
  await setHolder(grandchild.id, "csm", ownCsm.id);
  await makeOpportunities(child.id, 2, { csmId: ownCsm.id });
  await makeOpportunities(child.id, 1, { csmId: ownCsm.id, overridden: true });
  await makeOpportunities(grandchild.id, 1, { csmId: ownCsm.id });
  return { parentCsm, ownCsm, parent, child, grandchild };
}

describe("follows parent's CSM, switched on the account page", () => {
  it("a CSM manager switches it on: the child takes the parent's CSM, its heirs follow, open opportunities are stamped, all audited with the reason", async () => {
    const manager = await makeUser("csm_manager");
    const { parentCsm, ownCsm, parent, child, grandchild } = await family();

    const preview = await followParentCsmPreview(manager, child.id);
    expect(preview).toMatchObject({
      parent: { id: parent.id }, parentCsm: { id: parentCsm.id }, currentCsm: { id: ownCsm.id }, changesCsm: true,
      impact: { accounts: 1, cascadedAccounts: 1, opportunities: 3, overridden: 1 },
    });

    const result = await setFollowsParentCsm(asContext(manager), child.id, { follows: true, reason: "Back under the group's CSM", version: child.version });
    expect(result).toMatchObject({ follows: true, csmChanged: true, opportunities: 3, skippedOverridden: 1, cascaded: 1, version: child.version + 1 });
    expect(await db.account.findUniqueOrThrow({ where: { id: child.id } })).toMatchObject({ csmInheritance: "parent" });
    expect(await csmOf(child.id)).toBe(parentCsm.id);
    expect(await csmOf(grandchild.id)).toBe(parentCsm.id);
    expect((await csmsOf(child.id)).map((o) => o.csmId).sort()).toEqual([ownCsm.id, parentCsm.id, parentCsm.id].sort());

    const audit = await db.auditEntry.findMany({ where: { reason: "Back under the group's CSM", actorId: manager.id } });
    const batches = new Set(audit.map((entry) => entry.batchId));
    expect(batches.size).toBe(1);
    expect(audit.find((entry) => entry.field === "csmInheritance")).toMatchObject({ entityId: child.id, fromValue: "none", toValue: "parent", source: "ui" });
    expect(audit.filter((entry) => entry.source === "stamp")).toHaveLength(3);

    // Later changes of the parent's CSM reach it now.
    await setFollowsParentCsm(asContext(manager), child.id, { follows: true });
    expect(await csmOf(child.id)).toBe(parentCsm.id);
  });

  it("switched off, the account keeps the CSM it has and stops following", async () => {
    const manager = await makeUser("csm_manager");
    const parentCsm = await makeUser("csm");
    const parent = await makeAccount();
    await setHolder(parent.id, "csm", parentCsm.id);
    const child = await makeAccount({ parentId: parent.id, csmInheritance: "parent" });
    await setHolder(child.id, "csm", parentCsm.id);
    const preview = await followParentCsmPreview(manager, child.id);
    expect(preview).toMatchObject({ changesCsm: false, impact: null });
    const result = await setFollowsParentCsm(asContext(manager), child.id, { follows: false });
    expect(result).toMatchObject({ follows: false, csmChanged: false, opportunities: 0 });
    expect(await db.account.findUniqueOrThrow({ where: { id: child.id } })).toMatchObject({ csmInheritance: "none" });
    expect(await csmOf(child.id)).toBe(parentCsm.id);
  });

  it("is for who may assign the CSM there, on a child account, at the version they saw", async () => {
    const { child, parent } = await family();
    for (const profile of ["csm", "sa", "leader", "sales"] as const) {
      const someone = await makeUser(profile);
      await expect(setFollowsParentCsm(asContext(someone), child.id, { follows: true })).rejects.toMatchObject({ code: "forbidden" });
      await expect(followParentCsmPreview(someone, child.id)).rejects.toMatchObject({ code: "forbidden" });
    }
    const ops = await makeUser("sales_ops");
    await expect(setFollowsParentCsm(asContext(ops), parent.id, { follows: true })).rejects.toMatchObject({ code: "invalid_request" });
    await expect(setFollowsParentCsm(asContext(ops), child.id, { follows: true, version: child.version + 5 })).rejects.toMatchObject({ code: "conflict" });
    expect(await db.account.findUniqueOrThrow({ where: { id: child.id } })).toMatchObject({ csmInheritance: "none" });
  });
});
