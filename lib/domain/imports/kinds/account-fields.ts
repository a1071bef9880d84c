import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";
import type { AccountFieldView } from "@/lib/domain/account-fields/schemas.ts";
import { parseFieldValue } from "@/lib/domain/account-fields/value.ts";
import { fieldForHeader, fieldOf } from "../mapping.ts";
import type { RowError } from "../schemas.ts";
import { cellOf, type ImportContext } from "./types.ts";

export type FieldColumn = { position: number; header: string; field: AccountFieldView };

/**
 * The file's account-field columns: those mapped to `field:<key>`, and unmapped ones whose header
 * is a field's key or label (an export's columns are named by key). A mapping to a field that does
 * not exist, or two columns for one field, is a header error (row 0).
 */
export async function accountFieldColumns(context: ImportContext): Promise<{ columns: FieldColumn[]; errors: RowError[] }> {
  const fields = await fieldDefinitions();
  const errors: RowError[] = [];
  const columns: FieldColumn[] = [];
  context.columns.forEach((column, position) => {
    const key = fieldOf(column.target);
    const field = key !== null ? fields.find((candidate) => candidate.key === key) : column.target === "" ? fieldForHeader(column.header, fields) : undefined;
    if (key !== null && !field) {
      errors.push({ row: 0, column: column.header, message: `No account field "${key}".` });
      return;
    }
    if (!field) return;
    const twin = columns.find((other) => other.field.key === field.key);
    if (twin) errors.push({ row: 0, column: column.header, message: `Columns "${twin.header}" and "${column.header}" both hold ${field.label}.` });
    else columns.push({ position, header: column.header, field: field as AccountFieldView });
  });
  return { columns, errors };
}

/** One row's field cells as the staged JSON, checked by type like the API; an empty cell clears the field. */
export function readFieldCells(columns: FieldColumn[], row: string[], rowNo: number, errors: RowError[]): string | null {
  if (columns.length === 0) return null;
  const values: Record<string, unknown> = {};
  for (const column of columns) {
    const parsed = parseFieldValue(column.field, cellOf(row, column.position));
    if (parsed.ok) values[column.field.key] = parsed.value;
    else errors.push({ row: rowNo, column: column.header, message: parsed.message });
  }
  return JSON.stringify(values);
}

// A staged value next to the account's current one, in the side table's types.
const INCOMING = Prisma.sql`(e.value->>'num')::numeric, e.value->>'text', (e.value->>'date')::date, (e.value->>'bool')::boolean`;

/** For the plan's "Changes …" list: the keys of the fields whose value the row changes. */
export const FIELDS_CHANGED = Prisma.sql`(SELECT 'Changes fields ' || string_agg(e.key, ', ' ORDER BY e.key)
  FROM jsonb_each(s.fields) e LEFT JOIN account_field_values v ON v.account_id = a.id AND v.field_key = e.key
  WHERE a.id IS NOT NULL AND (${INCOMING}) IS DISTINCT FROM (v.num, v.text, v.date, v.bool))`;

/**
 * Writes the file's field values in one statement: each account's first row, only the values that
 * differ; an empty cell deletes the value. Every change is audited as `fields.<key>`, like an edit
 * on the account page, in the import's batch; an existing account's version moves on.
 */
export async function applyFieldValues(tx: Tx, importId: string, meta: { actorId: string; batchId: string; createdIds: string[]; source?: "import" | "salesforce"; reason?: string | null }): Promise<void> {
  await tx.$executeRaw`
    WITH firsts AS (
      SELECT DISTINCT ON (external_id) account_id, fields FROM import_account_rows
      WHERE import_id = ${importId}::uuid ORDER BY external_id, row_no
    ), incoming AS (
      SELECT f.account_id, e.key AS field_key, (e.value->>'num')::numeric AS num, e.value->>'text' AS text,
        (e.value->>'date')::date AS date, (e.value->>'bool')::boolean AS bool
      FROM firsts f CROSS JOIN LATERAL jsonb_each(f.fields) e
      WHERE f.fields IS NOT NULL
    ), diff AS (
      SELECT i.account_id, i.field_key, i.num, i.text, i.date, i.bool,
        CASE WHEN v.num IS NOT NULL THEN trim_scale(v.num)::text WHEN v.date IS NOT NULL THEN v.date::text
          WHEN v.bool IS NOT NULL THEN v.bool::text ELSE v.text END AS old_value
      FROM incoming i LEFT JOIN account_field_values v ON v.account_id = i.account_id AND v.field_key = i.field_key
      WHERE (i.num, i.text, i.date, i.bool) IS DISTINCT FROM (v.num, v.text, v.date, v.bool)
    ), deleted AS (
      DELETE FROM account_field_values v USING diff d
      WHERE v.account_id = d.account_id AND v.field_key = d.field_key AND num_nonnulls(d.num, d.text, d.date, d.bool) = 0
    ), upserted AS (
      INSERT INTO account_field_values (account_id, field_key, num, text, date, bool)
      SELECT account_id, field_key, num, text, date, bool FROM diff WHERE num_nonnulls(num, text, date, bool) = 1
      ON CONFLICT (account_id, field_key) DO UPDATE SET num = EXCLUDED.num, text = EXCLUDED.text, date = EXCLUDED.date, bool = EXCLUDED.bool
    ), audited AS (
      INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id, reason)
      SELECT ${meta.actorId}::uuid, ${meta.source ?? "import"}::audit_source, 'account', account_id::text, 'fields.' || field_key, old_value,
        CASE WHEN num IS NOT NULL THEN trim_scale(num)::text WHEN date IS NOT NULL THEN date::text
          WHEN bool IS NOT NULL THEN bool::text ELSE text END, ${meta.batchId}::uuid, ${meta.reason ?? null}
      FROM diff
    )
    UPDATE accounts a SET version = a.version + 1, updated_at = now()
    WHERE a.id IN (SELECT account_id FROM diff) AND NOT a.id = ANY(${meta.createdIds}::uuid[])`;
}
