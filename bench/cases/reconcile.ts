// The catch: reconcile every open opportunity against its account's CSM, clean and with drift.
import { reconcileCsm, SYSTEM } from "../../lib/domain/reconcile/reconcile-csm.ts";
import type { BenchContext } from "../context.ts";
import { countResult, measure, timedResult } from "../measure.ts";

const DRIFTS = 1000;

/**
 * Drift as a bad manual SQL fix would leave it: 1,000 open, non-overridden opportunities of
 * accounts with a CSM given another CSM, behind Roster's back. Spread over the table (a hash of
 * the id and the run number) rather than clustered on one account.
 */
async function injectDrift(ctx: BenchContext, run: number): Promise<void> {
  const { rowCount } = await ctx.pool.query(`
    WITH victims AS (
      SELECT o.id, h.user_id AS csm FROM opportunities o
      JOIN account_role_assignments h ON h.account_id = o.account_id AND h.role_key = 'csm'
      WHERE NOT o.is_closed AND NOT o.csm_overridden AND o.merged_into_id IS NULL
      ORDER BY md5(o.id::text || $2::text) LIMIT $1
    ), other AS (SELECT id FROM users WHERE profile = 'csm' AND active ORDER BY email LIMIT 2)
    UPDATE opportunities o
    SET csm_id = (SELECT u.id FROM other u WHERE u.id IS DISTINCT FROM v.csm LIMIT 1)
    FROM victims v WHERE o.id = v.id`, [DRIFTS, run]);
  if (rowCount !== DRIFTS) throw new Error(`bench: injected ${rowCount} drifts, wanted ${DRIFTS}`);
}

export async function reconcileCases(ctx: BenchContext): Promise<void> {
  const goal = { kind: "p95", ms: 10_000 } as const;
  const runs = ctx.runs(3, 2);
  // Whatever earlier cases or runs left, so "no drift" starts clean. Untimed.
  await reconcileCsm(SYSTEM, { dryRun: false, trigger: "cli" });

  let leftover = 0;
  const clean = await measure({ warmup: 1, runs }, async () => {
    const result = await reconcileCsm(SYSTEM, { dryRun: false, trigger: "cli" });
    leftover += result.mismatchCount;
    return { rows: result.checked };
  });
  ctx.report(timedResult("reconcile", "reconcile all open, no drift", clean, goal, "rows = opportunities checked"));

  let repaired = 0;
  const drifted = await measure({ warmup: 1, runs, before: (i) => injectDrift(ctx, i) }, async () => {
    const result = await reconcileCsm(SYSTEM, { dryRun: false, trigger: "cli" });
    repaired += result.repaired;
    return { rows: result.repaired };
  });
  ctx.report(timedResult("reconcile", `reconcile all open, ${DRIFTS.toLocaleString("en-US")} drifts injected`, drifted, goal, "rows = repaired"));
  const after = await reconcileCsm(SYSTEM, { dryRun: true, trigger: "cli" });
  ctx.report(countResult("reconcile", "drift left after the repairs", after.mismatchCount + leftover, { kind: "equals", value: 0, unit: "rows" }));
  ctx.report(countResult("reconcile", "drifts repaired", repaired, { kind: "equals", value: DRIFTS * (runs + 1), unit: "rows" }));
}
