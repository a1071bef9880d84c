import "server-only";
import { db } from "@/lib/db/client.ts";
import { sequenceChanges } from "@/lib/domain/changes/sequence-changes.ts";

/**
 * Creates the deliveries of newly published changes: one row per change and active endpoint whose
 * event types match, in one statement per run (an import publishes 300,000 changes). Each endpoint
 * keeps its own feed position; endpoints being fanned out by another instance are skipped (their
 * rows are locked), and the unique (endpoint, position) key makes a repeated run harmless.
 */
export async function fanOut(maxPerEndpoint = 50_000): Promise<number> {
  await sequenceChanges();
  const [row] = await db.$queryRaw<{ created: number }[]>`
    WITH e AS (
      SELECT id, event_types, fanout_position,
             least((SELECT last_position FROM change_feed_state WHERE id = 1), fanout_position + ${maxPerEndpoint}) AS target
      FROM webhook_endpoints WHERE active
      FOR UPDATE SKIP LOCKED
    ), created AS (
      INSERT INTO webhook_deliveries (endpoint_id, position, change_id, type, order_key)
      SELECT e.id, f.position, f.audit_id, f.type, f.order_key
      FROM e JOIN change_feed f ON f.position > e.fanout_position AND f.position <= e.target
      WHERE cardinality(e.event_types) = 0 OR f.type = ANY(e.event_types) OR split_part(f.type, '.', 1) || '.*' = ANY(e.event_types)
      ORDER BY f.position
      ON CONFLICT (endpoint_id, position) DO NOTHING
      RETURNING 1
    ), moved AS (
      UPDATE webhook_endpoints w SET fanout_position = e.target FROM e WHERE w.id = e.id AND e.target > w.fanout_position
    )
    SELECT count(*)::int AS created FROM created`;
  return row?.created ?? 0;
}
