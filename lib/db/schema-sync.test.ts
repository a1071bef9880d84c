import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import internals from "@prisma/internals";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The schema engine cannot run here, so migrations are hand-written SQL and schema.prisma is kept
// in step by hand. This test is what keeps the two honest.
type DmmfField = {
  name: string; dbName?: string | null; kind: string; isList: boolean; isRequired: boolean; isUnique: boolean; isId: boolean;
  type: string; nativeType?: [string, string[]] | null; relationFromFields?: string[]; relationToFields?: string[];
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null; uniqueFields: string[][] };

let client: pg.Client;
let models: DmmfModel[];
let enums: { name: string; dbName?: string | null; values: { name: string }[] }[];
let indexes: { model: string; type: string; dbName?: string | null }[];
// DMMF leaves out `Unsupported("…")` fields (audit_entries.txid is an xid8): read them from the text.
let unsupported: { model: string; column: string; type: string; required: boolean }[];

const table = (model: DmmfModel) => model.dbName ?? model.name;
const column = (field: DmmfField) => field.dbName ?? field.name;

beforeAll(async () => {
  const datamodel = readFileSync(fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url)), "utf8");
  const dmmf = await internals.getDMMF({ datamodel });
  models = dmmf.datamodel.models as unknown as DmmfModel[];
  enums = dmmf.datamodel.enums as unknown as typeof enums;
  indexes = (dmmf.datamodel as unknown as { indexes: typeof indexes }).indexes;
  unsupported = [];
  for (const block of datamodel.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    for (const line of block[2].matchAll(/^\s*(\w+)\s+Unsupported\("(\w+)"\)(\?)?(.*)$/gm)) {
      const mapped = /@map\("(\w+)"\)/.exec(line[4]);
      unsupported.push({ model: block[1], column: mapped?.[1] ?? line[1], type: line[2], required: line[3] !== "?" });
    }
  }
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

async function columns() {
  const { rows } = await client.query(`
    SELECT table_name, column_name, data_type, udt_name, is_nullable
    FROM information_schema.columns WHERE table_schema = 'public'`);
  return rows as { table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }[];
}

function expectedType(field: DmmfField): string {
  const enumType = enums.find((candidate) => candidate.name === field.type);
  const base = enumType
    ? (enumType.dbName ?? enumType.name)
    : ({
        String: field.nativeType?.[0] === "Uuid" ? "uuid" : "text",
        Int: "int4", BigInt: "int8", Boolean: "bool", Decimal: "numeric", Json: "jsonb", Bytes: "bytea",
        DateTime: field.nativeType?.[0] === "Date" ? "date" : "timestamptz",
      } as Record<string, string>)[field.type];
  return field.isList ? `_${base}` : base;
}

describe("the migrated database and schema.prisma", () => {
  it("have the same tables", async () => {
    const { rows } = await client.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'roster_migrations'",
    );
    expect(rows.map((row) => row.table_name).sort()).toEqual(models.map(table).sort());
  });

  it("have the same columns, types and nullability", async () => {
    const actual = await columns();
    for (const model of models) {
      const scalars = model.fields.filter((field) => field.kind !== "object");
      const inDb = actual.filter((row) => row.table_name === table(model));
      const odd = unsupported.filter((field) => field.model === model.name);
      expect(inDb.map((row) => row.column_name).sort(), `columns of ${table(model)}`)
        .toEqual([...scalars.map(column), ...odd.map((field) => field.column)].sort());
      for (const field of odd) {
        const row = inDb.find((candidate) => candidate.column_name === field.column)!;
        expect([row.udt_name, row.is_nullable === "NO"], `${table(model)}.${field.column}`).toEqual([field.type, field.required]);
      }
      for (const field of scalars) {
        const row = inDb.find((candidate) => candidate.column_name === column(field))!;
        expect(row.udt_name, `${table(model)}.${column(field)} type`).toBe(expectedType(field));
        expect(row.is_nullable === "NO", `${table(model)}.${column(field)} NOT NULL`).toBe(field.isRequired);
      }
    }
  });

  it("have the same enums", async () => {
    const { rows } = await client.query(`
      SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
    const actual = Object.fromEntries(rows.map((row) => [row.typname, row.labels]));
    for (const enumType of enums) {
      expect(actual[enumType.dbName ?? enumType.name], enumType.name).toEqual(enumType.values.map((value) => value.name));
    }
    expect(Object.keys(actual).sort()).toEqual(enums.map((enumType) => enumType.dbName ?? enumType.name).sort());
  });

  it("have the same primary and unique keys", async () => {
    const { rows } = await client.query(`
      SELECT c.relname AS table_name, i.indisprimary AS primary, i.indexprs IS NOT NULL AS expression,
             array_agg(a.attname ORDER BY k.ord)::text[] AS columns
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE i.indisunique AND c.relname <> 'roster_migrations'
      GROUP BY c.relname, i.indexrelid, i.indisprimary, i.indexprs`);
    for (const model of models) {
      const mine = rows.filter((row) => row.table_name === table(model) && !row.expression);
      const idFields = model.primaryKey?.fields ?? model.fields.filter((field) => field.isId).map((field) => field.name);
      const byName = (name: string) => column(model.fields.find((field) => field.name === name)!);
      expect(mine.find((row) => row.primary)?.columns, `${table(model)} primary key`).toEqual(idFields.map(byName));
      const expectedUnique = [
        ...model.fields.filter((field) => field.isUnique).map((field) => [column(field)]),
        ...model.uniqueFields.map((fields) => fields.map(byName)),
      ].map((key) => key.join(",")).sort();
      const actualUnique = mine.filter((row) => !row.primary).map((row) => row.columns.join(",")).sort();
      expect(actualUnique, `${table(model)} unique keys`).toEqual(expectedUnique);
    }
  });

  it("have the same foreign keys", async () => {
    const { rows } = await client.query(`
      SELECT src.relname AS from_table, dst.relname AS to_table,
             (SELECT array_agg(a.attname ORDER BY k.ord)::text[] FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS from_columns,
             (SELECT array_agg(a.attname ORDER BY k.ord)::text[] FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS to_columns
      FROM pg_constraint c JOIN pg_class src ON src.oid = c.conrelid JOIN pg_class dst ON dst.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = src.relnamespace AND n.nspname = 'public'
      WHERE c.contype = 'f'`);
    const key = (from: string, cols: string[], to: string, toCols: string[]) => `${from}(${cols.join(",")})->${to}(${toCols.join(",")})`;
    const expected: string[] = [];
    for (const model of models) {
      for (const field of model.fields.filter((candidate) => candidate.relationFromFields?.length)) {
        const target = models.find((candidate) => candidate.name === field.type)!;
        const columnOf = (owner: DmmfModel, name: string) => column(owner.fields.find((candidate) => candidate.name === name)!);
        expected.push(key(
          table(model), field.relationFromFields!.map((name) => columnOf(model, name)),
          table(target), field.relationToFields!.map((name) => columnOf(target, name)),
        ));
      }
    }
    const actual = rows.map((row) => key(row.from_table, row.from_columns, row.to_table, row.to_columns));
    expect(actual.sort()).toEqual(expected.sort());
  });

  it("has every index schema.prisma names", async () => {
    const { rows } = await client.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'");
    const names = new Set(rows.map((row) => row.indexname));
    for (const index of indexes.filter((candidate) => candidate.type === "normal" && candidate.dbName)) {
      expect(names.has(index.dbName!), `index ${index.dbName} on ${index.model}`).toBe(true);
    }
  });
});
