import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { makeAccount, makeOpportunities } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { overrideCsm } from "./override-csm.ts";
import { setPrimarySa } from "./set-primary-sa.ts";

async function deal(closed: boolean) {
  const account = await makeAccount();
  await makeOpportunities(account.id, 1, { closed });
  const [{ id }] = await db.opportunity.findMany({ where: { accountId: account.id }, select: { id: true } });
  return id;
}

describe("reasons on overrides", () => {
  it("a closed-won deal's CSM or primary SA changes only with a reason, which the audit keeps", async () => {
    const ops = await makeUser("sales_ops");
    const [csm, sa] = await Promise.all([makeUser("csm"), makeUser("sa")]);
    const won = await deal(true);

    await expect(overrideCsm(asContext(ops), won, csm.id)).rejects.toMatchObject({ code: "invalid_request", details: { fields: { reason: expect.any(String) } } });
    await expect(setPrimarySa(asContext(ops), won, sa.id, "  ")).rejects.toMatchObject({ code: "invalid_request" });
    expect(await db.auditEntry.count({ where: { entityId: won } })).toBe(0);

    await overrideCsm(asContext(ops), won, csm.id, "Handed over before close");
    await setPrimarySa(asContext(ops), won, sa.id, "SA did the demo");
    const entries = await db.auditEntry.findMany({ where: { entityId: won }, orderBy: { id: "asc" } });
    expect(entries.map((entry) => [entry.field, entry.reason])).toEqual([
      ["csm", "Handed over before close"], ["csm_overridden", "Handed over before close"], ["primary_sa", "SA did the demo"],
    ]);
  });

  it("an open deal's override takes an optional reason", async () => {
    const ops = await makeUser("sales_ops");
    const csm = await makeUser("csm");
    const open = await deal(false);
    await overrideCsm(asContext(ops), open, csm.id);
    await overrideCsm(asContext(ops), open, null, "Nobody until the renewal");
    const entries = await db.auditEntry.findMany({ where: { entityId: open, field: "csm" }, orderBy: { id: "asc" } });
    expect(entries.map((entry) => entry.reason)).toEqual([null, "Nobody until the renewal"]);
  });
});
