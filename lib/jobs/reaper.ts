import { db } from "@/lib/db/client.ts";
import { clearAbandonedStaging, failAbandonedImports } from "@/lib/domain/imports/fail-abandoned-imports.ts";
import { leaseSeconds } from "./instance.ts";

export type Reaped = { failedImports: string[]; freedWorkers: string[]; stagingRowsRemoved: number };

/**
 * Settles what dead workers held, on whichever instance gets here first (every statement is safe
 * to run on several at once):
 * - a running import whose lease expired is failed, never re-applied (it changes state);
 * - graphile-worker jobs locked by an instance that stopped beating are unlocked at once instead
 *   of after graphile-worker's four hours: idempotent jobs (reconcile, deliveries) run again, and
 *   an import's job has used its single attempt, so it never does;
 * - staging rows of imports that are no longer running are removed.
 */
export async function reapAbandonedWork({ staging = true }: { staging?: boolean } = {}): Promise<Reaped> {
  const failedImports = await failAbandonedImports();
  // One statement: an instance is forgotten only together with unlocking what it held.
  const [freed] = await db.$queryRaw<{ ids: string[] }[]>`
    WITH dead AS (
      DELETE FROM job_workers WHERE heartbeat_at < now() - make_interval(secs => ${leaseSeconds()}) RETURNING id, worker_ids
    ), held AS (
      SELECT coalesce(array_agg(id), '{}') AS ids,
             coalesce((SELECT array_agg(w) FROM dead, unnest(dead.worker_ids) AS w), '{}') AS workers
      FROM dead
    )
    SELECT ids, (SELECT count(*) FROM (SELECT graphile_worker.force_unlock_workers(workers)) AS unlock)::int AS unlocked FROM held`;
  const stagingRowsRemoved = staging ? await clearAbandonedStaging() : 0;
  return { failedImports, freedWorkers: freed?.ids ?? [], stagingRowsRemoved };
}
