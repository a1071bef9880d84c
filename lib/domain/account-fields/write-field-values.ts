import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import type { Actor, ChangeSource } from "@/lib/auth/actor.ts";
import { can, isPrivileged } from "@/lib/auth/permissions.ts";
import { type AuditChange, recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, invalidFields } from "@/lib/errors/domain-error.ts";
import type { AccountFieldView } from "./schemas.ts";
import { auditText, parseFieldValue, type StoredValue } from "./value.ts";

export type ParsedFieldValues = { field: AccountFieldView; value: StoredValue | null }[];

/**
 * Validates `fields` of an account write against the definitions: an unknown key or a value of the
 * wrong type is a 400 naming `fields.<key>`. All problems are reported at once.
 */
export function parseFieldValues(definitions: AccountFieldView[], input: Record<string, unknown>): ParsedFieldValues {
  const byKey = new Map(definitions.map((field) => [field.key, field]));
  const errors: Record<string, string> = {};
  const parsed: ParsedFieldValues = [];
  for (const [key, raw] of Object.entries(input)) {
    const field = byKey.get(key);
    if (!field) {
      errors[`fields.${key}`] = "No such account field.";
      continue;
    }
    const result = parseFieldValue(field, raw);
    if (result.ok) parsed.push({ field, value: result.value });
    else errors[`fields.${key}`] = result.message;
  }
  if (Object.keys(errors).length) throw invalidFields(errors);
  return parsed;
}

/**
 * Who may write a field's values: a crm-owned field is the CRM's, so only privileged profiles (the
 * integration profile among them) and imports; a roster-owned one the profiles the admin picked,
 * and admins. Refused fields are named in the 403's details.
 */
export function mayWriteField(actor: Pick<Actor, "profile">, field: Pick<AccountFieldView, "owner" | "editableBy">): boolean {
  if (!can(actor.profile, "accountFields.edit")) return false;
  if (field.owner === "crm") return isPrivileged(actor.profile);
  return actor.profile === "admin" || field.editableBy.includes(actor.profile);
}

export function assertMayWrite(actor: Actor, source: ChangeSource, fields: AccountFieldView[]): void {
  if (source === "import") return;
  const refused: Record<string, string> = {};
  for (const field of fields) {
    if (mayWriteField(actor, field)) continue;
    refused[`fields.${field.key}`] = field.owner === "crm" ? "Comes from the CRM: read-only here." : "Your profile may not edit this field.";
  }
  if (Object.keys(refused).length) throw new DomainError("forbidden", "Your profile may not edit some of these fields.", { fields: refused });
}

/**
 * Writes parsed values for one account in the caller's transaction and audits each change as
 * `fields.<key>` on the account, so the account's history shows them. Returns the changes made.
 */
export async function writeFieldValues(
  tx: Tx,
  accountId: string,
  values: ParsedFieldValues,
  meta: { actorId: string | null; source: ChangeSource; batchId: string },
): Promise<AuditChange[]> {
  if (values.length === 0) return [];
  const keys = values.map(({ field }) => field.key);
  const current = await tx.$queryRaw<{ field_key: string; num: string | null; text: string | null; date: string | null; bool: boolean | null }[]>`
    SELECT field_key, num::text, text, date::text, bool FROM account_field_values
    WHERE account_id = ${accountId}::uuid AND field_key = ANY(${keys}::text[])`;
  const before = new Map(current.map((row) => [row.field_key, auditText(
    row.num !== null ? { num: row.num } : row.date !== null ? { date: row.date } : row.bool !== null ? { bool: row.bool } : { text: row.text ?? "" },
  )]));
  const changes: AuditChange[] = [];
  for (const { field, value } of values) {
    const from = before.get(field.key) ?? null;
    const to = auditText(value);
    if (from === to) continue;
    changes.push({ entityType: "account", entityId: accountId, field: `fields.${field.key}`, from, to });
    if (value === null) {
      await tx.$executeRaw`DELETE FROM account_field_values WHERE account_id = ${accountId}::uuid AND field_key = ${field.key}`;
      continue;
    }
    const v = value as Partial<{ num: string; text: string; date: string; bool: boolean }>;
    await tx.$executeRaw`
      INSERT INTO account_field_values (account_id, field_key, num, text, date, bool)
      VALUES (${accountId}::uuid, ${field.key}, ${v.num ?? null}::numeric, ${v.text ?? null}, ${v.date ?? null}::date, ${v.bool ?? null}::boolean)
      ON CONFLICT (account_id, field_key) DO UPDATE SET num = EXCLUDED.num, text = EXCLUDED.text, date = EXCLUDED.date, bool = EXCLUDED.bool`;
  }
  await recordAudit(tx, { actorId: meta.actorId, source: meta.source, batchId: meta.batchId }, changes);
  return changes;
}

