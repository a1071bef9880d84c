import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { userSelect } from "@/lib/domain/users/queries.ts";
import type { AuditEntryView, ListAuditQuery } from "./schemas.ts";
import { auditVisibility, hiddenEntries, visibleReason } from "./visibility.ts";

/**
 * The audit trail, newest first, in keyset pages on the entry id (an identity, so it grows as
 * entries are written): a page never shifts when new entries arrive, and with an entity filter
 * the (entity_type, entity_id, id DESC) index serves it directly.
 */
export async function listAuditEntries(
  actor: Actor,
  query: ListAuditQuery,
): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  authorize(actor, "audit.read");
  const visibility = auditVisibility(actor);
  const rows = await db.auditEntry.findMany({
    where: {
      AND: hiddenEntries(visibility),
      entityType: query.entityType,
      entityId: query.entityId,
      ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const actorIds = [...new Set(page.flatMap((row) => (row.actorId ? [row.actorId] : [])))];
  const actors = new Map(
    (actorIds.length ? await db.user.findMany({ where: { id: { in: actorIds } }, select: userSelect }) : []).map((user) => [user.id, user]),
  );
  return {
    items: page.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      actor: row.actorId ? (actors.get(row.actorId) ?? null) : null,
      source: row.source,
      entityType: row.entityType,
      entityId: row.entityId,
      field: row.field,
      from: row.fromValue,
      to: row.toValue,
      batchId: row.batchId,
      reason: visibleReason(visibility, row),
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1].id.toString() : null,
  };
}
