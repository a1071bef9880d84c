import "server-only";
import { Prisma } from "@/lib/db/generated/client.ts";
import { invalidFields } from "@/lib/errors/domain-error.ts";
import { decodeCursor, encodeCursor, isUuid } from "@/lib/domain/accounts/queries.ts";
import type { FieldFilter } from "./field-params.ts";
import type { AccountFieldView, FieldType } from "./schemas.ts";
import { auditText, parseFieldValue, valueColumn } from "./value.ts";

// Column names and casts come from this closed table, never from the request.
const COLUMN = { num: Prisma.raw("num"), text: Prisma.raw("text"), date: Prisma.raw("date"), bool: Prisma.raw("bool") };
const CAST = { num: Prisma.raw("numeric"), text: Prisma.raw("text"), date: Prisma.raw("date"), bool: Prisma.raw("boolean") };

function definition(fields: AccountFieldView[], key: string, param: string): AccountFieldView {
  const field = fields.find((candidate) => candidate.key === key);
  if (!field) throw invalidFields({ [param]: "No such account field." });
  return field;
}

/** A filter value as the column's text, checked by the field's type like any written value. */
function bound(field: AccountFieldView, raw: string, param: string): string {
  // Comma-separated lists are split for picklists only; other types take the value whole.
  const parsed = parseFieldValue(field, raw);
  if (!parsed.ok || parsed.value === null) throw invalidFields({ [param]: parsed.ok ? "Enter a value." : parsed.message });
  return auditText(parsed.value)!;
}

/**
 * SQL conditions on accounts `a` for the account-field filters: each is an EXISTS on the side
 * table, which probes (field_key, <value>, account_id) — the per-type partial index — for a range
 * or an equality, and the primary key (account_id, field_key) when the planner drives from accounts.
 */
export function fieldConditions(fields: AccountFieldView[], filters: FieldFilter[] | undefined): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  for (const filter of filters ?? []) {
    const field = definition(fields, filter.key, `field.${filter.key}`);
    const column = valueColumn(field.type);
    const col = COLUMN[column];
    const cast = CAST[column];
    const parts: Prisma.Sql[] = [];
    if (filter.values?.length) {
      const raws = field.type === "picklist" ? filter.values.flatMap((value) => value.split(",")) : filter.values;
      const values = raws.map((raw) => bound(field, raw, `field.${field.key}`));
      parts.push(Prisma.sql`v.${col} = ANY(${values}::${cast}[])`);
    }
    for (const side of ["min", "max"] as const) {
      const raw = filter[side];
      if (!raw) continue;
      const param = `field.${field.key}.${side}`;
      if (column !== "num" && column !== "date") throw invalidFields({ [param]: "Only numbers and dates have ranges." });
      const value = bound(field, raw, param);
      parts.push(side === "min" ? Prisma.sql`v.${col} >= ${value}::${cast}` : Prisma.sql`v.${col} <= ${value}::${cast}`);
    }
    if (parts.length === 0) continue;
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM account_field_values v
      WHERE v.account_id = a.id AND v.field_key = ${field.key} AND ${Prisma.join(parts, " AND ")})`);
  }
  return conditions;
}

export type FieldKeyset = {
  /** Each branch reads one index range; the page is their UNION ALL, ordered by `order`. */
  branches: { join: Prisma.Sql; where: Prisma.Sql; order: Prisma.Sql; value: Prisma.Sql }[];
  /** The order over the branches' rows, by the selected `sort_value` and id. */
  order: Prisma.Sql;
  cursorOf: (row: { id: string; sortValue: string | null }) => string;
};

const CURSOR_VALUE: Record<"num" | "text" | "date" | "bool", (value: unknown) => boolean> = {
  num: (value) => typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value),
  text: (value) => typeof value === "string",
  date: (value) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value),
  bool: (value) => value === "true" || value === "false",
};

/**
 * Keyset paging sorted by an account field, exact with ties (id breaks them) and with accounts
 * that hold no value (no row: they come last ascending, first descending, like ARR). Accounts with a
 * value are one range of the per-type index (field_key, value, account_id) read forwards or
 * backwards; those without are accounts in id order that have no row for the field. A page that
 * crosses from one to the other reads both (UNION ALL), so any depth costs about the same.
 */
export function fieldKeyset(fields: AccountFieldView[], key: string, desc: boolean, cursor: string | undefined): FieldKeyset {
  const field = definition(fields, key, "sort");
  const column = valueColumn(field.type as FieldType);
  const col = COLUMN[column];
  const cast = CAST[column];
  const valued = {
    join: Prisma.sql`JOIN account_field_values s ON s.account_id = a.id AND s.field_key = ${field.key} AND s.${col} IS NOT NULL`,
    order: desc ? Prisma.sql`s.${col} DESC, s.account_id DESC` : Prisma.sql`s.${col}, s.account_id`,
    value: Prisma.sql`s.${col}::text`,
  };
  const empty = {
    join: Prisma.empty,
    order: desc ? Prisma.sql`a.id DESC` : Prisma.sql`a.id`,
    value: Prisma.sql`NULL::text`,
  };
  const noValue = Prisma.sql`NOT EXISTS (SELECT 1 FROM account_field_values s WHERE s.account_id = a.id AND s.field_key = ${field.key})`;
  const cmp = desc ? Prisma.sql`<` : Prisma.sql`>`;
  const after = cursor
    ? decodeCursor(cursor, (v) => v.length === 3 && v[0] === field.key && (v[1] === null || CURSOR_VALUE[column](v[1])) && isUuid(v[2]))
    : null;
  let branches: FieldKeyset["branches"];
  if (!after) {
    branches = [{ ...valued, where: Prisma.sql`TRUE` }, { ...empty, where: noValue }];
  } else if (after[1] === null) {
    branches = [{ ...empty, where: Prisma.sql`${noValue} AND a.id ${cmp} ${after[2] as string}::uuid` }];
    if (desc) branches.push({ ...valued, where: Prisma.sql`TRUE` });
  } else {
    branches = [{ ...valued, where: Prisma.sql`(s.${col}, s.account_id) ${cmp} (${after[1] as string}::${cast}, ${after[2] as string}::uuid)` }];
    if (!desc) branches.push({ ...empty, where: noValue });
  }
  // Text sorts by the value's own order; a NULL::text sort_value orders as the column's type would.
  const sortValue = column === "text" ? Prisma.sql`a.sort_value` : Prisma.sql`a.sort_value::${cast}`;
  return {
    branches,
    order: desc ? Prisma.sql`${sortValue} DESC NULLS FIRST, a.id DESC` : Prisma.sql`${sortValue} ASC NULLS LAST, a.id`,
    cursorOf: (row) => encodeCursor([field.key, row.sortValue, row.id]),
  };
}
