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
  const [freed] = await db.$queryRaw<{ ids: string[] }[]>`
    SELECT free_dead_job_workers(make_interval(secs => ${leaseSeconds()})) AS ids`;
  const stagingRowsRemoved = staging ? await clearAbandonedStaging() : 0;
  return { failedImports, freedWorkers: freed?.ids ?? [], stagingRowsRemoved };
}
