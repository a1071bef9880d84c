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
