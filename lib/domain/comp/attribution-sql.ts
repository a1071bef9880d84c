import "server-only";
import { Prisma } from "@/lib/db/generated/client.ts";

/**
 * Activity attribution for many opportunities at once, as CTEs to follow `WITH RECURSIVE`.
 * `targets` must select at least `(id, account_id)` of non-merged opportunities; the result
 * defines `targets`, `merged`, `merged_into_targets` and
 * `attributed_activities (opportunity_id, user_id, activity_id)`.
 *
 * The rule (the same as for one activity in lib/domain/activities): an activity logged to an
 * opportunity counts for it, or, when that one was merged, for the one it was merged into,
 * followed to the end of the chain. An activity logged to the account only counts for the
 * account's non-merged opportunity whose lifetime (created_at to closed_at, or now when open)
 * contains occurred_at; when several do, the one closing soonest after it (then the earliest
 * expected close date, then id, so the choice is stable).
 *
 * Set-based because comp reads a whole period (hundreds of thousands of opportunities): merge
 * chains are walked down from the targets over the merged opportunities only, read once
 * (opportunities_merged_into_idx) so each level of a chain costs a small in-memory join, and the
 * lifetime pick is one LATERAL per account-only activity on the targets' accounts
 * (opportunities_account_idx).
 */
export function attributionCtes(targets: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
  targets AS (${targets}),
  merged AS MATERIALIZED (
    SELECT id, merged_into_id FROM opportunities WHERE merged_into_id IS NOT NULL
  ),
  merged_into_targets AS (
    SELECT m.merged_into_id AS root_id, m.id AS opportunity_id, 1 AS depth
    FROM merged m JOIN targets t ON t.id = m.merged_into_id
    UNION ALL
    SELECT mt.root_id, m.id, mt.depth + 1
    FROM merged_into_targets mt JOIN merged m ON m.merged_into_id = mt.opportunity_id
    WHERE mt.depth < 64
  ),
  attributed_activities AS (
    SELECT act.opportunity_id, act.user_id, act.id AS activity_id
    FROM activities act JOIN targets t ON t.id = act.opportunity_id
    UNION ALL
    SELECT m.root_id, act.user_id, act.id
    FROM merged_into_targets m JOIN activities act ON act.opportunity_id = m.opportunity_id
    UNION ALL
    SELECT lifetime.id, act.user_id, act.id
    FROM activities act
    CROSS JOIN LATERAL (
      SELECT o.id FROM opportunities o
      WHERE o.account_id = act.account_id AND o.merged_into_id IS NULL
        AND o.created_at <= act.occurred_at AND act.occurred_at <= coalesce(o.closed_at, now())
      ORDER BY coalesce(o.closed_at, now()), o.close_date NULLS LAST, o.id
      LIMIT 1
    ) lifetime
    WHERE act.opportunity_id IS NULL
      AND act.account_id IN (SELECT account_id FROM targets)
      AND lifetime.id IN (SELECT id FROM targets)
  )`;
}
