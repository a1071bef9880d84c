import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { csmsOf, makeAccount, makeOpportunities, setHolder } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser, unique } from "@/test/factories.ts";
import { transferBook } from "./transfer-book.ts";

async function book() {
  const manager = await makeUser("csm_manager");
  const [from, to, bystander] = await Promise.all([makeUser("csm"), makeUser("csm", { capacity: 2 }), makeUser("csm")]);
  const region = `region-${unique()}`;
  const a = await makeAccount({ region });
  const b = await makeAccount({ region });
  const heir = await makeAccount({ parentId: b.id, csmInheritance: "parent", region: "elsewhere" });
  const outside = await makeAccount({ region: "elsewhere" });
  const notTheirs = await makeAccount({ region });
  for (const account of [a, b, heir, outside]) await setHolder(account.id, "csm", from.id);
  await setHolder(notTheirs.id, "csm", bystander.id);
  await makeOpportunities(a.id, 3, { csmId: from.id });
  await makeOpportunities(b.id, 2, { csmId: from.id });
  await makeOpportunities(b.id, 1, { csmId: bystander.id, overridden: true });
  await makeOpportunities(heir.id, 1, { csmId: from.id });
  await makeOpportunities(outside.id, 1, { csmId: from.id });
  return { manager, from, to, region, a, b, heir, outside, notTheirs };
}

describe("book transfers", () => {
  it("a dry run reports the counts of the real run and changes nothing", async () => {
    const { manager, from, to, region, a, b, heir } = await book();
    const input = { roleKey: "csm", fromUserId: from.id, toUserId: to.id, region, dryRun: true };
    const dry = await transferBook(asContext(manager), input);
    const { preview, ...counts } = dry;
    expect(counts).toEqual({ accounts: 3, cascadedAccounts: 1, opportunities: 6, skippedOverridden: 1, batchId: null });
    // The receiving rep's load before → after against capacity, and what moves, named.
    expect(preview?.receiving).toMatchObject({ id: to.id, before: 0, after: 3, capacity: 2, over: true });
    expect(preview?.accounts.total).toBe(3);
    expect(preview?.accounts.items.map((item) => item.id).sort()).toEqual([a.id, b.id, heir.id].sort());
    expect(preview?.opportunities).toMatchObject({ total: 6 });
    expect(preview?.opportunities.items).toHaveLength(6);
    expect(await db.auditEntry.count({ where: { entityId: { in: [a.id, b.id, heir.id] } } })).toBe(0);
    expect((await csmsOf(a.id)).every((o) => o.csmId === from.id && o.version === 1)).toBe(true);

    const real = await transferBook(asContext(manager), { ...input, dryRun: false });
    expect({ ...real, batchId: null }).toEqual(counts);
    expect(real.batchId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("moves every account of the book within the filter, stamping and cascading, in one audit batch", async () => {
    const { manager, from, to, region, a, b, heir, outside, notTheirs } = await book();
    const result = await transferBook(asContext(manager, "api"), { roleKey: "csm", fromUserId: from.id, toUserId: to.id, region, dryRun: false });

    const holder = async (id: string) =>
      (await db.accountRoleAssignment.findUnique({ where: { accountId_roleKey: { accountId: id, roleKey: "csm" } } }))?.userId;
    expect(await holder(a.id)).toBe(to.id);
    expect(await holder(b.id)).toBe(to.id);
    expect(await holder(heir.id)).toBe(to.id);
    expect(await holder(outside.id)).toBe(from.id);
    expect(await holder(notTheirs.id)).not.toBe(to.id);
    expect((await csmsOf(a.id)).every((o) => o.csmId === to.id)).toBe(true);
    expect((await csmsOf(b.id)).filter((o) => o.csmOverridden).every((o) => o.csmId !== to.id)).toBe(true);
    expect((await csmsOf(outside.id)).every((o) => o.csmId === from.id)).toBe(true);

    const entries = await db.auditEntry.findMany({ where: { batchId: result.batchId } });
    expect(entries.filter((e) => e.entityType === "account")).toHaveLength(3);
    expect(entries.filter((e) => e.entityType === "opportunity")).toHaveLength(6);
    expect(entries.find((e) => e.entityId === heir.id)?.source).toBe("cascade");
    expect(entries.find((e) => e.entityId === a.id)?.source).toBe("api");
  });

  it("refuses an ineligible recipient and non-assigners", async () => {
    const { manager, from, region, a } = await book();
    const sa = await makeUser("sa");
    const csm = await makeUser("csm");
    await expect(transferBook(asContext(manager), { roleKey: "csm", fromUserId: from.id, toUserId: sa.id, region, dryRun: false }))
      .rejects.toMatchObject({ code: "ineligible_assignee" });
    await expect(transferBook(asContext(csm), { roleKey: "csm", fromUserId: from.id, toUserId: csm.id, region, dryRun: true }))
      .rejects.toMatchObject({ code: "forbidden" });
    await expect(transferBook(asContext(manager), { roleKey: "nope", fromUserId: from.id, toUserId: csm.id, dryRun: true }))
      .rejects.toMatchObject({ code: "invalid_request" });
    expect((await csmsOf(a.id)).every((o) => o.csmId === from.id)).toBe(true);
  });

  it("moves other roles without touching opportunities", async () => {
    const manager = await makeUser("csm_manager");
    const [from, to] = await Promise.all([makeUser("sa"), makeUser("sa")]);
    const account = await makeAccount();
    await setHolder(account.id, "sa", from.id);
    await makeOpportunities(account.id, 2);
    const result = await transferBook(asContext(manager), { roleKey: "sa", fromUserId: from.id, toUserId: to.id, dryRun: false });
    expect(result).toMatchObject({ accounts: 1, opportunities: 0 });
    expect((await csmsOf(account.id)).every((o) => o.version === 1)).toBe(true);
  });
});
