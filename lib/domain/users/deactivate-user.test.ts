import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { csmsOf, makeAccount, makeOpportunities, setHolder } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { deactivateUser, userBook } from "./deactivate-user.ts";

const holder = async (accountId: string, roleKey: string) =>
  (await db.accountRoleAssignment.findUnique({ where: { accountId_roleKey: { accountId, roleKey } } }))?.userId ?? null;

describe("deactivating someone who holds roles", () => {
  it("shows their book, moves it to the people chosen and deactivates them, in one go", async () => {
    const admin = await makeUser("admin");
    const [leaver, heir] = await Promise.all([makeUser("csm_manager"), makeUser("csm")]);
    const [a, b] = await Promise.all([makeAccount({ name: "Alpha leaving" }), makeAccount({ name: "Beta leaving" })]);
    await setHolder(a.id, "csm", leaver.id);
    await setHolder(b.id, "renewal_manager", leaver.id);
    await makeOpportunities(a.id, 2, { csmId: leaver.id });

    const book = await userBook(admin, leaver.id);
    expect(book.map(({ roleKey, accounts, names }) => ({ roleKey, accounts, names }))).toEqual([
      { roleKey: "csm", accounts: 1, names: ["Alpha leaving"] },
      { roleKey: "renewal_manager", accounts: 1, names: ["Beta leaving"] },
    ]);

    const result = await deactivateUser(asContext(admin), leaver.id, { transfers: [{ roleKey: "csm", toUserId: heir.id }], reason: "Left the company" });
    expect(result.user.active).toBe(false);
    expect(result.transfers).toMatchObject([{ roleKey: "csm", accounts: 1, opportunities: 2 }]);
    expect(await holder(a.id, "csm")).toBe(heir.id);
    expect((await csmsOf(a.id)).map((o) => o.csmId)).toEqual([heir.id, heir.id]);
    // A role left out stays with them, where the "Missing" filters show it as a gap.
    expect(await holder(b.id, "renewal_manager")).toBe(leaver.id);
    const entries = await db.auditEntry.findMany({ where: { batchId: result.transfers[0].batchId } });
    expect(entries.every((entry) => entry.reason === "Left the company")).toBe(true);
  });

  it("changes nothing when a transfer cannot be made", async () => {
    const admin = await makeUser("admin");
    const [leaver, sa] = await Promise.all([makeUser("csm"), makeUser("sa")]);
    const account = await makeAccount();
    await setHolder(account.id, "csm", leaver.id);
    await expect(deactivateUser(asContext(admin), leaver.id, { transfers: [{ roleKey: "csm", toUserId: sa.id }] }))
      .rejects.toMatchObject({ code: "ineligible_assignee" });
    expect((await db.user.findUnique({ where: { id: leaver.id } }))?.active).toBe(true);
    expect(await holder(account.id, "csm")).toBe(leaver.id);
    await expect(deactivateUser(asContext(await makeUser("csm_manager")), leaver.id, { transfers: [] })).rejects.toMatchObject({ code: "forbidden" });
  });
});
