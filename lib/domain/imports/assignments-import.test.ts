import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { csmsOf, makeAccount, makeOpportunities, setHolder } from "@/lib/domain/accounts/testing.ts";
import { createUser } from "@/lib/domain/users/create-user.ts";
import { asContext, makeUser, unique } from "@/test/factories.ts";
import { auditOfBatch, csv, importFile } from "./testing.ts";

async function accountWithExternalId(options: Parameters<typeof makeAccount>[0] = {}) {
  const account = await makeAccount(options);
  const externalId = `ACC-${unique()}`;
  await db.account.update({ where: { id: account.id }, data: { externalId } });
  return { ...account, externalId };
}

const holders = (accountId: string) =>
  db.accountRoleAssignment.findMany({ where: { accountId }, select: { roleKey: true, userId: true, pendingEmail: true, pendingName: true, source: true } });

describe("assignments import", () => {
  it("assigns by email and by name, stamps the CSM on open opportunities, audits in one batch, and is idempotent", async () => {
    const ops = await makeUser("sales_ops");
    const csm = await makeUser("csm");
    const sa = await makeUser("sa", { name: `Sam Archer ${unique()}` });
    const before = await makeUser("csm");
    const account = await accountWithExternalId();
    const heir = await makeAccount({ parentId: account.id, csmInheritance: "parent" });
    await setHolder(account.id, "csm", before.id);
    await makeOpportunities(account.id, 3, { csmId: before.id });
    await makeOpportunities(heir.id, 1);
    const other = await accountWithExternalId();

    const file = csv(
      "account_external_id,csm,sa",
      `${account.externalId},${csm.email.toUpperCase()},${sa.name}`,
      `${other.externalId},,"${sa.name}"`,
    );
    const dry = await importFile(ops, "assignments", file, { dryRun: true });
    expect(dry).toMatchObject({ status: "succeeded", dryRun: true, total: 2, created: 1, updated: 1, unchanged: 0, pending: 0, errors: [] });
    expect(dry.preview.find((row) => row.row === 1)).toMatchObject({ action: "updated", key: account.externalId });
    expect(dry.preview.find((row) => row.row === 1)?.reason).toContain(`csm: ${before.name} → ${csm.name}`);
    expect((await holders(account.id)).find((h) => h.roleKey === "csm")?.userId).toBe(before.id);

    const applied = await importFile(ops, "assignments", file);
    expect(applied).toMatchObject({ status: "succeeded", processed: 2, created: 1, updated: 1, unchanged: 0 });
    expect(await holders(account.id)).toEqual(expect.arrayContaining([
      expect.objectContaining({ roleKey: "csm", userId: csm.id, source: "import" }),
      expect.objectContaining({ roleKey: "sa", userId: sa.id }),
    ]));
    expect((await csmsOf(account.id)).every((o) => o.csmId === csm.id)).toBe(true);
    expect((await csmsOf(heir.id)).every((o) => o.csmId === csm.id)).toBe(true);
    const audit = await auditOfBatch(applied.batchId);
    expect(audit.filter((e) => e.source === "import").map((e) => e.field).sort()).toEqual(["team.csm", "team.sa", "team.sa"]);
    expect(audit.filter((e) => e.source === "stamp")).toHaveLength(4);
    expect(audit.filter((e) => e.source === "cascade")).toHaveLength(1);
    expect(audit.every((e) => e.actorId === ops.id)).toBe(true);

    const again = await importFile(ops, "assignments", file);
    expect(again).toMatchObject({ status: "succeeded", created: 0, updated: 0, unchanged: 2, pending: 0 });
    expect(await auditOfBatch(again.batchId)).toHaveLength(0);
  });

  it("keeps an email of nobody as a pending assignment that takes effect when the user is created", async () => {
    const manager = await makeUser("csm_manager");
    const admin = await makeUser("admin");
    const account = await accountWithExternalId();
    await makeOpportunities(account.id, 2);
    const email = `new.csm.${unique()}@test.roster`;
    const file = csv("Account ID,Customer Success Manager", `${account.id},Nia New <${email}>`);

    const applied = await importFile(manager, "assignments", file);
    expect(applied).toMatchObject({ status: "succeeded", pending: 1, created: 0 });
    expect(await holders(account.id)).toEqual([expect.objectContaining({ roleKey: "csm", userId: null, pendingEmail: email, pendingName: "Nia New" })]);
    expect((await importFile(manager, "assignments", file)).unchanged).toBe(1);

    const user = await createUser(asContext(admin), { email: email.toUpperCase(), name: "Nia New", profile: "csm" });
    expect(await holders(account.id)).toEqual([expect.objectContaining({ roleKey: "csm", userId: user.id, pendingEmail: null })]);
    expect((await csmsOf(account.id)).every((o) => o.csmId === user.id)).toBe(true);
  });

  it("rejects unknown accounts, unknown and ambiguous names, ineligible users and conflicting rows, and writes nothing", async () => {
    const ops = await makeUser("sales_ops");
    const csm = await makeUser("csm");
    const twin = `Twin ${unique()}`;
    await makeUser("csm", { name: twin });
    await makeUser("csm", { name: twin });
    const sa = await makeUser("sa");
    const inactive = await makeUser("csm", { active: false });
    const a = await accountWithExternalId();
    const b = await accountWithExternalId();
    const file = csv(
      "account_external_id,csm",
      `${a.externalId},${csm.email}`,
      `NOPE-${unique()},${csm.email}`,
      `${b.externalId},Nobody ${unique()}`,
      `${b.externalId},${twin}`,
      `${b.externalId},${sa.email}`,
      `${b.externalId},${inactive.email}`,
      `${a.externalId},${sa.email}`,
      `${b.externalId},not-an-email@`,
    );
    const job = await importFile(ops, "assignments", file);
    expect(job.status).toBe("failed");
    const messages = job.errors.map((e) => `${e.row}:${e.column}:${e.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^2:account_external_id:Unknown account/),
      expect.stringMatching(/^3:csm:Unknown name/),
      expect.stringMatching(/^4:csm:Ambiguous name/),
      expect.stringMatching(/^5:csm:.*may not hold the role/),
      expect.stringMatching(/^6:csm:.*not an active user/),
      expect.stringMatching(/^1:csm:Rows 1, 7 give this account different csm holders/),
      expect.stringMatching(/^8:csm:Not an email address/),
    ]));
    expect(job.preview.filter((row) => row.action === "rejected").map((row) => row.row)).toEqual(expect.arrayContaining([2, 3, 4, 5, 6, 7, 8]));
    expect(await holders(a.id)).toEqual([]);
    expect(await auditOfBatch(job.batchId)).toEqual([]);
  });

  it("refuses unknown role columns and a missing account column before reading any row", async () => {
    const ops = await makeUser("sales_ops");
    const unknown = await importFile(ops, "assignments", csv("account_external_id,csm,chief_vibes_officer", "X,,"));
    expect(unknown.status).toBe("failed");
    expect(unknown.errors).toEqual([expect.objectContaining({ row: 0, column: "chief_vibes_officer", message: expect.stringContaining("Unknown role") })]);
    const keyless = await importFile(ops, "assignments", csv("csm", "a@b.co"));
    expect(keyless.errors[0].message).toMatch(/Missing column: the account/);
  });

  it("is for assigners only; a CSM manager may not import accounts", async () => {
    const manager = await makeUser("csm_manager");
    await expect(importFile(await makeUser("csm"), "assignments", csv("account_id,csm", "x,y"))).rejects.toMatchObject({ code: "forbidden" });
    await expect(importFile(manager, "accounts", csv("externalId,name", "x,y"))).rejects.toMatchObject({ code: "forbidden" });
  });
});
