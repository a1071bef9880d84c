import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import { fieldUsage } from "./queries.ts";

/**
 * Deletes a field and its values. A field some accounts hold a value for is only deleted with
 * `confirm` (409 `conflict` with `details.inUse` otherwise); the audit keeps how many values went.
 */
export async function deleteAccountField({ actor, source }: ActorContext, key: string, { confirm = false } = {}): Promise<{ key: string; deletedValues: number }> {
  authorize(actor, "accountFields.manage");
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ label: string }[]>`SELECT label FROM account_fields WHERE key = ${key} FOR UPDATE`;
    if (!row) throw notFound("Account field");
    const inUse = await fieldUsage(tx, key);
    if (inUse > 0 && !confirm) {
      throw new DomainError("conflict", `${inUse} account${inUse === 1 ? " holds" : "s hold"} a value for "${row.label}"; confirm to delete them too.`, { inUse });
    }
    await tx.accountField.delete({ where: { key } });
    await recordAudit(tx, { actorId: actor.id, source }, [
      { entityType: "account_field", entityId: key, field: "deleted", from: row.label, to: `${inUse} value${inUse === 1 ? "" : "s"} deleted` },
    ]);
    return { key, deletedValues: inUse };
  });
}
