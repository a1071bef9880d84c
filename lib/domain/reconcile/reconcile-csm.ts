import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { lockAccountsTopDown } from "@/lib/domain/accounts/lock-account.ts";
import type { ReconcileResult, ReconcileTrigger } from "./schemas.ts";

/** The scheduled job and the command line act as nobody: their audit entries have no actor. */
export const SYSTEM = "system" as const;
export type ReconcileCaller = ActorContext | typeof SYSTEM;

export type ReconcileOptions = { dryRun: boolean; trigger: ReconcileTrigger; accountIds?: string[] };

const MISMATCH_LIST_LIMIT = 1000;

/**
 * The catch for stamping gone wrong (a crash between writes, a manual SQL fix, an old import):
 * every open, non-overridden, non-merged opportunity must carry its account's CSM holder (none
 * when the role is unassigned or only pending). Set-based throughout, because it reads all 2M
 * opportunities: one aggregate pass to count, one capped pass to list, and for a real run one
 * UPDATE … FROM whose rows feed one INSERT … SELECT into the audit trail, in one transaction.
 */
export async function reconcileCsm(caller: ReconcileCaller, options: ReconcileOptions): Promise<ReconcileResult> {
  const actorId = caller === SYSTEM ? null : caller.actor.id;
  if (caller !== SYSTEM) authorize(caller.actor, "reconcile.run");
  const scope = options.accountIds?.length
    ? Prisma.sql`AND o.account_id = ANY(${options.accountIds}::uuid[])`
    : Prisma.empty;
  const examined = Prisma.sql`
    FROM opportunities o
    LEFT JOIN account_role_assignments a ON a.account_id = o.account_id AND a.role_key = 'csm'
    WHERE NOT o.is_closed AND NOT o.csm_overridden AND o.merged_into_id IS NULL ${scope}`;
  const drifted = Prisma.sql`o.csm_id IS DISTINCT FROM a.user_id`;
  const startedAt = new Date();

  return db.$transaction(
    async (tx) => {
      // The common case, no drift, costs one pass over the open opportunities.
      const [counts] = await tx.$queryRaw<{ checked: number; mismatches: number }[]>`
        SELECT count(*)::int AS checked, (count(*) FILTER (WHERE ${drifted}))::int AS mismatches ${examined}`;

      let mismatches: ReconcileResult["mismatches"] = [];
      let repaired = 0;
      let batchId: string | null = null;
      if (counts.mismatches > 0) {
        // A second pass keeps the drifted rows, which the list and the repair then read.
        await tx.$executeRaw`
          CREATE TEMP TABLE reconcile_drift (opportunity_id uuid PRIMARY KEY, account_id uuid NOT NULL, actual uuid, expected uuid)
          ON COMMIT DROP`;
        await tx.$executeRaw`
          INSERT INTO reconcile_drift SELECT o.id, o.account_id, o.csm_id, a.user_id ${examined} AND ${drifted}`;
        await tx.$executeRaw`ANALYZE reconcile_drift`;
        mismatches = await tx.$queryRaw<ReconcileResult["mismatches"]>`
          SELECT opportunity_id::text AS "opportunityId", expected::text AS "expectedCsmId", actual::text AS "actualCsmId"
          FROM reconcile_drift ORDER BY opportunity_id LIMIT ${MISMATCH_LIST_LIMIT}`;
        if (!options.dryRun) {
          batchId = randomUUID();
          repaired = await repairDrift(tx, { actorId, batchId });
        }
      }

      // The workload's per-person totals (migration 0023) are derived, not audited: a full run
      // recounts them too, so a drift there never outlives the next reconcile either.
      if (!options.dryRun && !options.accountIds?.length) await tx.$executeRaw`SELECT workload_rebuild()`;

      const [run] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO reconcile_runs (trigger, dry_run, actor_id, started_at, finished_at, checked, mismatches, repaired, batch_id)
        VALUES (${options.trigger}, ${options.dryRun}, ${actorId}::uuid, ${startedAt}, now(), ${counts.checked},
                ${counts.mismatches}, ${repaired}, ${batchId}::uuid)
        RETURNING id::text`;
      return {
        runId: run.id,
        dryRun: options.dryRun,
        checked: counts.checked,
        mismatches,
        mismatchCount: counts.mismatches,
        repaired,
        batchId: repaired > 0 ? batchId : null,
      };
    },
    // Repairing millions of rows takes a while; the default 5s would abort it half-way.
    { timeout: 15 * 60_000, maxWait: 30_000 },
  );
}

/**
 * Stamps the drifted opportunities. A reassignment running at the same time holds its account's
 * lock while it rewrites the assignment and stamps; an UPDATE that merely joined the assignments
 * as of its own snapshot could, after waiting on that stamp, write the old holder back. So the
 * drifted accounts are locked first (top-down, the order every multi-account writer uses), and only
 * then, in a new statement that sees every committed reassignment, are the drifted opportunities
 * compared again and repaired: what was fixed by someone else meanwhile is simply not drifted,
 * and what drifted since the scan waits for the next run.
 */
async function repairDrift(tx: Tx, { actorId, batchId }: { actorId: string | null; batchId: string }): Promise<number> {
  const accounts = await tx.$queryRaw<{ id: string }[]>`SELECT DISTINCT account_id::text AS id FROM reconcile_drift`;
  await lockAccountsTopDown(tx, accounts.map((row) => row.id));
  return tx.$executeRaw`
    WITH repaired AS (
      UPDATE opportunities o
      SET csm_id = a.user_id, version = o.version + 1, updated_at = now()
      FROM reconcile_drift d
      LEFT JOIN account_role_assignments a ON a.account_id = d.account_id AND a.role_key = 'csm'
      WHERE o.id = d.opportunity_id AND o.account_id = d.account_id
        AND NOT o.is_closed AND NOT o.csm_overridden AND o.merged_into_id IS NULL
        -- Still the CSM that was seen (so the audit's "from" is exact), and still not the
        -- account's CSM as it stands now that the accounts are locked.
        AND o.csm_id IS NOT DISTINCT FROM d.actual AND o.csm_id IS DISTINCT FROM a.user_id
      RETURNING o.id, d.actual AS old_csm, a.user_id AS new_csm
    )
    INSERT INTO audit_entries (actor_id, source, entity_type, entity_id, field, from_value, to_value, batch_id)
    SELECT ${actorId}::uuid, 'reconcile', 'opportunity', id::text, 'csm', old_csm::text, new_csm::text, ${batchId}::uuid
    FROM repaired`;
}
