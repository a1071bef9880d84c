import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { supportingActivityCtes } from "./supporting-activity-sql.ts";
import type { CompPeriod } from "./schemas.ts";

const DAY = 24 * 3600 * 1000;

/** [start, end) in UTC: `to` counts through the end of its day. */
export function periodBounds(period: CompPeriod): { start: Date; end: Date } {
  const start = new Date(`${period.from}T00:00:00Z`);
  const end = new Date(Date.parse(`${period.to}T00:00:00Z`) + DAY);
  return { start, end };
}

/**
 * The columns of a comp target, from opportunities `o`. Every one is in
 * opportunities_won_closed_at_idx (migration 0020), so a whole quarter is read from the index
 * alone; for a closed-won opportunity pinned_csm_id is its csm_id (migration 0005).
 */
export const targetColumns = Prisma.sql`
  o.id, o.account_id, o.pinned_csm_id AS csm_id, o.primary_sa_id, o.amount, o.closed_at, o.csm_overridden`;

/** Closed-won, non-merged opportunities `o` closed in the period: the rows a comp review is about. */
export function wonInPeriod(period: CompPeriod): Prisma.Sql {
  const { start, end } = periodBounds(period);
  return Prisma.sql`o.stage = 'closed_won' AND o.merged_into_id IS NULL AND o.closed_at >= ${start} AND o.closed_at < ${end}`;
}

/** The whole period's targets. */
export const periodTargets = (period: CompPeriod) => Prisma.sql`SELECT ${targetColumns} FROM opportunities o WHERE ${wonInPeriod(period)}`;

/**
 * `WITH RECURSIVE …, comp_rows AS (…)`: one row per target with the columns a comp approval
 * freezes (opportunity_id, csm_id, primary_sa_id, supporting_sa_ids, amount, closed_at, flags)
 * plus account_id, so the review, the API, the approval's INSERT … SELECT and the diff all read
 * the same definition. `targets` (default: the whole period) selects `targetColumns`; a page passes
 * just its own rows, since every flag of a row depends on that row alone.
 */
export function compRowsCte(period: CompPeriod, targets: Prisma.Sql = periodTargets(period)): Prisma.Sql {
  return Prisma.sql`
  WITH RECURSIVE targets AS (${targets}),
  ${supportingActivityCtes()},
  supporting AS (
    SELECT s.opportunity_id, array_agg(s.user_id ORDER BY s.added_at, s.user_id) AS ids
    FROM opportunity_supporting_sas s JOIN targets t ON t.id = s.opportunity_id
    GROUP BY s.opportunity_id
  ),
  comp_rows AS (
    SELECT t.id AS opportunity_id, t.account_id, t.csm_id, t.primary_sa_id,
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
 * Runs a comp read or write in a transaction with room to work: a quarter of closed-won deals is
 * a hundred thousand rows and more, which PostgreSQL's default work_mem (4MB) would spill to disk
 * at every step.
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
