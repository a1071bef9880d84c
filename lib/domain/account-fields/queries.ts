import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import type { AccountFieldView, FieldValue } from "./schemas.ts";
import { outputValue } from "./value.ts";

type Client = Tx | typeof db;

const fieldSelect = {
  key: true, label: true, type: true, options: true, owner: true, editableBy: true, score: true, showInTable: true, sortOrder: true,
} as const;

type FieldRow = { key: string; label: string; type: AccountFieldView["type"]; options: string[]; owner: AccountFieldView["owner"];
  editableBy: AccountFieldView["editableBy"]; score: boolean; showInTable: boolean; sortOrder: number };

export function toFieldView(row: FieldRow): AccountFieldView {
  return {
    key: row.key, label: row.label, type: row.type,
    ...(row.type === "picklist" ? { options: row.options } : {}),
    owner: row.owner, editableBy: row.editableBy, score: row.score, showInTable: row.showInTable, order: row.sortOrder,
  };
}

/** Every field definition in display order (order, then key). */
export async function fieldDefinitions(client: Client = db): Promise<AccountFieldView[]> {
  const rows = await client.accountField.findMany({ select: fieldSelect, orderBy: [{ sortOrder: "asc" }, { key: "asc" }] });
  return rows.map(toFieldView);
}

export async function listAccountFields(actor: Actor): Promise<{ items: AccountFieldView[] }> {
  authorize(actor, "accountFields.read");
  return { items: await fieldDefinitions() };
}

/** Each account's field values by key; accounts without any get an empty object. */
export async function fieldValuesOf(client: Client, accountIds: string[]): Promise<Map<string, Record<string, FieldValue>>> {
  const result = new Map<string, Record<string, FieldValue>>(accountIds.map((id) => [id, {}]));
  if (accountIds.length === 0) return result;
  const rows = await client.accountFieldValue.findMany({
    where: { accountId: { in: accountIds } },
    select: { accountId: true, fieldKey: true, num: true, text: true, date: true, bool: true, field: { select: { type: true } } },
  });
  for (const row of rows) result.get(row.accountId)![row.fieldKey] = outputValue(row.field.type, row);
  return result;
}

/** How many accounts hold a value for the field: deleting one in use asks for confirmation. */
export async function fieldUsage(client: Client, key: string): Promise<number> {
  return client.accountFieldValue.count({ where: { fieldKey: key } });
}

/** Admin → Account fields: each definition with how many accounts hold a value for it. */
export async function listAccountFieldsWithUsage(actor: Actor): Promise<(AccountFieldView & { inUse: number })[]> {
  authorize(actor, "accountFields.manage");
  const [fields, usage] = await Promise.all([
    fieldDefinitions(),
    db.$queryRaw<{ field_key: string; n: number }[]>`SELECT field_key, count(*)::int AS n FROM account_field_values GROUP BY field_key`,
  ]);
  const counts = new Map(usage.map((row) => [row.field_key, row.n]));
  return fields.map((field) => ({ ...field, inUse: counts.get(field.key) ?? 0 }));
}
