// The CSQL revenue summary over 100,000 CSQLs (10,000 on the small data set), by month, by the
// CSM who raised them and by their manager: one aggregate joined to the converted opportunities.
import { csqlSummary } from "../../lib/domain/csqls/summary.ts";
import type { BenchContext } from "../context.ts";
import { measure, timedResult } from "../measure.ts";

/** Adds CSQLs until the data set has `target`: 30% converted (each linked to its own opportunity), the rest new, accepted or rejected. */
async function ensureCsqls(ctx: BenchContext, target: number): Promise<void> {
  const { rows } = await ctx.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM csqls");
  const missing = target - rows[0].n;
  if (missing <= 0) return;
  const started = Date.now();
  const converted = Math.round(missing * 0.3);
  await ctx.pool.query(`
    WITH opps AS (
      SELECT o.id, o.account_id, row_number() OVER (ORDER BY o.id) AS n FROM opportunities o
      WHERE NOT EXISTS (SELECT 1 FROM csqls c WHERE c.opportunity_id = o.id)
      ORDER BY o.id LIMIT $1
    )
    INSERT INTO csqls (account_id, title, kind, estimated_amount, created_by, status, opportunity_id, created_at, decided_at)
    SELECT o.account_id, 'Bench lead ' || o.n, (ARRAY['expansion', 'renewal', 'cross_sell', 'new_logo'])[1 + o.n % 4]::csql_kind,
      (10 + o.n % 90) * 1000, coalesce(h.user_id, (SELECT id FROM users WHERE profile = 'csm' ORDER BY id LIMIT 1)),
      'converted', o.id, now() - make_interval(days => (o.n % 700)::int), now() - make_interval(days => (o.n % 700)::int)
    FROM opps o LEFT JOIN account_role_assignments h ON h.account_id = o.account_id AND h.role_key = 'csm'`, [converted]);
  await ctx.pool.query(`
    WITH accts AS (
      SELECT a.id, row_number() OVER (ORDER BY a.id) AS n FROM accounts a ORDER BY a.id LIMIT $1
    )
    INSERT INTO csqls (account_id, title, kind, estimated_amount, created_by, status, reject_reason, created_at)
    SELECT a.id, 'Bench lead ' || a.n, (ARRAY['expansion', 'renewal', 'cross_sell', 'new_logo'])[1 + a.n % 4]::csql_kind,
      (10 + a.n % 90) * 1000, coalesce(h.user_id, (SELECT id FROM users WHERE profile = 'csm' ORDER BY id LIMIT 1)),
      (ARRAY['new', 'accepted', 'rejected'])[1 + a.n % 3]::csql_status,
      CASE WHEN a.n % 3 = 2 THEN 'Bench' END, now() - make_interval(days => (a.n % 700)::int)
    FROM accts a LEFT JOIN account_role_assignments h ON h.account_id = a.id AND h.role_key = 'csm'`, [missing - converted]);
  await ctx.pool.query("ANALYZE csqls");
  ctx.log(`csqls: added ${missing.toLocaleString("en-US")} CSQLs in ${Date.now() - started} ms`);
}

export async function csqlCases(ctx: BenchContext): Promise<void> {
  const target = ctx.small ? 10_000 : 100_000;
  await ensureCsqls(ctx, target);
  const goal = { kind: "p95", ms: 300 } as const;
  const runs = { warmup: 2, runs: ctx.runs(10, 5) };
  for (const groupBy of ["month", "csm", "manager"] as const) {
    const measured = await measure(runs, async () => ({ rows: (await csqlSummary(ctx.actor, { groupBy })).items.length }));
    ctx.report(timedResult("csqls", `CSQL summary by ${groupBy}, ${target.toLocaleString("en-US")} CSQLs`, measured, goal));
  }
}
