import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { FISCAL_YEAR_START_KEY, fiscalYearStartMonth } from "./queries.ts";
import { setFiscalYearStartMonth } from "./set-fiscal-year-start.ts";

// The setting is one row shared by the whole database; only this file writes it, and it puts the
// default back when done.
describe("the fiscal year start month", () => {
  it("defaults to February, is set by admins, and ignores a value that is not a month", async () => {
    const admin = await makeUser("admin");
    await db.appSetting.deleteMany({ where: { key: FISCAL_YEAR_START_KEY } });
    expect(await fiscalYearStartMonth()).toBe(2);
    expect(await setFiscalYearStartMonth(asContext(admin), { month: 7 })).toEqual({ month: 7 });
    expect(await fiscalYearStartMonth()).toBe(7);
    await setFiscalYearStartMonth(asContext(admin), { month: 1 });
    expect(await fiscalYearStartMonth()).toBe(1);
    await db.appSetting.update({ where: { key: FISCAL_YEAR_START_KEY }, data: { value: "13" } });
    expect(await fiscalYearStartMonth()).toBe(2);
    await setFiscalYearStartMonth(asContext(admin), { month: 2 });
  });

  it("may be changed by admins only", async () => {
    for (const profile of ["finance", "sales_comp", "leader", "sales_ops", "csm"] as const) {
      await expect(setFiscalYearStartMonth(asContext(await makeUser(profile)), { month: 5 })).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await fiscalYearStartMonth()).toBe(2);
  });
});
