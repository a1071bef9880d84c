import "server-only";
import type { AuditEntity, AuditSource } from "@/lib/db/generated/enums.ts";
import type { Tx } from "@/lib/db/client.ts";

export type AuditChange = {
  entityType: AuditEntity;
  entityId: string;
  field: string;
  from: string | number | boolean | null | undefined;
  to: string | number | boolean | null | undefined;
};

const asText = (value: AuditChange["from"]) => (value === null || value === undefined ? null : String(value));

/**
 * Writes one audit entry per changed field, in the caller's transaction, so the trail can never
 * disagree with the data. Unchanged fields are skipped.
 */
export async function recordAudit(
  tx: Tx,
  meta: { actorId: string | null; source: AuditSource; batchId?: string | null; reason?: string | null },
  changes: AuditChange[],
): Promise<number> {
  const rows = changes
    .map((change) => ({ ...change, from: asText(change.from), to: asText(change.to) }))
    .filter((change) => change.from !== change.to);
  if (rows.length === 0) return 0;
  await tx.auditEntry.createMany({
    data: rows.map((row) => ({
      actorId: meta.actorId,
      source: meta.source,
      batchId: meta.batchId ?? null,
      reason: meta.reason ?? null,
      entityType: row.entityType,
      entityId: row.entityId,
      field: row.field,
      fromValue: row.from,
      toValue: row.to,
    })),
  });
  return rows.length;
}
