import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { lockAccount } from "@/lib/domain/accounts/lock-account.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { addSupportingSa } from "./add-supporting-sa.ts";
import { createOpportunity } from "./create-opportunity.ts";
import { mergeOpportunity } from "./merge-opportunity.ts";
import { clearCsmOverride, overrideCsm } from "./override-csm.ts";
import { removeSupportingSa } from "./remove-supporting-sa.ts";
import { setPrimarySa } from "./set-primary-sa.ts";
import { auditCount, makeAccountWithTeam, setHolder } from "./testing.ts";
import { updateOpportunity } from "./update-opportunity.ts";

const rejects = (promise: Promise<unknown>, code: string) => expect(promise).rejects.toMatchObject({ code });
const audit = (entityId: string) =>
  db.auditEntry.findMany({ where: { entityType: "opportunity", entityId }, orderBy: { id: "asc" } });

async function setup() {
  const ops = asContext(await makeUser("sales_ops"));
  const csm = await makeUser("csm");
  const sa = await makeUser("sa");
  const account = await makeAccountWithTeam({ csmId: csm.id, saId: sa.id });
  const opportunity = await createOpportunity(ops, { accountId: account.id, name: "Expansion", amount: 1200.5 });
  return { ops, csm, sa, account, opportunity };
}

describe("creating an opportunity", () => {
  it("stamps the account's CSM and copies its SA, audited with the caller's source", async () => {
    const { csm, sa, opportunity } = await setup();
    expect(opportunity).toMatchObject({
      stage: "prospecting", isClosed: false, amount: 1200.5, closedAt: null, csmOverridden: false, version: 1,
      csm: { id: csm.id }, primarySa: { id: sa.id }, supportingSas: [], mergedIntoId: null,
    });
    const entries = await audit(opportunity.id);
    expect(entries.map((entry) => [entry.field, entry.toValue, entry.source])).toEqual([
      ["created", "Expansion", "ui"], ["csm", csm.id, "ui"], ["primary_sa", sa.id, "ui"],
    ]);
  });

  it("locks one created straight into a closed stage, and refuses an unknown account or a taken externalId", async () => {
    const { ops, account } = await setup();
    const closed = await createOpportunity(ops, { accountId: account.id, name: "Backfill", stage: "closed_won" });
    expect(closed.isClosed).toBe(true);
    expect(closed.closedAt).not.toBeNull();
    await rejects(createOpportunity(ops, { accountId: crypto.randomUUID(), name: "X" }), "not_found");
    const externalId = `006${crypto.randomUUID().slice(0, 12)}`;
    await createOpportunity(ops, { accountId: account.id, name: "A", externalId });
    await rejects(createOpportunity(ops, { accountId: account.id, name: "B", externalId }), "conflict");
  });

  it("waits for a reassignment in progress and gets the final CSM", async () => {
    const { ops, account } = await setup();
    const next = await makeUser("csm");
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const reassignment = db.$transaction(async (tx) => {
      await lockAccount(tx, account.id);
      locked();
      await tx.accountRoleAssignment.update({
        where: { accountId_roleKey: { accountId: account.id, roleKey: "csm" } }, data: { userId: next.id },
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await lockTaken;
    const created = await createOpportunity(ops, { accountId: account.id, name: "During" });
    await reassignment;
    expect(created.csm?.id).toBe(next.id);
  });

  it("is for the record keepers only", async () => {
    const { account } = await setup();
    const finance = asContext(await makeUser("finance"));
    await rejects(createOpportunity(finance, { accountId: account.id, name: "X" }), "forbidden");
  });
});

describe("stage changes", () => {
  it("closing sets closedAt and locks; a stale version is a conflict", async () => {
    const { ops, opportunity } = await setup();
    const closed = await updateOpportunity(ops, opportunity.id, { stage: "closed_won", version: 1 });
    expect(closed).toMatchObject({ stage: "closed_won", isClosed: true, version: 2 });
    expect(closed.closedAt).not.toBeNull();
    const entries = await audit(opportunity.id);
    expect(entries.slice(-2).map((entry) => [entry.field, entry.fromValue, entry.toValue])).toEqual([
      ["stage", "prospecting", "closed_won"], ["locked", "false", "true"],
    ]);
    await rejects(updateOpportunity(ops, opportunity.id, { name: "Late", version: 1 }), "conflict");
  });

  it("reopening is for privileged profiles: it unlocks and re-stamps the account's current CSM", async () => {
    const { ops, opportunity, account } = await setup();
    await updateOpportunity(ops, opportunity.id, { stage: "closed_lost" });
    const newCsm = await makeUser("csm_manager");
    await setHolder(account.id, "csm", newCsm.id);
    // A csm_manager may not PATCH at all; the reopen rule itself is the invalid_transition.
    const manager = asContext(await makeUser("csm_manager"));
    await rejects(updateOpportunity(manager, opportunity.id, { stage: "discovery" }), "forbidden");
    const reopened = await updateOpportunity(ops, opportunity.id, { stage: "discovery" });
    expect(reopened).toMatchObject({ stage: "discovery", isClosed: false, closedAt: null, csm: { id: newCsm.id } });
    const fields = (await audit(opportunity.id)).slice(-3).map((entry) => [entry.field, entry.toValue]);
    expect(fields).toEqual([["stage", "discovery"], ["locked", "false"], ["csm", newCsm.id]]);
  });

  it("a won/lost flip keeps the closing moment", async () => {
    const { ops, opportunity } = await setup();
    const won = await updateOpportunity(ops, opportunity.id, { stage: "closed_won" });
    const lost = await updateOpportunity(ops, opportunity.id, { stage: "closed_lost" });
    expect(lost.closedAt).toBe(won.closedAt);
  });

  it("changing nothing writes nothing", async () => {
    const { ops, opportunity } = await setup();
    const before = await auditCount(opportunity.id);
    const same = await updateOpportunity(ops, opportunity.id, { name: "Expansion", amount: 1200.5, stage: "prospecting" });
    expect(same.version).toBe(1);
    expect(await auditCount(opportunity.id)).toBe(before);
  });
});

describe("CSM override", () => {
  it("is kept by the opportunity and cleared back to the account's CSM", async () => {
    const { ops, opportunity, csm } = await setup();
    const other = await makeUser("csm");
    const overridden = await overrideCsm(ops, opportunity.id, other.id);
    expect(overridden).toMatchObject({ csm: { id: other.id }, csmOverridden: true, version: 2 });
    // Reopening an overridden opportunity keeps its override.
    await updateOpportunity(ops, opportunity.id, { stage: "closed_won" });
    const reopened = await updateOpportunity(ops, opportunity.id, { stage: "prospecting" });
    expect(reopened).toMatchObject({ csm: { id: other.id }, csmOverridden: true });
    const cleared = await clearCsmOverride(ops, opportunity.id);
    expect(cleared).toMatchObject({ csm: { id: csm.id }, csmOverridden: false });
  });

  it("is privileged only, checks eligibility, and works on closed opportunities", async () => {
    const { ops, opportunity } = await setup();
    const manager = asContext(await makeUser("csm_manager"));
    await rejects(overrideCsm(manager, opportunity.id, null), "forbidden");
    const leader = asContext(await makeUser("leader"));
    await rejects(clearCsmOverride(leader, opportunity.id), "forbidden");
    await rejects(overrideCsm(ops, opportunity.id, (await makeUser("sa")).id), "ineligible_assignee");
    await updateOpportunity(ops, opportunity.id, { stage: "closed_won" });
    const comp = asContext(await makeUser("sales_comp"));
    expect(await overrideCsm(comp, opportunity.id, null, "No CSM on this deal")).toMatchObject({ csm: null, csmOverridden: true, isClosed: true });
  });
});

describe("SAs and the lock", () => {
  it("the previous primary SA becomes supporting; the new one leaves the supporting list", async () => {
    const { ops, opportunity, sa } = await setup();
    const second = await makeUser("sa");
    await addSupportingSa(ops, opportunity.id, second.id);
    const swapped = await setPrimarySa(ops, opportunity.id, second.id);
    expect(swapped.primarySa?.id).toBe(second.id);
    expect(swapped.supportingSas.map((user) => user.id)).toEqual([sa.id]);
  });

  it("an sa may set themselves while open, and is locked out once closed", async () => {
    const { ops, opportunity, sa } = await setup();
    const me = await makeUser("sa");
    const self = asContext(me);
    await rejects(setPrimarySa(self, opportunity.id, sa.id), "forbidden");
    const mine = await setPrimarySa(self, opportunity.id, me.id);
    expect(mine.primarySa?.id).toBe(me.id);
    await updateOpportunity(ops, opportunity.id, { stage: "closed_won" });
    const before = await auditCount(opportunity.id);
    await rejects(setPrimarySa(self, opportunity.id, null), "locked");
    await rejects(removeSupportingSa(self, opportunity.id, me.id), "locked");
    await rejects(addSupportingSa(asContext(sa), opportunity.id, sa.id), "locked");
    expect(await auditCount(opportunity.id)).toBe(before);
    // Privileged profiles edit closed opportunities.
    const finance = asContext(await makeUser("finance"));
    expect((await setPrimarySa(finance, opportunity.id, sa.id, "Agreed with comp")).primarySa?.id).toBe(sa.id);
  });

  it("leaders and CSMs may not touch SAs at all", async () => {
    const { opportunity, sa } = await setup();
    for (const profile of ["leader", "csm", "csm_manager"] as const) {
      const actor = await makeUser(profile);
      await rejects(setPrimarySa(asContext(actor), opportunity.id, null), "forbidden");
      await rejects(addSupportingSa(asContext(actor), opportunity.id, actor.id), "forbidden");
      await rejects(removeSupportingSa(asContext(actor), opportunity.id, sa.id), "forbidden");
    }
  });

  it("adding a supporting SA is idempotent; the primary cannot also support; only SAs are eligible", async () => {
    const { ops, opportunity, sa } = await setup();
    const second = await makeUser("sa");
    await addSupportingSa(ops, opportunity.id, second.id);
    const again = await addSupportingSa(ops, opportunity.id, second.id);
    expect(again.supportingSas.map((user) => user.id)).toEqual([second.id]);
    expect(again.version).toBe(2);
    await rejects(addSupportingSa(ops, opportunity.id, sa.id), "invalid_transition");
    await rejects(addSupportingSa(ops, opportunity.id, (await makeUser("csm")).id), "ineligible_assignee");
    const removed = await removeSupportingSa(ops, opportunity.id, second.id);
    expect(removed.supportingSas).toEqual([]);
  });
});

describe("merging", () => {
  it("closes the duplicate as lost and points it at the survivor", async () => {
    const { ops, account, opportunity } = await setup();
    const survivor = await createOpportunity(ops, { accountId: account.id, name: "Survivor" });
    const merged = await mergeOpportunity(ops, opportunity.id, survivor.id);
    expect(merged).toMatchObject({ mergedIntoId: survivor.id, stage: "closed_lost", isClosed: true });
    const fields = (await audit(opportunity.id)).slice(-3).map((entry) => entry.field);
    expect(fields).toEqual(["merged_into", "stage", "locked"]);
    await rejects(mergeOpportunity(ops, opportunity.id, survivor.id), "invalid_transition");
    await rejects(updateOpportunity(ops, opportunity.id, { stage: "prospecting" }), "invalid_transition");
  });

  it("refuses itself, a merged target, unknown ids and non record keepers", async () => {
    const { ops, account, opportunity } = await setup();
    const a = await createOpportunity(ops, { accountId: account.id, name: "A" });
    const b = await createOpportunity(ops, { accountId: account.id, name: "B" });
    await rejects(mergeOpportunity(ops, a.id, a.id), "invalid_transition");
    await mergeOpportunity(ops, a.id, b.id);
    await rejects(mergeOpportunity(ops, opportunity.id, a.id), "invalid_transition");
    await rejects(mergeOpportunity(ops, opportunity.id, crypto.randomUUID()), "not_found");
    await rejects(mergeOpportunity(ops, crypto.randomUUID(), b.id), "not_found");
    await rejects(mergeOpportunity(asContext(await makeUser("finance")), opportunity.id, b.id), "forbidden");
  });
});
