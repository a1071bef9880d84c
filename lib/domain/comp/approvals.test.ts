import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { asContext, makeTokenUser, makeUser } from "@/test/factories.ts";
import { call } from "@/test/http.ts";
import { overrideCsm } from "@/lib/domain/opportunities/override-csm.ts";
import * as approvals from "@/app/api/v1/comp/approvals/route.ts";
import * as approval from "@/app/api/v1/comp/approvals/[id]/route.ts";
import * as diff from "@/app/api/v1/comp/approvals/[id]/diff/route.ts";
import { account, opportunity } from "./test-fixtures.ts";

const period = { from: "2012-05-01", to: "2012-05-31" };

describe("comp approvals", () => {
  it("freezes a period, stays frozen after later changes, and the diff shows what changed since", async () => {
    const [alice, bob, sa] = [await makeUser("csm"), await makeUser("csm"), await makeUser("sa")];
    const accountId = await account();
    const reassigned = await opportunity(accountId, { closedAt: "2012-05-03T00:00:00Z", amount: "100.10", csmId: alice.id });
    const repriced = await opportunity(accountId, { closedAt: "2012-05-04T00:00:00Z", amount: "200.20", csmId: alice.id, primarySaId: sa.id });
    const lost = await opportunity(accountId, { closedAt: "2012-05-05T00:00:00Z", amount: "0.05", csmId: alice.id });
    const steady = await opportunity(accountId, { closedAt: "2012-05-06T00:00:00Z", amount: "1", csmId: alice.id });
    const { user: approver, token } = await makeTokenUser("finance");

    const approved = await call(approvals.POST, { token, method: "POST", body: period });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ ...period, rows: 4, total: 301.35, approvedBy: { id: approver.id, email: approver.email } });
    expect(new Date(approved.body.approvedAt).toISOString()).toBe(approved.body.approvedAt);
    const audit = await db.auditEntry.findFirst({ where: { entityType: "comp_period", entityId: "2012-05-01..2012-05-31", toValue: approved.body.id } });
    expect(audit).toMatchObject({ field: "approved", actorId: approver.id, source: "api" });

    // Later changes: a new CSM, a new amount, a deal lost after all, and a new deal closed in May.
    const fixer = await makeUser("sales_comp", { name: "Fiona Fixer" });
    await overrideCsm(asContext(fixer), reassigned, bob.id, "Bob ran the renewal");
    await db.opportunity.update({ where: { id: repriced }, data: { amount: "250" } });
    await db.opportunity.update({ where: { id: lost }, data: { stage: "closed_lost" } });
    const late = await opportunity(accountId, { closedAt: "2012-05-30T00:00:00Z", amount: "5", csmId: alice.id });

    const frozen = await call(approval.GET, { token, params: { id: approved.body.id } });
    expect(frozen.status).toBe(200);
    expect(frozen.body.approval).toEqual(approved.body);
    const byId = new Map(frozen.body.items.map((item: { opportunity: { id: string } }) => [item.opportunity.id, item]));
    expect(frozen.body.items).toHaveLength(4);
    expect(byId.get(reassigned)).toMatchObject({ csm: { id: alice.id }, amount: 100.1, flags: ["missing_primary_sa"] });
    expect(byId.get(repriced)).toMatchObject({ amount: 200.2, primarySa: { id: sa.id } });
    expect(byId.has(late)).toBe(false);

    const changed = await call(diff.GET, { token, params: { id: approved.body.id } });
    expect(changed.status).toBe(200);
    const changes = new Map(changed.body.items.map((item: { opportunityId: string; changes: unknown }) => [item.opportunityId, item.changes]));
    expect(changes.size).toBe(4);
    expect(changes.get(reassigned)).toEqual({
      csm: { from: expect.objectContaining({ id: alice.id }), to: expect.objectContaining({ id: bob.id }) },
      flags: { from: ["missing_primary_sa"], to: ["missing_primary_sa", "csm_overridden"] },
    });
    expect(changes.get(repriced)).toEqual({ amount: { from: 200.2, to: 250 } });
    expect(changes.get(lost)).toEqual({ excluded: true });
    expect(changes.get(late)).toEqual({ added: true });
    expect(changes.has(steady)).toBe(false);
    // Who changed the credit, and why, beside what changed.
    const edits = changed.body.items.find((item: { opportunityId: string }) => item.opportunityId === reassigned).edits;
    expect(edits).toEqual([{ at: expect.any(String), by: "Fiona Fixer", field: "csm", reason: "Bob ran the renewal" }]);

    // Approving again is a new approval of the period as it is now.
    const again = await call(approvals.POST, { token, method: "POST", body: period });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(approved.body.id);
    expect(again.body).toMatchObject({ rows: 4, total: 356.1 });
    const listed = await call(approvals.GET, { token, path: "/comp/approvals?from=2012-05-01&to=2012-05-31" });
    expect(listed.body.items.slice(0, 2).map((item: { id: string }) => item.id)).toEqual([again.body.id, approved.body.id]);
    expect((await call(diff.GET, { token, params: { id: again.body.id } })).body.items).toEqual([]);
  });

  it("keeps frozen rows out of reach of UPDATE and DELETE", async () => {
    const { token } = await makeTokenUser("sales_comp");
    const approved = await call(approvals.POST, { token, method: "POST", body: { from: "2012-06-01", to: "2012-06-30" } });
    expect(approved.status).toBe(201);
    await expect(db.$executeRaw`UPDATE comp_approvals SET total = 0 WHERE id = ${approved.body.id}::uuid`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM comp_approvals WHERE id = ${approved.body.id}::uuid`).rejects.toThrow(/append-only/);
  });

  it("lets leaders read approvals but not approve; others may do neither", async () => {
    const { token: finance } = await makeTokenUser("finance");
    const approved = await call(approvals.POST, { token: finance, method: "POST", body: { from: "2012-07-01", to: "2012-07-31" } });
    const { token: leader } = await makeTokenUser("leader");
    expect((await call(approvals.POST, { token: leader, method: "POST", body: period })).status).toBe(403);
    expect((await call(approval.GET, { token: leader, params: { id: approved.body.id } })).status).toBe(200);
    expect((await call(diff.GET, { token: leader, params: { id: approved.body.id } })).status).toBe(200);
    const { token: csm } = await makeTokenUser("csm");
    for (const response of [
      await call(approvals.POST, { token: csm, method: "POST", body: period }),
      await call(approvals.GET, { token: csm }),
      await call(approval.GET, { token: csm, params: { id: approved.body.id } }),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe("forbidden");
    }
  });

  it("answers 404 for an unknown approval and 400 for a bad period", async () => {
    const { token } = await makeTokenUser("admin");
    expect((await call(approval.GET, { token, params: { id: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);
    expect((await call(diff.GET, { token, params: { id: "nope" } })).status).toBe(404);
    const bad = await call(approvals.POST, { token, method: "POST", body: { from: "2012-05-31", to: "2012-05-01" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toHaveProperty("to");
  });
});
