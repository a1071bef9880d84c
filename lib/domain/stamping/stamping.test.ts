import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { csmsOf, makeAccount, makeOpportunities, setHolder } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";

describe("stamping a new CSM on an account's open opportunities", () => {
  it("stamps open, non-overridden opportunities; leaves closed and overridden ones; audits one batch", async () => {
    const manager = await makeUser("csm_manager");
    const [oldCsm, newCsm, overrider] = await Promise.all([makeUser("csm"), makeUser("csm"), makeUser("csm")]);
    const account = await makeAccount();
    await setHolder(account.id, "csm", oldCsm.id);
    await makeOpportunities(account.id, 3, { csmId: oldCsm.id });
    await makeOpportunities(account.id, 2, { csmId: oldCsm.id, closed: true });
    await makeOpportunities(account.id, 1, { csmId: overrider.id, overridden: true });

    const result = await assignAccountRole(asContext(manager), account.id, "csm", { userId: newCsm.id });

    expect(result.stamped).toEqual({ opportunities: 3, skippedOverridden: 1 });
    expect(result.cascaded).toEqual({ accounts: 0 });
    expect(result.account.team.csm?.id).toBe(newCsm.id);
    const opps = await csmsOf(account.id);
    expect(opps.filter((o) => !o.isClosed && !o.csmOverridden).every((o) => o.csmId === newCsm.id && o.version === 2)).toBe(true);
    expect(opps.filter((o) => o.isClosed).every((o) => o.csmId === oldCsm.id && o.version === 1)).toBe(true);
    expect(opps.find((o) => o.csmOverridden)?.csmId).toBe(overrider.id);

    const accountEntry = await db.auditEntry.findFirstOrThrow({ where: { entityId: account.id, field: "team.csm" }, orderBy: { id: "desc" } });
    expect(accountEntry).toMatchObject({ source: "ui", fromValue: oldCsm.id, toValue: newCsm.id, actorId: manager.id });
    const stampEntries = await db.auditEntry.findMany({ where: { batchId: accountEntry.batchId, entityType: "opportunity" } });
    expect(stampEntries).toHaveLength(3);
    expect(stampEntries.every((e) => e.source === "stamp" && e.field === "csm" && e.fromValue === oldCsm.id && e.toValue === newCsm.id)).toBe(true);
  });

  it("with includeOverridden stamps overridden ones too and clears their override, audited", async () => {
    const admin = await makeUser("admin");
    const [newCsm, overrider] = await Promise.all([makeUser("csm"), makeUser("csm")]);
    const account = await makeAccount();
    await makeOpportunities(account.id, 2, { csmId: null });
    await makeOpportunities(account.id, 2, { csmId: overrider.id, overridden: true });
    await makeOpportunities(account.id, 1, { csmId: overrider.id, overridden: true, closed: true });

    const result = await assignAccountRole(asContext(admin), account.id, "csm", { userId: newCsm.id, includeOverridden: true });

    expect(result.stamped).toEqual({ opportunities: 4, skippedOverridden: 0 });
    const opps = await csmsOf(account.id);
    expect(opps.filter((o) => !o.isClosed).every((o) => o.csmId === newCsm.id && !o.csmOverridden)).toBe(true);
    const closed = opps.find((o) => o.isClosed);
    expect(closed).toMatchObject({ csmId: overrider.id, csmOverridden: true });
    const cleared = await db.auditEntry.findMany({ where: { entityId: { in: opps.map((o) => o.id) }, field: "csm_overridden" } });
    expect(cleared).toHaveLength(2);
    expect(cleared.every((e) => e.fromValue === "true" && e.toValue === "false" && e.source === "stamp")).toBe(true);
    expect(new Set(cleared.map((e) => e.batchId)).size).toBe(1);
  });

  it("clearing the CSM un-stamps open opportunities", async () => {
    const admin = await makeUser("admin");
    const csm = await makeUser("csm");
    const account = await makeAccount();
    await setHolder(account.id, "csm", csm.id);
    await makeOpportunities(account.id, 2, { csmId: csm.id });
    const result = await assignAccountRole(asContext(admin), account.id, "csm", { userId: null });
    expect(result.account.team.csm).toBeNull();
    expect(result.stamped.opportunities).toBe(2);
    expect((await csmsOf(account.id)).every((o) => o.csmId === null)).toBe(true);
  });

  it("an SA assignment touches no existing opportunity", async () => {
    const admin = await makeUser("admin");
    const sa = await makeUser("sa");
    const account = await makeAccount();
    await makeOpportunities(account.id, 2);
    const result = await assignAccountRole(asContext(admin), account.id, "sa", { userId: sa.id });
    expect(result.account.team.sa?.id).toBe(sa.id);
    expect(result.stamped).toEqual({ opportunities: 0, skippedOverridden: 0 });
    expect((await csmsOf(account.id)).every((o) => o.version === 1)).toBe(true);
  });
});

describe("cascade to inheriting child accounts", () => {
  it("flows down through children and grandchildren that inherit, stamping theirs, and stops where inheritance stops", async () => {
    const admin = await makeUser("admin");
    const [csm, other] = await Promise.all([makeUser("csm"), makeUser("csm")]);
    const parent = await makeAccount();
    const child = await makeAccount({ parentId: parent.id, csmInheritance: "parent" });
    const grandchild = await makeAccount({ parentId: child.id, csmInheritance: "parent" });
    const independent = await makeAccount({ parentId: parent.id, csmInheritance: "none" });
    const underIndependent = await makeAccount({ parentId: independent.id, csmInheritance: "parent" });
    await setHolder(independent.id, "csm", other.id);
    await makeOpportunities(parent.id, 1);
    await makeOpportunities(child.id, 2);
    await makeOpportunities(grandchild.id, 3);
    await makeOpportunities(independent.id, 1, { csmId: other.id });

    const result = await assignAccountRole(asContext(admin), parent.id, "csm", { userId: csm.id });

    expect(result.cascaded).toEqual({ accounts: 2 });
    expect(result.stamped.opportunities).toBe(6);
    for (const id of [child.id, grandchild.id]) {
      expect((await db.accountRoleAssignment.findUnique({ where: { accountId_roleKey: { accountId: id, roleKey: "csm" } } }))?.userId).toBe(csm.id);
      expect((await csmsOf(id)).every((o) => o.csmId === csm.id)).toBe(true);
    }
    expect((await csmsOf(independent.id)).every((o) => o.csmId === other.id)).toBe(true);
    expect(await db.accountRoleAssignment.findFirst({ where: { accountId: underIndependent.id } })).toBeNull();

    const entries = await db.auditEntry.findMany({ where: { entityId: grandchild.id, field: "team.csm" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ source: "cascade", toValue: csm.id });
    const parentEntry = await db.auditEntry.findFirstOrThrow({ where: { entityId: parent.id, field: "team.csm" } });
    expect(entries[0].batchId).toBe(parentEntry.batchId);
  });
});
