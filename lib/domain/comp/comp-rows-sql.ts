import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { attributionCtes } from "./attribution-sql.ts";
import type { CompPeriod } from "./schemas.ts";

const DAY = 24 * 3600 * 1000;

/** [start, end) in UTC: `to` counts through the end of its day. */
export function periodBounds(period: CompPeriod): { start: Date; end: Date } {
  const start = new Date(`${period.from}T00:00:00Z`);
  const end = new Date(Date.parse(`${period.to}T00:00:00Z`) + DAY);
  return { start, end };
}

/**
 * `WITH RECURSIVE …, comp_rows AS (…)`: the comp review of a period, one row per closed-won,
 * non-merged opportunity closed in it, with the columns a comp approval freezes (opportunity_id,
 * csm_id, primary_sa_id, supporting_sa_ids, amount, closed_at, flags) plus account_id, name and
 * external_id for display, so the review, the approval's INSERT … SELECT and the diff all read
 * the same definition.
 */
export function compRowsCte(period: CompPeriod): Prisma.Sql {
  const { start, end } = periodBounds(period);
  // The targets carry every column the rows need, so no step reads an opportunity twice.
  const targets = Prisma.sql`
    SELECT o.id, o.account_id, o.name, o.external_id, o.csm_id, o.primary_sa_id, o.amount, o.closed_at, o.csm_overridden
    FROM opportunities o
    WHERE o.stage = 'closed_won' AND o.merged_into_id IS NULL
      AND o.closed_at >= ${start} AND o.closed_at < ${end}`;
  return Prisma.sql`
  WITH RECURSIVE ${attributionCtes(targets)},
  supporting AS (
    SELECT s.opportunity_id, array_agg(s.user_id ORDER BY s.added_at, s.user_id) AS ids
    FROM opportunity_supporting_sas s JOIN targets t ON t.id = s.opportunity_id
    GROUP BY s.opportunity_id
  ),
  supporting_activity AS (
    -- A supporting SA (never the primary one) with work attributed to the opportunity.
    SELECT DISTINCT aa.opportunity_id
    FROM attributed_activities aa
    JOIN opportunity_supporting_sas s ON s.opportunity_id = aa.opportunity_id AND s.user_id = aa.user_id
    JOIN targets t ON t.id = aa.opportunity_id
    WHERE aa.user_id IS DISTINCT FROM t.primary_sa_id
  ),
  comp_rows AS (
    SELECT t.id AS opportunity_id, t.account_id, t.name, t.external_id, t.csm_id, t.primary_sa_id,
      coalesce(supporting.ids, '{}'::uuid[]) AS supporting_sa_ids,
      t.amount, t.closed_at,
      array_remove(ARRAY[
        CASE WHEN t.csm_id IS NULL THEN 'missing_csm' END,
        CASE WHEN t.primary_sa_id IS NULL THEN 'missing_primary_sa' END,
        CASE WHEN sa.opportunity_id IS NOT NULL THEN 'supporting_sa_activity' END,
        CASE WHEN t.csm_overridden THEN 'csm_overridden' END
      ]::text[], NULL) AS flags
    FROM targets t
    LEFT JOIN supporting ON supporting.opportunity_id = t.id
    LEFT JOIN supporting_activity sa ON sa.opportunity_id = t.id
  )`;
}

/**
 * Runs a comp read or write in a transaction with room to work: a year of closed-won deals is
 * a few hundred thousand rows read several times over, which PostgreSQL's default work_mem
 * (4MB) would spill to disk at every step.
 */
export function inCompTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
      return work(tx);
    },
    { timeout: 5 * 60_000, maxWait: 30_000 },
  );
}
