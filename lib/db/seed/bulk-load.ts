import "server-only";
import type pg from "pg";

type Definition = { table: string; name: string; def: string };

/**
 * Runs `load` with the indexes and key constraints of `tables` dropped (primary, unique and
 * foreign keys, including foreign keys of other tables that point at them), then puts every one of
 * them back exactly as the migrations defined it. Building an index once over millions of rows and
 * checking a foreign key with one join are many times cheaper than maintaining two dozen indexes
 * row by row. The tables are analyzed on the way, so they leave with fresh statistics.
 * The caller's transaction makes this safe: DDL is transactional, so a failure
 * anywhere rolls the drops back too, and no other session ever sees a table without its keys.
 */
export async function withoutIndexes<T>(client: pg.Client, tables: readonly string[], lap: (label: string) => void, load: () => Promise<T>): Promise<T> {
  const { rows: constraints } = await client.query<Definition & { kind: string }>(
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def, contype AS kind
       FROM pg_constraint
      WHERE (contype IN ('p', 'u') AND conrelid = ANY($1::regclass[]))
         OR (contype = 'f' AND (conrelid = ANY($1::regclass[]) OR confrelid = ANY($1::regclass[])))
      ORDER BY conrelid::regclass::text, conname`,
    [tables],
  );
  const { rows: indexes } = await client.query<Definition>(
    `SELECT i.indrelid::regclass::text AS table, i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY 1, 2`,
    [tables],
  );
  const foreignKeys = constraints.filter((c) => c.kind === "f");
  const keys = constraints.filter((c) => c.kind !== "f");

  for (const fk of foreignKeys) await client.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${quote(fk.name)}`);
  for (const key of keys) await client.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${quote(key.name)}`);
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);

  const result = await load();

  // Sorting for an index build is the one place a big maintenance_work_mem pays off.
  await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  for (const key of keys) {
    await client.query(`ALTER TABLE ${key.table} ADD CONSTRAINT ${quote(key.name)} ${key.def}`);
    lap(`key ${key.name}`);
  }
  for (const index of indexes) {
    await client.query(index.def);
    lap(`index ${index.name}`);
  }
  // Statistics first: the foreign-key checks below are joins, and the planner should see the rows.
  await client.query(`ANALYZE ${tables.join(", ")}`);
  lap("analyze");
  for (const fk of foreignKeys) {
    await client.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${quote(fk.name)} ${fk.def}`);
    lap(`foreign key ${fk.name}`);
  }
  return result;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
