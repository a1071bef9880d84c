import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client.ts";
import { setHolder } from "@/lib/domain/accounts/testing.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { getImport } from "./queries.ts";
import { runImport } from "./run-import.ts";
import { MAX_IMPORT_BYTES } from "./schemas.ts";
import { auditOfBatch, csv, importFile } from "./testing.ts";

const fixture = (name: string, tag: string) =>
  readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url), "utf8").replaceAll("{tag}", tag);

const accountsTagged = (tag: string) =>
  db.account.findMany({ where: { externalId: { startsWith: tag } }, orderBy: { externalId: "asc" } });

describe("accounts import", () => {
  it("matches segment and region case-insensitively: one picklist value, spelled as Roster already spells it", async () => {
    const ops = await makeUser("sales_ops");
    const tag = unique();
    const segment = `Strategic-${tag}`;
    await importFile(ops, "accounts", csv("externalId,name,segment,region", `${tag}-A,Known,${segment},EMEA-${tag}`));
    const result = await importFile(ops, "accounts", csv("externalId,name,segment,region",
      `${tag}-B,Lower,${segment.toLowerCase()},emea-${tag}`, `${tag}-C,Upper,${segment.toUpperCase()},New-${tag}`, `${tag}-D,New,Fresh-${tag},NEW-${tag}`));
    expect(result).toMatchObject({ status: "succeeded", created: 3 });
    const rows = await db.account.findMany({ where: { externalId: { startsWith: `${tag}-` } }, orderBy: { externalId: "asc" } });
    expect(rows.map((row) => [row.segment, row.region])).toEqual([
      [segment, `EMEA-${tag}`], [segment, `EMEA-${tag}`], [segment, `New-${tag}`], [`Fresh-${tag}`, `New-${tag}`],
    ]);
  });

  it("loads a Salesforce account report, parents included, then changes only what differs", async () => {
    const ops = await makeUser("sales_ops");
    const tag = `SF${unique()}`;
    const first = await importFile(ops, "accounts", fixture("salesforce-accounts.csv", tag), { dryRun: true });
    expect(first).toMatchObject({ status: "succeeded", total: 2, created: 2, updated: 0, unchanged: 0 });
    expect(await accountsTagged(tag)).toEqual([]);

    const applied = await importFile(ops, "accounts", fixture("salesforce-accounts.csv", tag));
    expect(applied).toMatchObject({ status: "succeeded", created: 2 });
    const [child, parent] = await accountsTagged(tag);
    expect(parent).toMatchObject({ externalId: `${tag}-P`, name: "Globex, Inc.", segment: "Enterprise", parentId: null });
    expect(Number(parent.arr)).toBe(1_250_000);
    expect(child).toMatchObject({ name: 'Globex "West"\r\nDivision', parentId: parent.id, version: 1 });
    const audit = await auditOfBatch(applied.batchId);
    expect(audit.filter((e) => e.entityId === child.id).map((e) => e.field).sort()).toEqual(["arr", "created", "externalId", "parentId", "segment"]);
    expect(audit.every((e) => e.source === "import" && e.actorId === ops.id)).toBe(true);

    const again = await importFile(ops, "accounts", fixture("salesforce-accounts.csv", tag));
    expect(again).toMatchObject({ status: "succeeded", created: 0, updated: 0, unchanged: 2 });

    // A file without the segment column leaves segments alone; an empty ARR cell clears it.
    const edit = await importFile(ops, "accounts", csv("externalId,name,arr", `${tag}-P,Globex Corporation,`));
    expect(edit).toMatchObject({ status: "succeeded", updated: 1 });
    // What changes, from what to what: people check the numbers before they apply.
    expect(edit.preview[0].reason).toBe("Name Globex, Inc. → Globex Corporation; ARR 1,250,000 → empty.");
    const edited = await db.account.findUniqueOrThrow({ where: { id: parent.id } });
    expect(edited).toMatchObject({ name: "Globex Corporation", segment: "Enterprise", arr: null, version: 2 });
  });

  it("gives a new inheriting child its parent's CSM", async () => {
    const ops = await makeUser("sales_ops");
    const csm = await makeUser("csm");
    const parent = await db.account.create({ data: { name: `Parent ${unique()}`, externalId: `P-${unique()}` } });
    await setHolder(parent.id, "csm", csm.id);
    const childId = `C-${unique()}`;
    const job = await importFile(ops, "accounts", csv("externalId,name,parentExternalId,csmInheritance", `${childId},Child,${parent.externalId},parent`));
    expect(job.status).toBe("succeeded");
    const child = await db.account.findUniqueOrThrow({ where: { externalId: childId }, include: { assignments: true } });
    expect(child.assignments).toEqual([expect.objectContaining({ roleKey: "csm", userId: csm.id })]);
  });

  it("rejects conflicting duplicates, unknown parents and cycles, and writes nothing", async () => {
    const ops = await makeUser("sales_ops");
    const tag = `BAD${unique()}`;
    const existing = await db.account.create({ data: { name: "Existing", externalId: `${tag}-E` } });
    const job = await importFile(ops, "accounts", csv(
      "externalId,name,parentExternalId,arr",
      `${tag}-A,Alpha,,10`,
      `${tag}-A,Alpha Two,,10`,
      `${tag}-B,Beta,${tag}-NOPE,`,
      `${tag}-E,Existing,${tag}-F,`,
      `${tag}-F,Foxtrot,${tag}-E,`,
      `${tag}-G,Golf,,12.345`,
      `,Nameless Key,,`,
    ));
    expect(job.status).toBe("failed");
    expect(job.errors.map((e) => `${e.row}:${e.column}:${e.message}`)).toEqual([
      expect.stringMatching(/^1:externalId:Rows 1, 2 give account/),
      expect.stringMatching(/^2:externalId:Rows 1, 2/),
      expect.stringMatching(/^3:parentExternalId:No account ".*-NOPE" in Roster or in this file/),
      expect.stringMatching(/^4:parentExternalId:.*under itself/),
      expect.stringMatching(/^5:parentExternalId:.*under itself/),
      expect.stringMatching(/^6:arr:Not an amount/),
      expect.stringMatching(/^7:externalId:Enter the account's external id/),
    ]);
    expect(job.errorCount).toBe(7);
    expect(await accountsTagged(tag)).toEqual([expect.objectContaining({ id: existing.id, parentId: null })]);
    expect(await auditOfBatch(job.batchId)).toEqual([]);
  });

  it("refuses bad files as a whole: missing headers, an empty file, non-UTF-8, too large", async () => {
    const ops = await makeUser("sales_ops");
    const missing = await importFile(ops, "accounts", csv("Opportunity ID,Stage", "x,y"));
    expect(missing).toMatchObject({ status: "failed", total: 1 });
    expect(missing.errors.map((e) => e.message)).toEqual([expect.stringContaining("Missing column: External id"), expect.stringContaining("Missing column: Account name")]);
    const headerOnly = await importFile(ops, "accounts", "externalId,name\r\n");
    expect(headerOnly.errors).toEqual([{ row: 0, message: "The file has a header but no rows." }]);
    const latin1 = await importFile(ops, "accounts", new Uint8Array(readFileSync(new URL("../../../test/fixtures/imports/latin1.csv", import.meta.url))));
    expect(latin1.errors[0].message).toMatch(/not UTF-8/);
    await expect(importFile(ops, "accounts", "")).rejects.toMatchObject({ code: "invalid_request", message: "The file is empty." });
    await expect(importFile(ops, "accounts", new Uint8Array(MAX_IMPORT_BYTES + 1))).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("opportunities import", () => {
  it("creates opportunities stamped from their account, closes and reopens by the stage rules, idempotently", async () => {
    const ops = await makeUser("sales_ops");
    const csm = await makeUser("csm");
    const sa = await makeUser("sa");
    const tag = `OPP${unique()}`;
    await importFile(ops, "accounts", fixture("salesforce-accounts.csv", tag));
    const parent = await db.account.findUniqueOrThrow({ where: { externalId: `${tag}-P` } });
    await setHolder(parent.id, "csm", csm.id);
    await setHolder(parent.id, "sa", sa.id);

    const applied = await importFile(ops, "opportunities", fixture("salesforce-opportunities.csv", tag));
    expect(applied).toMatchObject({ status: "succeeded", created: 3 });
    const opps = await db.opportunity.findMany({ where: { externalId: { startsWith: tag } }, orderBy: { externalId: "asc" } });
    expect(opps.map((o) => [o.stage, o.csmId, o.primarySaId, o.isClosed])).toEqual([
      ["negotiation", csm.id, sa.id, false],
      ["closed_won", csm.id, sa.id, true],
      ["prospecting", null, null, false],
    ]);
    expect(Number(opps[0].amount)).toBe(48_000);
    expect(opps[0].closeDate?.toISOString().slice(0, 10)).toBe("2026-03-31");
    expect(opps[1].closedAt).not.toBeNull();
    expect((await importFile(ops, "opportunities", fixture("salesforce-opportunities.csv", tag))).unchanged).toBe(3);

    const moved = await importFile(ops, "opportunities", csv("Opportunity ID,Account ID,Opportunity Name,Stage", `${tag}-O1,${tag}-P,Globex renewal,Closed Lost`, `${tag}-O2,${tag}-P,Globex expansion,Prospecting`));
    expect(moved).toMatchObject({ status: "succeeded", updated: 2 });
    const [lost, reopened] = await db.opportunity.findMany({ where: { externalId: { in: [`${tag}-O1`, `${tag}-O2`] } }, orderBy: { externalId: "asc" } });
    expect(lost).toMatchObject({ stage: "closed_lost", isClosed: true });
    expect(lost.closedAt).not.toBeNull();
    expect(reopened).toMatchObject({ stage: "prospecting", closedAt: null, csmId: csm.id });
    const fields = (await auditOfBatch(moved.batchId)).map((e) => `${e.field}:${e.fromValue}>${e.toValue}`).sort();
    expect(fields).toEqual(["locked:false>true", "locked:true>false", "stage:closed_won>prospecting", "stage:negotiation>closed_lost"]);
  });

  it("rejects unknown accounts, unknown stages, bad dates and moving an opportunity, and writes nothing", async () => {
    const ops = await makeUser("sales_ops");
    const a = await db.account.create({ data: { name: "A", externalId: `A-${unique()}` } });
    const b = await db.account.create({ data: { name: "B", externalId: `B-${unique()}` } });
    const existing = await db.opportunity.create({ data: { accountId: a.id, name: "Existing", externalId: `O-${unique()}` } });
    const fresh = `O-${unique()}`;
    const job = await importFile(ops, "opportunities", csv(
      "externalId,accountExternalId,name,stage,closeDate",
      `${fresh},${a.externalId},Fine,prospecting,2026-01-31`,
      `${existing.externalId},${b.externalId},Existing,,`,
      `O-${unique()},NOPE-${unique()},Orphan,,`,
      `O-${unique()},${a.externalId},Odd,Maybe,2026-02-30`,
    ));
    expect(job.status).toBe("failed");
    expect(job.errors.map((e) => `${e.row}:${e.column}`)).toEqual(["2:accountExternalId", "3:accountExternalId", "4:stage", "4:closeDate"]);
    expect(await db.opportunity.findUnique({ where: { externalId: fresh } })).toBeNull();
  });
});
