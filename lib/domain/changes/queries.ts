import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { userSelect } from "@/lib/domain/users/queries.ts";
import type { AuditEntity, AuditSource } from "@/lib/db/generated/enums.ts";
import { feedEnd, sequenceChanges } from "./sequence-changes.ts";
import { type ChangeView, decodeCursor, encodeCursor, type ListChangesQuery } from "./schemas.ts";

type Row = {
  position: bigint; type: string; accountId: string | null; id: bigint; at: Date; actorId: string | null;
  source: AuditSource; entityType: AuditEntity; entityId: string; field: string; from: string | null; to: string | null;
  batchId: string | null;
};

const columns = Prisma.sql`f.position, f.type, f.account_id::text AS "accountId", a.id, a.at, a.actor_id::text AS "actorId",
  a.source, a.entity_type AS "entityType", a.entity_id AS "entityId", a.field, a.from_value AS "from", a.to_value AS "to",
  a.batch_id::text AS "batchId"`;

async function toViews(rows: Row[]): Promise<ChangeView[]> {
  const actorIds = [...new Set(rows.flatMap((row) => (row.actorId ? [row.actorId] : [])))];
  const actors = new Map(
    (actorIds.length ? await db.user.findMany({ where: { id: { in: actorIds } }, select: userSelect }) : []).map((user) => [user.id, user]),
  );
  return rows.map((row) => ({
    id: row.id.toString(),
    cursor: encodeCursor(row.position),
    at: row.at.toISOString(),
    type: row.type,
    entityType: row.entityType,
    entityId: row.entityId,
    accountId: row.accountId,
    field: row.field,
    from: row.from,
    to: row.to,
    actor: row.actorId ? (actors.get(row.actorId) ?? null) : null,
    source: row.source,
    batchId: row.batchId,
  }));
}

/** A page of the feed after a position, oldest first. */
export async function readChanges(after: bigint, limit: number): Promise<ChangeView[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${columns} FROM change_feed f JOIN audit_entries a ON a.id = f.audit_id
    WHERE f.position > ${after} ORDER BY f.position LIMIT ${limit}`;
  return toViews(rows);
}

/** The changes at these feed positions (a webhook sender's batch), by position. */
export async function changesAt(positions: bigint[]): Promise<Map<bigint, ChangeView>> {
  if (positions.length === 0) return new Map();
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${columns} FROM change_feed f JOIN audit_entries a ON a.id = f.audit_id
    WHERE f.position = ANY(${positions}::bigint[])`;
  const views = await toViews(rows);
  return new Map(rows.map((row, index) => [row.position, views[index]!]));
}

/**
 * GET /changes: publishes what has committed, then pages by position. The next cursor is always
 * given (the last item's, or the one asked with when nothing is new), so a client polls with it.
 */
export async function listChanges(actor: Actor, query: ListChangesQuery): Promise<{ items: ChangeView[]; nextCursor: string }> {
  authorize(actor, "changes.read");
  if (query.after === "now") return { items: [], nextCursor: encodeCursor(await feedEnd()) };
  const after = query.after ? decodeCursor(query.after)! : 0n;
  await sequenceChanges();
  const items = await readChanges(after, query.limit);
  return { items, nextCursor: items.at(-1)?.cursor ?? encodeCursor(after) };
}
