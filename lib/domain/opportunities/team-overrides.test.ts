import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeAccount, makeOpportunities, setHolder } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { overrideCsm } from "./override-csm.ts";
import { setPrimarySa } from "./set-primary-sa.ts";

async function teamDeal(closed = false) {
  const manager = await makeUser("csm_manager");
  const report = await makeUser("csm");
  await db.user.update({ where: { id: report.id }, data: { managerId: manager.id } });
  const account = await makeAccount();
  await setHolder(account.id, "csm", report.id);
  await makeOpportunities(account.id, 1, { csmId: report.id, closed });
  const [{ id }] = await db.opportunity.findMany({ where: { accountId: account.id }, select: { id: true } });
  return { manager, report, id };
}

describe("CSM managers override their team's open deals", () => {
  it("may pin the CSM and set the primary SA of an open deal their report covers, audited with the reason", async () => {
    const { manager, id } = await teamDeal();
    const [other, sa] = await Promise.all([makeUser("csm"), makeUser("sa")]);
    expect(await overrideCsm(asContext(manager), id, other.id, "Covering while Sam is out")).toMatchObject({ csm: { id: other.id }, csmOverridden: true });
    expect((await setPrimarySa(asContext(manager), id, sa.id)).primarySa?.id).toBe(sa.id);
    const reasons = await db.auditEntry.findMany({ where: { entityId: id, field: "csm" }, select: { reason: true, actorId: true } });
    expect(reasons).toEqual([{ reason: "Covering while Sam is out", actorId: manager.id }]);
  });

  it("may not touch another team's deal, nor a closed one of their own", async () => {
    const { id: theirs } = await teamDeal();
    const stranger = await makeUser("csm_manager");
    const other = await makeUser("csm");
    await expect(overrideCsm(asContext(stranger), theirs, other.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(setPrimarySa(asContext(stranger), theirs, null)).rejects.toMatchObject({ code: "forbidden" });

    const { manager, id: closed } = await teamDeal(true);
    await expect(overrideCsm(asContext(manager), closed, other.id, "Late fix")).rejects.toMatchObject({ code: "locked" });
    await expect(setPrimarySa(asContext(manager), closed, null, "Late fix")).rejects.toMatchObject({ code: "locked" });
    expect(await db.auditEntry.count({ where: { entityId: { in: [theirs, closed] } } })).toBe(0);
  });
});
