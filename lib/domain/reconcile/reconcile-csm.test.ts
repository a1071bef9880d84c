import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { asContext, makeTokenUser, makeUser, unique } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import * as reconcileRoute from "@/app/api/v1/reconcile/route.ts";
import { reconcileCsm, SYSTEM } from "./reconcile-csm.ts";

async function account(csmId: string | null, pendingEmail?: string) {
  const created = await db.account.create({ data: { name: `Reconcile ${unique()}` }, select: { id: true } });
  if (csmId || pendingEmail) {
    await db.accountRoleAssignment.create({
      data: { accountId: created.id, roleKey: "csm", userId: csmId, pendingEmail: csmId ? null : pendingEmail },
    });
  }
  return created.id;
}

async function opportunity(accountId: string, fields: { csmId?: string | null; stage?: "prospecting" | "closed_won"; csmOverridden?: boolean; mergedIntoId?: string } = {}) {
  const closed = fields.stage === "closed_won";
  const created = await db.opportunity.create({
    data: {
      accountId, name: `Opp ${unique()}`, stage: fields.stage ?? "prospecting", closedAt: closed ? new Date() : null,
      csmId: fields.csmId ?? null, csmOverridden: fields.csmOverridden ?? false, mergedIntoId: fields.mergedIntoId ?? null,
    },
    select: { id: true },
  });
  return created.id;
}

const csmOf = async (id: string) => (await db.opportunity.findUniqueOrThrow({ where: { id }, select: { csmId: true } })).csmId;

/** Accounts whose opportunities drifted in every way reconcile knows, and the ones it must leave alone. */
async function driftedBook() {
  const [alice, bob] = [await makeUser("csm"), await makeUser("csm")];
  const owned = await account(alice.id);
  const unowned = await account(null);
  const pending = await account(null, `later-${unique()}@test.roster`);
  const ok = await opportunity(owned, { csmId: alice.id });
  const opps = {
    wrongCsm: await opportunity(owned, { csmId: bob.id }),
    missingCsm: await opportunity(owned, { csmId: null }),
    ok,
    overridden: await opportunity(owned, { csmId: bob.id, csmOverridden: true }),
    closed: await opportunity(owned, { csmId: bob.id, stage: "closed_won" }),
    merged: await opportunity(owned, { csmId: bob.id, mergedIntoId: ok }),
    unownedWithCsm: await opportunity(unowned, { csmId: alice.id }),
    pendingWithCsm: await opportunity(pending, { csmId: bob.id }),
  };
  return { alice, bob, accountIds: [owned, unowned, pending], opps };
}

describe("reconcileCsm", () => {
  it("reports drift on a dry run and changes nothing", async () => {
    const { alice, bob, accountIds, opps } = await driftedBook();
    const result = await reconcileCsm(SYSTEM, { dryRun: true, trigger: "cli", accountIds });
    expect(result).toMatchObject({ dryRun: true, checked: 5, mismatchCount: 4, repaired: 0, batchId: null });
    expect(result.mismatches).toHaveLength(4);
    expect(result.mismatches).toEqual(expect.arrayContaining([
      { opportunityId: opps.wrongCsm, expectedCsmId: alice.id, actualCsmId: bob.id },
      { opportunityId: opps.missingCsm, expectedCsmId: alice.id, actualCsmId: null },
      { opportunityId: opps.unownedWithCsm, expectedCsmId: null, actualCsmId: alice.id },
      { opportunityId: opps.pendingWithCsm, expectedCsmId: null, actualCsmId: bob.id },
    ]));
    expect(await csmOf(opps.wrongCsm)).toBe(bob.id);
    expect(await db.auditEntry.count({ where: { entityId: { in: Object.values(opps) } } })).toBe(0);
    const run = await db.reconcileRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ trigger: "cli", dryRun: true, actorId: null, checked: 5, mismatches: 4, repaired: 0 });
    expect(run.finishedAt).not.toBeNull();
  });

  it("repairs drift, audited with source reconcile in one batch, and leaves overridden, closed and merged alone", async () => {
    const { alice, bob, accountIds, opps } = await driftedBook();
    const { user: admin } = await makeTokenUser("admin");
    const result = await reconcileCsm(asContext(admin, "api"), { dryRun: false, trigger: "api", accountIds });
    expect(result).toMatchObject({ dryRun: false, checked: 5, mismatchCount: 4, repaired: 4 });
    expect(result.batchId).toMatch(/^[0-9a-f-]{36}$/);

    expect(await csmOf(opps.wrongCsm)).toBe(alice.id);
    expect(await csmOf(opps.missingCsm)).toBe(alice.id);
    expect(await csmOf(opps.unownedWithCsm)).toBeNull();
    expect(await csmOf(opps.pendingWithCsm)).toBeNull();
    for (const untouched of [opps.overridden, opps.closed, opps.merged]) expect(await csmOf(untouched)).toBe(bob.id);
    expect(await csmOf(opps.ok)).toBe(alice.id);

    const entries = await db.auditEntry.findMany({ where: { entityId: { in: Object.values(opps) } } });
    expect(entries).toHaveLength(4);
    for (const entry of entries) {
      expect(entry).toMatchObject({ source: "reconcile", entityType: "opportunity", field: "csm", batchId: result.batchId, actorId: admin.id });
    }
    expect(entries.find((entry) => entry.entityId === opps.wrongCsm)).toMatchObject({ fromValue: bob.id, toValue: alice.id });
    expect(entries.find((entry) => entry.entityId === opps.unownedWithCsm)).toMatchObject({ fromValue: alice.id, toValue: null });

    const again = await reconcileCsm(SYSTEM, { dryRun: false, trigger: "schedule", accountIds });
    expect(again).toMatchObject({ checked: 5, mismatchCount: 0, mismatches: [], repaired: 0, batchId: null });
  });

  it("never writes back a CSM that a concurrent reassignment has just replaced", async () => {
    const [alice, bob, carol] = [await makeUser("csm"), await makeUser("csm"), await makeUser("csm")];
    const accountId = await account(alice.id);
    const drifted = await opportunity(accountId, { csmId: carol.id });

    // A reassignment to Bob: takes the account lock, moves the role, stamps, and commits a moment later.
    const reassignment = db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId}::uuid FOR UPDATE`;
      await tx.$executeRaw`UPDATE account_role_assignments SET user_id = ${bob.id}::uuid WHERE account_id = ${accountId}::uuid AND role_key = 'csm'`;
      await tx.$executeRaw`UPDATE opportunities SET csm_id = ${bob.id}::uuid WHERE account_id = ${accountId}::uuid AND NOT is_closed`;
      await tx.$executeRaw`SELECT pg_sleep(0.8)`;
    }, { timeout: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [result] = await Promise.all([reconcileCsm(SYSTEM, { dryRun: false, trigger: "cli", accountIds: [accountId] }), reassignment]);

    // Reconcile saw Carol-vs-Alice drift before the reassignment committed, but repaired nothing stale.
    expect(result.mismatchCount).toBe(1);
    expect(result.repaired).toBe(0);
    expect(await csmOf(drifted)).toBe(bob.id);
  });
});

describe("POST /reconcile", () => {
  it("is for privileged profiles only", async () => {
    for (const profile of ["csm", "csm_manager", "leader", "sa"] as const) {
      const { token } = await makeTokenUser(profile);
      const response = await call(reconcileRoute.POST, { token, method: "POST", body: { dryRun: true } });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe("forbidden");
    }
  });

  it("runs a reconcile and answers the contract's shape; dryRun is required", async () => {
    const { accountIds } = await driftedBook();
    const { token } = await makeTokenUser("sales_ops");
    const response = await call(reconcileRoute.POST, { token, method: "POST", body: { dryRun: true, accountIds } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ checked: 5, mismatchCount: 4, repaired: 0 });
    expect(Object.keys(response.body.mismatches[0]).sort()).toEqual(["actualCsmId", "expectedCsmId", "opportunityId"]);
    const missing = await call(reconcileRoute.POST, { token, method: "POST", body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields).toHaveProperty("dryRun");
  });
});
