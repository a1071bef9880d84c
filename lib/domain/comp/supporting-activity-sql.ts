import "server-only";
import { Prisma } from "@/lib/db/generated/client.ts";

/**
 * The `supporting_sa_activity` flag for many opportunities at once, as CTEs to follow a
 * `WITH RECURSIVE targets AS (…)` whose rows carry `(id, account_id, primary_sa_id)`. Defines
 * `supported`, `merged_into_supported` and `supporting_activity (opportunity_id)`: the targets on
 * which a supporting SA (never the primary one) has work attributed to them.
 *
 * The attribution rule is the one for a single activity (lib/domain/activities): an activity
 * logged to an opportunity counts for it, or, when that one was merged, for the one it was merged
 * into, followed to the end of the chain; an activity logged to the account only counts for the
 * account's non-merged opportunity whose lifetime (created_at to closed_at, or now when open)
 * contains occurred_at, the one closing soonest after it when several do (then the earliest
 * expected close date, then id).
 *
 * Only a target with a supporting SA can raise the flag, and only that SA's own work can raise
 * it, so the question is asked per (target, supporting SA) pair — 14,000 in a quarter of 139,000
 * targets at 2M — instead of attributing every activity of every target's account: the direct
 * and merged cases are one index probe each (activities_opportunity_user_idx, migration 0020;
 * LATERAL … LIMIT 1 keeps the planner from hashing the whole activities table instead), and only
 * the account-only activities of those same people on those same accounts get the lifetime pick
 * (activities_account_only_idx). About 1 s → 0.15 s for a quarter at full scale.
 */
export function supportingActivityCtes(): Prisma.Sql {
  return Prisma.sql`
  supported AS MATERIALIZED (
    SELECT s.opportunity_id, s.user_id, t.account_id
    FROM opportunity_supporting_sas s JOIN targets t ON t.id = s.opportunity_id
    WHERE s.user_id IS DISTINCT FROM t.primary_sa_id
  ),
  merged_into_supported AS (
    -- OFFSET 0 keeps each step a probe of opportunities_merged_into_idx: chains are short and
    -- rare, but the planner guesses them huge and would read every merged opportunity instead.
    SELECT r.opportunity_id AS root_id, m.id AS opportunity_id, 1 AS depth
    FROM (SELECT DISTINCT opportunity_id FROM supported) r
    CROSS JOIN LATERAL (SELECT m.id FROM opportunities m WHERE m.merged_into_id = r.opportunity_id OFFSET 0) m
    UNION ALL
    SELECT mt.root_id, m.id, mt.depth + 1
    FROM merged_into_supported mt
    CROSS JOIN LATERAL (SELECT m.id FROM opportunities m WHERE m.merged_into_id = mt.opportunity_id OFFSET 0) m
    WHERE mt.depth < 64
  ),
  supporting_activity AS (
    SELECT s.opportunity_id FROM supported s
    CROSS JOIN LATERAL (SELECT FROM activities a WHERE a.opportunity_id = s.opportunity_id AND a.user_id = s.user_id LIMIT 1) direct
    UNION
    SELECT s.opportunity_id FROM merged_into_supported m JOIN supported s ON s.opportunity_id = m.root_id
    CROSS JOIN LATERAL (SELECT FROM activities a WHERE a.opportunity_id = m.opportunity_id AND a.user_id = s.user_id LIMIT 1) via_merged
    UNION
    SELECT s.opportunity_id
    FROM supported s
    JOIN activities a ON a.opportunity_id IS NULL AND a.account_id = s.account_id AND a.user_id = s.user_id
    CROSS JOIN LATERAL (
      SELECT o.id FROM opportunities o
      WHERE o.account_id = a.account_id AND o.merged_into_id IS NULL
        AND o.created_at <= a.occurred_at AND a.occurred_at <= coalesce(o.closed_at, now())
      ORDER BY coalesce(o.closed_at, now()), o.close_date NULLS LAST, o.id
      LIMIT 1
    ) lifetime
    WHERE lifetime.id = s.opportunity_id
  )`;
}
