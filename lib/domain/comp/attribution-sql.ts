import "server-only";
import { Prisma } from "@/lib/db/generated/client.ts";

/**
 * Activity attribution for many opportunities at once, as CTEs to follow `WITH RECURSIVE`.
 * `targets` must select `(id, account_id)` of non-merged opportunities; the result defines
 * `targets`, `merge_tree` and `attributed_activities (opportunity_id, user_id, activity_id)`.
 *
 * The rule (the same as for one activity in lib/domain/activities): an activity logged to an
 * opportunity counts for it, or, when that one was merged, for the one it was merged into,
 * followed to the end of the chain. An activity logged to the account only counts for the
 * account's non-merged opportunity whose lifetime (created_at to closed_at, or now when open)
 * contains occurred_at; when several do, the one closing soonest after it (then the earliest
 * expected close date, then id, so the choice is stable).
 *
 * Set-based because comp reads a whole period: the merge chains are walked down from the targets
 * (one recursive CTE, via opportunities_merged_into_idx) instead of up from every activity, and
 * the lifetime pick is one LATERAL per account-only activity on the targets' accounts.
 */
export function attributionCtes(targets: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
  targets AS (${targets}),
  merge_tree AS (
    SELECT t.id AS root_id, t.id AS opportunity_id, 0 AS depth FROM targets t
    UNION ALL
    SELECT mt.root_id, o.id, mt.depth + 1
    FROM merge_tree mt JOIN opportunities o ON o.merged_into_id = mt.opportunity_id
    WHERE mt.depth < 64
  ),
  attributed_activities AS (
    SELECT mt.root_id AS opportunity_id, act.user_id, act.id AS activity_id
    FROM merge_tree mt JOIN activities act ON act.opportunity_id = mt.opportunity_id
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
