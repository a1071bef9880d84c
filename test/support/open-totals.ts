import { Prisma } from "@/lib/db/generated/client.ts";
import { db } from "@/lib/db/client.ts";

/**
 * CTEs ending in `totals_drift`: every row where open_opportunity_totals (migration 0006) and a
 * recount of the accounts' opportunities disagree, written independently of the triggers' SQL.
 */
export function totalsComparison(accountIds: string[]): Prisma.Sql {
  return Prisma.sql`
    stored AS (
      SELECT account_id, holder, user_id, opportunities::bigint AS n, amount FROM open_opportunity_totals
      WHERE account_id = ANY(${accountIds}::uuid[])
    ), open AS (
      SELECT * FROM opportunities o
      WHERE o.account_id = ANY(${accountIds}::uuid[]) AND o.stage NOT IN ('closed_won', 'closed_lost') AND o.merged_into_id IS NULL
    ), recounted AS (
      SELECT account_id, 'following' AS holder, '00000000-0000-0000-0000-000000000000'::uuid AS user_id, count(*) AS n, coalesce(sum(amount), 0) AS amount
      FROM open WHERE NOT csm_overridden GROUP BY 1
      UNION ALL SELECT account_id, 'csm', csm_id, count(*), coalesce(sum(amount), 0) FROM open WHERE csm_overridden AND csm_id IS NOT NULL GROUP BY 1, 3
      UNION ALL SELECT account_id, 'primary_sa', primary_sa_id, count(*), coalesce(sum(amount), 0) FROM open WHERE primary_sa_id IS NOT NULL GROUP BY 1, 3
      UNION ALL SELECT o.account_id, 'supporting_sa', s.user_id, count(*), coalesce(sum(o.amount), 0)
        FROM open o JOIN opportunity_supporting_sas s ON s.opportunity_id = o.id GROUP BY 1, 3
    ), totals_drift AS (
      (SELECT 'stored' AS side, * FROM stored EXCEPT SELECT 'stored', * FROM recounted)
      UNION ALL (SELECT 'recounted', * FROM recounted EXCEPT SELECT 'recounted', * FROM stored)
    )`;
}

export async function totalsDrift(accountIds: string[]): Promise<unknown[]> {
  return db.$queryRaw<unknown[]>`WITH ${totalsComparison(accountIds)} SELECT * FROM totals_drift`;
}

const NO_WORKLOAD = Prisma.sql`(0::bigint, 0::numeric, 0::bigint, 0::numeric, 0::bigint, 0::numeric, 0::bigint)`;

/**
 * CTEs ending in `workload_drift`: every person and role whose folded workload totals (the deltas
 * of migration 0023, summed) disagree with `workload_recount()`, the whole org at once.
 */
export function workloadComparison(): Prisma.Sql {
  return Prisma.sql`
    workload_stored AS (
      SELECT role_key, user_id, sum(accounts)::bigint AS accounts, sum(arr)::numeric AS arr, sum(top_accounts)::bigint AS top_accounts,
        sum(top_arr)::numeric AS top_arr, sum(open_opportunities)::bigint AS open_n, sum(pipeline)::numeric AS pipeline, sum(supporting)::bigint AS supporting
      FROM workload_totals GROUP BY 1, 2
      HAVING (sum(accounts)::bigint, sum(arr)::numeric, sum(top_accounts)::bigint, sum(top_arr)::numeric,
              sum(open_opportunities)::bigint, sum(pipeline)::numeric, sum(supporting)::bigint) IS DISTINCT FROM ${NO_WORKLOAD}
    ), workload_recounted AS (
      SELECT r.role_key, r.user_id, r.accounts::bigint, r.arr::numeric, r.top_accounts::bigint, r.top_arr::numeric,
        r.open_opportunities::bigint, r.pipeline::numeric, r.supporting::bigint
      FROM workload_recount() r
      WHERE (r.accounts::bigint, r.arr::numeric, r.top_accounts::bigint, r.top_arr::numeric,
             r.open_opportunities::bigint, r.pipeline::numeric, r.supporting::bigint) IS DISTINCT FROM ${NO_WORKLOAD}
    ), workload_drift AS (
      (SELECT 'stored' AS side, * FROM workload_stored EXCEPT SELECT 'stored', * FROM workload_recounted)
      UNION ALL (SELECT 'recounted', * FROM workload_recounted EXCEPT SELECT 'recounted', * FROM workload_stored)
    )`;
}

export async function workloadDrift(): Promise<unknown[]> {
  return db.$queryRaw<unknown[]>`WITH ${workloadComparison()} SELECT * FROM workload_drift`;
}
