import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { csmsOf, makeAccount, makeOpportunities } from "@/lib/domain/accounts/testing.ts";
import { asContext, makeUser, unique } from "@/test/factories.ts";
import { getImport } from "./queries.ts";
import { applyDryRun, startImport } from "./start-import.ts";
import { applyFile, auditOfBatch, csv, importFile } from "./testing.ts";

async function accountWithExternalId() {
  const account = await makeAccount();
  const externalId = `ACC-${unique()}`;
  await db.account.update({ where: { id: account.id }, data: { externalId } });
  return { ...account, externalId };
}

describe("apply the valid rows, skip the bad ones", () => {
  it("is off by default: a dry run that needs fixes says how many rows are bad, and cannot be applied all or nothing", async () => {
    const ops = await makeUser("sales_ops");
    const tag = `SKIP${unique()}`;
    const dry = await importFile(ops, "accounts", csv("externalId,name,arr", `${tag}-A,Alpha,10`, `${tag}-B,Beta,12.345`, `${tag}-C,,5`), { dryRun: true });
    expect(dry).toMatchObject({ status: "failed", dryRun: true, total: 3, invalidRows: 2, errorCount: 2, skipInvalidRows: false });
    await expect(applyDryRun(asContext(ops), dry.id, { dispatch: async () => {} })).rejects.toMatchObject({ code: "invalid_transition" });
    // Left out, the flag means all or nothing: the same file applied directly writes nothing.
    const strict = await importFile(ops, "accounts", csv("externalId,name,arr", `${tag}-A,Alpha,10`, `${tag}-B,Beta,12.345`));
    expect(strict).toMatchObject({ status: "failed", created: 0, invalidRows: 1 });
    expect(await db.account.count({ where: { externalId: { startsWith: tag } } })).toBe(0);
  });

  it("accounts: applies the valid rows through the same rules, skips a bad row and the rows that needed it, and audits why", async () => {
    const ops = await makeUser("sales_ops");
    const tag = `SKIP${unique()}`;
    const file = csv(
      "externalId,name,parentExternalId,segment,arr",
      `${tag}-A,Alpha,,enterprise-${tag},10`,
      `${tag}-P,Parent,,,12.345`,
      `${tag}-C,Child,${tag}-P,,5`,
      `${tag}-D,Delta,${tag}-A,ENTERPRISE-${tag},7`,
    );
    const dry = await importFile(ops, "accounts", file, { dryRun: true, fileName: "accounts-skip.csv" });
    expect(dry).toMatchObject({ status: "failed", invalidRows: 1 });

    const applied = await applyFile(ops, dry.id, { skipInvalidRows: true });
    expect(applied).toMatchObject({ status: "succeeded", dryRun: false, skipInvalidRows: true, sourceImportId: dry.id, created: 2, invalidRows: 2 });
    // The skipped rows stay listed with their problems (the errors CSV), and rejected in the preview.
    expect(applied.errors.map((error) => [error.row, error.column])).toEqual([[2, "arr"], [3, "parentExternalId"]]);
    expect(applied.preview.filter((row) => row.action === "rejected").map((row) => row.row)).toEqual([2, 3]);
    const rows = await db.account.findMany({ where: { externalId: { startsWith: tag } }, orderBy: { externalId: "asc" } });
    expect(rows.map((row) => row.externalId)).toEqual([`${tag}-A`, `${tag}-D`]);
    // Same rules as a clean import: picklist spelling, parents.
    expect(rows[1]).toMatchObject({ segment: `enterprise-${tag}`, parentId: rows[0].id });
    const audit = await auditOfBatch(applied.batchId);
    expect(audit.length).toBeGreaterThan(0);
    expect(new Set(audit.map((entry) => entry.reason))).toEqual(new Set(["Imported from accounts-skip.csv with 2 bad rows skipped."]));
  });

  it("assignments: the valid rows assign, stamp and wait as pending; the unknown account's row is skipped", async () => {
    const manager = await makeUser("csm_manager");
    const csm = await makeUser("csm");
    const account = await accountWithExternalId();
    await makeOpportunities(account.id, 2);
    const waiting = await accountWithExternalId();
    const tag = unique();
    const file = csv(
      "account_external_id,csm",
      `${account.externalId},${csm.email}`,
      `NOPE-${tag},${csm.email}`,
      `${waiting.externalId},new.${tag}@example.com`,
    );
    const dry = await importFile(manager, "assignments", file, { dryRun: true });
    expect(dry).toMatchObject({ status: "failed", invalidRows: 1, errors: [expect.objectContaining({ row: 2, message: `Unknown account "NOPE-${tag}".` })] });
    const applied = await applyFile(manager, dry.id, { skipInvalidRows: true });
    expect(applied).toMatchObject({ status: "succeeded", created: 1, pending: 1, invalidRows: 1, errorCount: 1 });
    expect((await csmsOf(account.id)).every((o) => o.csmId === csm.id)).toBe(true);
    const pending = await db.accountRoleAssignment.findFirst({ where: { accountId: waiting.id, roleKey: "csm" } });
    expect(pending?.pendingEmail).toBe(`new.${tag}@example.com`);
    const audit = await auditOfBatch(applied.batchId);
    expect(audit.filter((entry) => entry.source === "stamp")).toHaveLength(2);
    expect(audit.every((entry) => entry.reason === "Imported from assignments.csv with 1 bad row skipped.")).toBe(true);
  });

  it("opportunities: a row with a bad stage is skipped, the others created", async () => {
    const ops = await makeUser("sales_ops");
    const account = await accountWithExternalId();
    const tag = `OPP${unique()}`;
    const job = await startImport(asContext(ops), {
      kind: "opportunities", dryRun: false, skipInvalidRows: true, fileName: "opps.csv",
      content: new TextEncoder().encode(csv("externalId,accountExternalId,name,stage", `${tag}-1,${account.externalId},One,prospecting`, `${tag}-2,${account.externalId},Two,nonsense`)),
    }, { dispatch: async () => {} });
    const { runImport } = await import("./run-import.ts");
    await runImport(job.id);
    const done = await getImport(ops, job.id);
    expect(done).toMatchObject({ status: "succeeded", created: 1, invalidRows: 1, skipInvalidRows: true });
    expect(await db.opportunity.count({ where: { externalId: { startsWith: tag } } })).toBe(1);
  });

  it("cannot skip a problem of the whole file, nor a file with no valid row, nor rows of a dry run", async () => {
    const ops = await makeUser("sales_ops");
    const tag = `SKIP${unique()}`;
    const headerless = await importFile(ops, "accounts", csv("name,arr", "Alpha,10"), { dryRun: true });
    expect(headerless).toMatchObject({ status: "failed", invalidRows: 0 });
    await expect(applyDryRun(asContext(ops), headerless.id, { skipInvalidRows: true, dispatch: async () => {} })).rejects.toMatchObject({ code: "invalid_transition" });
    const allBad = await importFile(ops, "accounts", csv("externalId,name,arr", `${tag}-A,Alpha,x`), { dryRun: true });
    expect(allBad).toMatchObject({ status: "failed", invalidRows: 1, total: 1 });
    await expect(applyDryRun(asContext(ops), allBad.id, { skipInvalidRows: true, dispatch: async () => {} })).rejects.toMatchObject({ code: "invalid_transition" });
    await expect(startImport(asContext(ops), { kind: "accounts", dryRun: true, skipInvalidRows: true, content: new TextEncoder().encode("externalId,name\r\nX,Y\r\n") }))
      .rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("who may open an import", () => {
  it("answers forbidden (403) for an import of a kind the profile may not run, not found for one that does not exist", async () => {
    const ops = await makeUser("sales_ops");
    const manager = await makeUser("csm_manager");
    const accounts = await importFile(ops, "accounts", csv("externalId,name", `F-${unique()},Forbidden`), { dryRun: true });
    await expect(getImport(manager, accounts.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(applyDryRun(asContext(manager), accounts.id, { dispatch: async () => {} })).rejects.toMatchObject({ code: "forbidden" });
    await expect(getImport(manager, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "not_found" });
    const csm = await makeUser("csm");
    await expect(getImport(csm, accounts.id)).rejects.toMatchObject({ code: "forbidden" });
  });
});
