import "server-only";
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
 * non-merged opportunity closed in it, in exactly the shape a comp approval freezes
 * (opportunity_id, csm_id, primary_sa_id, supporting_sa_ids, amount, closed_at, flags), so the
 * review, the approval's INSERT … SELECT and the diff all read the same definition.
 */
export function compRowsCte(period: CompPeriod): Prisma.Sql {
  const { start, end } = periodBounds(period);
  const targets = Prisma.sql`
    SELECT o.id, o.account_id FROM opportunities o
    WHERE o.stage = 'closed_won' AND o.merged_into_id IS NULL
      AND o.closed_at >= ${start} AND o.closed_at < ${end}`;
  return Prisma.sql`
  WITH RECURSIVE ${attributionCtes(targets)},
  supporting_activity AS (
    -- A supporting SA (never the primary one) with work attributed to the opportunity.
    SELECT DISTINCT aa.opportunity_id
    FROM attributed_activities aa
    JOIN opportunity_supporting_sas s ON s.opportunity_id = aa.opportunity_id AND s.user_id = aa.user_id
    JOIN opportunities o ON o.id = aa.opportunity_id
    WHERE aa.user_id IS DISTINCT FROM o.primary_sa_id
  ),
  comp_rows AS (
    SELECT o.id AS opportunity_id, o.csm_id, o.primary_sa_id,
      coalesce(supporting.ids, '{}'::uuid[]) AS supporting_sa_ids,
      o.amount, o.closed_at,
      array_remove(ARRAY[
        CASE WHEN o.csm_id IS NULL THEN 'missing_csm' END,
        CASE WHEN o.primary_sa_id IS NULL THEN 'missing_primary_sa' END,
        CASE WHEN sa.opportunity_id IS NOT NULL THEN 'supporting_sa_activity' END,
        CASE WHEN o.csm_overridden THEN 'csm_overridden' END
      ]::text[], NULL) AS flags
    FROM targets t
    JOIN opportunities o ON o.id = t.id
    LEFT JOIN supporting_activity sa ON sa.opportunity_id = o.id
    LEFT JOIN LATERAL (
      SELECT array_agg(s.user_id ORDER BY s.added_at, s.user_id) AS ids
      FROM opportunity_supporting_sas s WHERE s.opportunity_id = o.id
    ) supporting ON true
  )`;
}
