import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";

// Any constant shared by every instance: only one sequencer runs at a time.
const SEQUENCER_LOCK = 0x1573_0001;

/**
 * Publishes committed audit entries to the change feed (migration 0011 explains the scheme): every
 * visible entry not yet published gets the next positions, in id order. Runs under a
 * transaction-scoped advisory lock, waiting for another instance's run to end rather than
 * skipping: a reader then always sees what committed before it asked (the publishing statement
 * comes after the lock, so under READ COMMITTED its snapshot includes the other run's rows).
 * Readers and the webhook fan-out call it before they read, so the feed is current without a
 * separate process.
 *
 * One statement, so one snapshot: what it publishes and the watermark it stores (the oldest
 * transaction in flight at that snapshot) agree. Everything below the watermark was complete, so
 * visible to this statement, so published by it or before.
 */
export async function sequenceChanges(): Promise<{ published: number; lastPosition: bigint } | null> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEQUENCER_LOCK})`;
    // The lower bound goes into the statement as a literal, not read inside it nor bound as a
    // parameter: the planner then sees the real value (and probes the txid index for its actual
    // end), so it walks the index for a few fresh entries instead of planning for a third of the
    // audit trail — a generic guess that, at millions of entries, made every run a full scan (2 s).
    // It only changes under this lock, so reading it first changes nothing about the snapshot.
    const [bound] = await tx.$queryRaw<{ below: string }[]>`SELECT published_below::text AS below FROM change_feed_state WHERE id = 1`;
    if (!bound || !/^\d+$/.test(bound.below)) throw new Error("The change feed's state row is missing.");
    const below = Prisma.raw(`'${bound.below}'::xid8`);
    const [row] = await tx.$queryRaw<{ published: number; lastPosition: bigint }[]>`
      WITH state AS (
        SELECT published_below, last_position, pg_snapshot_xmin(pg_current_snapshot()) AS now_below
        FROM change_feed_state WHERE id = 1
      ), fresh AS (
        -- An id that is not a uuid must not stop the feed with a cast error: it just has no account.
        SELECT a.id, change_type(a.entity_type, a.field, a.source, a.to_value) AS type,
               CASE a.entity_type WHEN 'account' THEN u.id WHEN 'opportunity' THEN o.account_id WHEN 'csql' THEN c.account_id END AS account_id,
               a.entity_type::text || ':' || a.entity_id AS entity_key
        FROM audit_entries a CROSS JOIN state
        CROSS JOIN LATERAL (SELECT CASE WHEN a.entity_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                                        THEN a.entity_id::uuid END AS id) u
        LEFT JOIN opportunities o ON a.entity_type = 'opportunity' AND o.id = u.id
        LEFT JOIN csqls c ON a.entity_type = 'csql' AND c.id = u.id
        WHERE a.txid >= ${below}
          AND NOT EXISTS (SELECT 1 FROM change_feed f WHERE f.audit_id = a.id)
      ), published AS (
        INSERT INTO change_feed (position, audit_id, type, account_id, order_key)
        SELECT state.last_position + row_number() OVER (ORDER BY fresh.id), fresh.id, fresh.type, fresh.account_id,
               coalesce('account:' || fresh.account_id::text, fresh.entity_key)
        FROM fresh CROSS JOIN state
        RETURNING position
      )
      UPDATE change_feed_state s
      SET published_below = greatest(s.published_below, state.now_below),
          last_position = s.last_position + (SELECT count(*) FROM published)
      FROM state WHERE s.id = 1
      RETURNING (SELECT count(*)::int FROM published) AS published, s.last_position AS "lastPosition"`;
    return row ?? null;
  }, { timeout: 120_000, maxWait: 10_000 });
}

/** The feed's current end, after publishing what has committed. */
export async function feedEnd(): Promise<bigint> {
  await sequenceChanges();
  const [row] = await db.$queryRaw<{ last: bigint }[]>`SELECT last_position AS last FROM change_feed_state WHERE id = 1`;
  return row?.last ?? 0n;
}
