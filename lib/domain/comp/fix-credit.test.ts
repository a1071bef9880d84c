import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { fixCredit } from "./fix-credit.ts";
import { compReview } from "./review-queries.ts";
import { account, activity, opportunity } from "./test-fixtures.ts";

const period = { from: "2008-04-01", to: "2008-04-30" };
const closedAt = "2008-04-10T12:00:00Z";

async function flagsOf(actor: Awaited<ReturnType<typeof makeUser>>, id: string) {
  const review = await compReview(actor, period, { limit: 500 });
  return review.rows.find((row) => row.opportunity.id === id)?.flags;
}

const auditOf = (id: string) => db.auditEntry.findMany({ where: { entityType: "opportunity", entityId: id }, orderBy: { id: "asc" } });

describe("fixing credit on a closed-won opportunity", () => {
  it("gives a missing CSM, pinned as an override, audited with the reason, and the flags follow", async () => {
    const [finance, csm] = [await makeUser("finance"), await makeUser("csm")];
    const id = await opportunity(await account(), { closedAt, amount: "500" });
    expect(await flagsOf(finance, id)).toEqual(["missing_csm", "missing_primary_sa"]);

    const result = await fixCredit(asContext(finance), { opportunityId: id, role: "csm", userId: csm.id, reason: "Owned the renewal" });
    expect(result.changed).toBe(true);
    expect(result.opportunity).toMatchObject({ csm: { id: csm.id }, csmOverridden: true });
    expect(await flagsOf(finance, id)).toEqual(["missing_primary_sa", "csm_overridden"]);
    const audit = await auditOf(id);
    expect(audit.map((entry) => [entry.field, entry.fromValue, entry.toValue, entry.reason, entry.actorId, entry.source])).toEqual([
      ["csm", null, csm.id, "Owned the renewal", finance.id, "ui"],
      ["csm_overridden", "false", "true", "Owned the renewal", finance.id, "ui"],
    ]);
  });

  it("replaces the primary SA, keeps the previous one as supporting, and a supporting SA's work raises the dispute flag", async () => {
    const [comp, before, after] = [await makeUser("sales_comp"), await makeUser("sa"), await makeUser("sa")];
    const accountId = await account();
    const id = await opportunity(accountId, { closedAt, createdAt: "2008-01-01T00:00:00Z", csmId: (await makeUser("csm")).id, primarySaId: before.id, supporting: [after.id] });
    await activity(before.id, accountId, "2008-03-01T00:00:00Z", id);
    expect(await flagsOf(comp, id)).toEqual([]);

    await fixCredit(asContext(comp, "api"), { opportunityId: id, role: "primary_sa", userId: after.id, reason: "Ran the POC" });
    const supporting = await db.opportunitySupportingSa.findMany({ where: { opportunityId: id }, select: { userId: true } });
    expect(supporting.map((row) => row.userId)).toEqual([before.id]);
    expect(await flagsOf(comp, id)).toEqual(["supporting_sa_activity"]);
    const audit = await auditOf(id);
    expect(audit.map((entry) => [entry.field, entry.fromValue, entry.toValue])).toEqual([
      ["primary_sa", before.id, after.id], ["supporting_sa", after.id, null], ["supporting_sa", null, before.id],
    ]);
    expect(new Set(audit.map((entry) => entry.reason))).toEqual(new Set(["Ran the POC"]));
    expect(new Set(audit.map((entry) => entry.source))).toEqual(new Set(["api"]));
  });

  it("may take credit away, and changes nothing (and audits nothing) when the holder is already the one given", async () => {
    const [admin, sa] = [await makeUser("admin"), await makeUser("sa")];
    const id = await opportunity(await account(), { closedAt, primarySaId: sa.id });
    expect((await fixCredit(asContext(admin), { opportunityId: id, role: "primary_sa", userId: sa.id, reason: "No-op" })).changed).toBe(false);
    expect(await auditOf(id)).toEqual([]);
    await fixCredit(asContext(admin), { opportunityId: id, role: "primary_sa", userId: null, reason: "No SA was involved" });
    expect(await flagsOf(admin, id)).toEqual(["missing_csm", "missing_primary_sa"]);
  });

  it("requires a reason of at least 3 characters", async () => {
    const [finance, csm] = [await makeUser("finance"), await makeUser("csm")];
    const id = await opportunity(await account(), { closedAt });
    for (const reason of ["", "  ", "ok", " a "]) {
      await expect(fixCredit(asContext(finance), { opportunityId: id, role: "csm", userId: csm.id, reason }))
        .rejects.toMatchObject({ code: "invalid_request", details: { fields: { reason: expect.any(String) } } });
    }
    expect((await db.opportunity.findUniqueOrThrow({ where: { id } })).csmId).toBeNull();
  });

  it("checks eligibility, the stage and merges, inside the transaction", async () => {
    const finance = await makeUser("finance");
    const accountId = await account();
    const id = await opportunity(accountId, { closedAt });
    const reason = "Fixing credit";
    await expect(fixCredit(asContext(finance), { opportunityId: id, role: "csm", userId: (await makeUser("sa")).id, reason }))
      .rejects.toMatchObject({ code: "ineligible_assignee" });
    await expect(fixCredit(asContext(finance), { opportunityId: id, role: "primary_sa", userId: (await makeUser("sa", { active: false })).id, reason }))
      .rejects.toMatchObject({ code: "ineligible_assignee" });
    const lost = await opportunity(accountId, { stage: "closed_lost", closedAt });
    await expect(fixCredit(asContext(finance), { opportunityId: lost, role: "csm", userId: null, reason }))
      .rejects.toMatchObject({ code: "invalid_transition" });
    const open = await opportunity(accountId, { stage: "negotiation" });
    await expect(fixCredit(asContext(finance), { opportunityId: open, role: "csm", userId: null, reason }))
      .rejects.toMatchObject({ code: "invalid_transition" });
    const merged = await opportunity(accountId, { closedAt, mergedIntoId: id });
    await expect(fixCredit(asContext(finance), { opportunityId: merged, role: "csm", userId: null, reason }))
      .rejects.toMatchObject({ code: "invalid_transition" });
    await expect(fixCredit(asContext(finance), { opportunityId: "00000000-0000-4000-8000-000000000000", role: "csm", userId: null, reason }))
      .rejects.toMatchObject({ code: "not_found" });
    expect(await auditOf(id)).toEqual([]);
  });

  it("is for admin, finance and sales_comp only", async () => {
    const id = await opportunity(await account(), { closedAt });
    for (const profile of ["leader", "sales_ops", "integration", "csm_manager", "csm", "sa"] as const) {
      await expect(fixCredit(asContext(await makeUser(profile)), { opportunityId: id, role: "csm", userId: null, reason: "Because" }))
        .rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await auditOf(id)).toEqual([]);
  });
});
