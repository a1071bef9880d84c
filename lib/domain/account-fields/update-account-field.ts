import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { type AuditChange, recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, invalidFields, isUniqueViolation, notFound } from "@/lib/errors/domain-error.ts";
import { labelTaken } from "./create-account-field.ts";
import { toFieldView } from "./queries.ts";
import type { AccountFieldView, UpdateAccountFieldInput } from "./schemas.ts";

/**
 * Relabel, reorder, change who edits it or where it shows. Values are stored by key, so a new label
 * keeps them; a picklist option still held by an account cannot be dropped (it would orphan them).
 */
export async function updateAccountField({ actor, source }: ActorContext, key: string, input: UpdateAccountFieldInput): Promise<AccountFieldView> {
  authorize(actor, "accountFields.manage");
  try {
    return await db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ key: string }[]>`SELECT key FROM account_fields WHERE key = ${key} FOR UPDATE`;
      if (!locked) throw notFound("Account field");
      const before = await tx.accountField.findUniqueOrThrow({ where: { key } });
      if (input.options !== undefined && before.type !== "picklist") throw invalidFields({ options: "Only a picklist has options." });
      if (input.score && before.type !== "number" && before.type !== "currency") throw invalidFields({ score: "Only numbers can be averaged as a score." });
      if (input.options !== undefined) {
        if (input.options.length === 0) throw invalidFields({ options: "A picklist needs at least one option." });
        const dropped = before.options.filter((option) => !input.options!.includes(option));
        if (dropped.length) {
          const inUse = await tx.accountFieldValue.findMany({
            where: { fieldKey: key, text: { in: dropped } }, distinct: ["text"], select: { text: true },
          });
          if (inUse.length) {
            throw new DomainError("conflict", `Accounts still hold ${inUse.map((row) => `"${row.text}"`).join(", ")}; change them first.`, {
              fields: { options: "An option in use cannot be removed." },
            });
          }
        }
      }
      const after = {
        label: input.label ?? before.label,
        options: input.options ?? before.options,
        owner: input.owner ?? before.owner,
        editableBy: input.editableBy ? [...new Set(input.editableBy)] : before.editableBy,
        score: input.score ?? before.score,
        showInTable: input.showInTable ?? before.showInTable,
        sortOrder: input.order ?? before.sortOrder,
      };
      const text = (value: unknown) => (Array.isArray(value) ? value.join(", ") : String(value));
      const changes: AuditChange[] = (Object.keys(after) as (keyof typeof after)[])
        .filter((field) => text(after[field]) !== text(before[field]))
        .map((field) => ({ entityType: "account_field", entityId: key, field, from: text(before[field]), to: text(after[field]) }));
      if (changes.length === 0) return toFieldView(before);
      const row = await tx.accountField.update({ where: { key }, data: { ...after, updatedAt: new Date() } });
      await recordAudit(tx, { actorId: actor.id, source }, changes);
      return toFieldView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error, "label")) throw labelTaken();
    throw error;
  }
}

/** Admin → Account fields "move up/down": one audited transaction renumbering every field. */
export async function reorderAccountFields({ actor, source }: ActorContext, keys: string[]): Promise<void> {
  authorize(actor, "accountFields.manage");
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ key: string; sort_order: number }[]>`SELECT key, sort_order FROM account_fields ORDER BY key FOR UPDATE`;
    const known = new Set(rows.map((row) => row.key));
    if (keys.length !== rows.length || !keys.every((key) => known.has(key))) throw invalidFields({ keys: "List every field once." });
    const changes: AuditChange[] = [];
    for (const [index, key] of keys.entries()) {
      const order = (index + 1) * 10;
      const before = rows.find((row) => row.key === key)!.sort_order;
      if (before === order) continue;
      await tx.accountField.update({ where: { key }, data: { sortOrder: order, updatedAt: new Date() } });
      changes.push({ entityType: "account_field", entityId: key, field: "sortOrder", from: before, to: order });
    }
    await recordAudit(tx, { actorId: actor.id, source }, changes);
  });
}
