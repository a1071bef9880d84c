import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { db } from "@/lib/db/client.ts";
import { exportAccounts } from "@/lib/domain/exports/export-accounts.ts";
import { csvText } from "@/lib/csv/safe-csv.ts";
import { makeUser, unique } from "@/test/factories.ts";
import { suggestMapping } from "./suggest-mapping.ts";
import { auditOfBatch, csv, importFile } from "./testing.ts";

async function defineFields() {
  const health = `health_${unique()}`;
  const stage = `stage_${unique()}`;
  const renewal = `renewal_${unique()}`;
  await db.accountField.createMany({ data: [
    { key: health, label: `Health ${health}`, type: "number", score: true },
    { key: stage, label: `Lifecycle ${stage}`, type: "picklist", options: ["onboarding", "adoption", "at risk"], owner: "crm" },
    { key: renewal, label: `Renewal ${renewal}`, type: "date", owner: "crm" },
  ] });
  return { health, stage, renewal };
}

const valuesOf = async (externalId: string) => {
  const account = await db.account.findUniqueOrThrow({ where: { externalId }, include: { fieldValues: true } });
  return { version: account.version, values: Object.fromEntries(account.fieldValues.map((v) => [v.fieldKey, v.num?.toString() ?? v.text ?? v.date?.toISOString().slice(0, 10) ?? v.bool])) };
};

describe("accounts import with account fields", () => {
  it("maps columns to fields by key or label, lists them on the mapping screen, and validates by type", async () => {
    const ops = await makeUser("sales_ops");
    const { health, stage, renewal } = await defineFields();
    const mapping = await suggestMapping(ops, { kind: "accounts", headers: ["externalId", "name", health, `lifecycle ${stage}`.toUpperCase(), `Renewal ${renewal}`] });
    expect(mapping.columns.map((column) => column.target)).toEqual(["externalId", "name", `field:${health}`, `field:${stage}`, `field:${renewal}`]);
    expect(mapping.targets).toContainEqual({ value: `field:${health}`, label: `Field: Health ${health}`, required: false });

    const tag = `AF${unique()}`;
    const bad = await importFile(ops, "accounts", csv(`externalId,name,${health},Lifecycle ${stage}`, `${tag}-1,One,high,adoption`, `${tag}-2,Two,5,churned`));
    expect(bad.status).toBe("failed");
    expect(bad.errors).toEqual([
      { row: 1, column: health, message: "Must be a number." },
      { row: 2, column: `Lifecycle ${stage}`, message: expect.stringMatching(/^Must be one of/) },
    ]);
    expect(await db.account.count({ where: { externalId: { startsWith: tag } } })).toBe(0);

    const good = await importFile(ops, "accounts", csv(`externalId,name,${health},Lifecycle ${stage},Renewal ${renewal}`, `${tag}-1,One,72.5,At Risk,2027-03-31`, `${tag}-2,Two,,adoption,`));
    expect(good).toMatchObject({ status: "succeeded", created: 2 });
    expect(await valuesOf(`${tag}-1`)).toEqual({ version: 1, values: { [health]: "72.5", [stage]: "at risk", [renewal]: "2027-03-31" } });
    expect((await valuesOf(`${tag}-2`)).values).toEqual({ [stage]: "adoption" });
    const audit = await auditOfBatch(good.batchId);
    expect(audit.filter((entry) => entry.field === `fields.${health}`).map((entry) => [entry.fromValue, entry.toValue])).toEqual([[null, "72.5"]]);

    // An explicit mapping by target works too; an unknown field in it is a header error.
    const mapped = await importFile(ops, "accounts", csv("id,title,score", `${tag}-1,One,80`), { mapping: { id: "externalId", title: "name", score: `field:${health}` } });
    expect(mapped).toMatchObject({ status: "succeeded", updated: 1 });
    expect(mapped.preview[0].reason).toBe(`Changes fields ${health}.`);
    expect(await valuesOf(`${tag}-1`)).toMatchObject({ version: 2, values: { [health]: "80" } });
    const unknown = await importFile(ops, "accounts", csv("id,title,score", `${tag}-1,One,80`), { mapping: { id: "externalId", title: "name", score: "field:nosuch_field" } });
    expect(unknown.status).toBe("failed");
    expect(unknown.errors[0]).toMatchObject({ row: 0, column: "score" });
  });

  it("round-trips: an export imported again changes nothing; an edited export changes only the edits", async () => {
    const ops = await makeUser("sales_ops");
    const { health, stage, renewal } = await defineFields();
    const tag = `RT${unique()}`;
    const loaded = await importFile(ops, "accounts", csv(`externalId,name,segment,${health},${stage},${renewal}`,
      `${tag}-1,${tag} One,SMB,10,onboarding,2027-01-01`, `${tag}-2,${tag} Two,SMB,99.25,,2027-02-02`));
    expect(loaded.status).toBe("succeeded");

    const exported = await exportAccounts(ops, { q: tag, level: "all" });
    const rows: unknown[][] = [];
    for await (const row of exported.rows) rows.push(row as unknown[]);
    const text = csvText(exported.header, rows as never);
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records.map((record) => [record.external_id, record[health], record[stage], record[renewal]])).toEqual([
      [`${tag}-1`, "10", "onboarding", "2027-01-01"], [`${tag}-2`, "99.25", "", "2027-02-02"],
    ]);

    const again = await importFile(ops, "accounts", text);
    expect(again, JSON.stringify(again.errors)).toMatchObject({ status: "succeeded", created: 0, updated: 0, unchanged: 2 });

    const first = rows.find((row) => row[1] === `${tag}-1`)!;
    first[exported.header.indexOf(health)] = 11;
    first[exported.header.indexOf(stage)] = "adoption";
    const edited = csvText(exported.header, rows as never);
    const changed = await importFile(ops, "accounts", edited);
    expect(changed).toMatchObject({ status: "succeeded", updated: 1, unchanged: 1 });
    expect((await valuesOf(`${tag}-1`)).values).toEqual({ [health]: "11", [stage]: "adoption", [renewal]: "2027-01-01" });
    expect((await auditOfBatch(changed.batchId)).map((entry) => entry.field).sort()).toEqual([`fields.${health}`, `fields.${stage}`]);
  });
});
