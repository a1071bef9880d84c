import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { csmsOf, makeAccount, makeOpportunities, setPending } from "@/lib/domain/accounts/testing.ts";
import { createUser } from "@/lib/domain/users/create-user.ts";
import { asContext, makeUser, unique } from "@/test/factories.ts";
import { listPendingAssignments } from "./list-pending.ts";

describe("pending assignments", () => {
  it("are listed for assigners, and take effect with stamping and cascade when the user is created", async () => {
    const admin = await makeUser("admin");
    const email = `Later-${unique()}@Test.Roster`;
    const account = await makeAccount();
    const heir = await makeAccount({ parentId: account.id, csmInheritance: "parent" });
    await setPending(account.id, "csm", email, "Later Person");
    await setPending(account.id, "sa", email.toLowerCase(), "Later Person");
    await makeOpportunities(account.id, 2);
    await makeOpportunities(heir.id, 1);

    const listed = await listPendingAssignments(await makeUser("csm_manager"));
    const mine = listed.items.filter((item) => item.account.id === account.id);
    expect(mine.map((item) => item.roleKey).sort()).toEqual(["csm", "sa"]);
    expect(mine[0]).toMatchObject({ name: "Later Person", source: "import", account: { name: account.name } });
    await expect(listPendingAssignments(await makeUser("csm"))).rejects.toMatchObject({ code: "forbidden" });

    const user = await createUser(asContext(admin), { email: email.toLowerCase(), name: "Later Person", profile: "csm" });

    const rows = await db.accountRoleAssignment.findMany({ where: { accountId: { in: [account.id, heir.id] } } });
    const csmRow = rows.find((row) => row.accountId === account.id && row.roleKey === "csm");
    expect(csmRow).toMatchObject({ userId: user.id, pendingEmail: null });
    // A csm cannot hold the SA role: that slot keeps waiting.
    expect(rows.find((row) => row.roleKey === "sa")).toMatchObject({ userId: null, pendingEmail: email.toLowerCase() });
    expect(rows.find((row) => row.accountId === heir.id)?.userId).toBe(user.id);
    expect((await csmsOf(account.id)).every((o) => o.csmId === user.id)).toBe(true);
    expect((await csmsOf(heir.id)).every((o) => o.csmId === user.id)).toBe(true);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { entityId: account.id, field: "team.csm" } });
    expect(entry).toMatchObject({ fromValue: `pending:${email}`, toValue: user.id, actorId: admin.id });
  });
});
