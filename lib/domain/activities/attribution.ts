import "server-only";
import type { db, Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";

type Client = Tx | typeof db;

/** How an activity came to count for an opportunity. */
export type AttributionVia = "opportunity" | "merge" | "lifetime";
export type Attribution = { activityId: string; opportunityId: string | null; via: AttributionVia };

/**
 * Which opportunity an activity counts for, as SQL common table expressions, so that a report over
 * thousands of activities (comp's `supporting_sa_activity` flag, the activity lists) computes it in
 * one set-based statement rather than per row. The rule (API.md, Activities):
 * - logged to an opportunity: that opportunity, followed through `merged_into_id` to the survivor
 *   (via "opportunity" when it was not merged, "merge" when it was);
 * - logged to the account only: the account's non-merged opportunity whose lifetime —
 *   [created_at, closed_at], or up to now while open — contains `occurred_at`; when several do, the
 *   one closing soonest after it (open ones count as closing now), then the earliest close date,
 *   then the id (via "lifetime"); null when none does.
 *
 * Usage: `WITH RECURSIVE ${attributionCtes(scope)}, … SELECT … FROM activity_attribution …`
 * (RECURSIVE is required: the merge chain is a recursive CTE). `scope` is a condition on the
 * activities alias `act` choosing whose attribution to compute, e.g. `attributionScope({...})`.
 * The result is `activity_attribution(activity_id uuid, opportunity_id uuid | null, via text)`,
 * plus the helper CTEs `attr_scope` and `attr_chain`, whose names callers must not reuse.
 */
export function attributionCtes(scope: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    attr_scope AS (
      SELECT act.id, act.account_id, act.opportunity_id, act.occurred_at FROM activities act WHERE ${scope}
    ),
    attr_chain AS (
      SELECT s.id AS activity_id, o.id AS opportunity_id, o.merged_into_id, 0 AS depth
      FROM attr_scope s JOIN opportunities o ON o.id = s.opportunity_id
      UNION ALL
      -- The depth bound only guards against a corrupt chain; merges refuse to create cycles.
      SELECT c.activity_id, o.id, o.merged_into_id, c.depth + 1
      FROM attr_chain c JOIN opportunities o ON o.id = c.merged_into_id
      WHERE c.depth < 64
    ),
    activity_attribution AS (
      SELECT s.id AS activity_id,
        CASE WHEN s.opportunity_id IS NULL THEN lifetime.id ELSE survivor.opportunity_id END AS opportunity_id,
        CASE WHEN s.opportunity_id IS NULL THEN 'lifetime' WHEN survivor.depth > 0 THEN 'merge' ELSE 'opportunity' END AS via
      FROM attr_scope s
      LEFT JOIN attr_chain survivor ON survivor.activity_id = s.id AND survivor.merged_into_id IS NULL
      LEFT JOIN LATERAL (
        SELECT o.id FROM opportunities o
        WHERE s.opportunity_id IS NULL AND o.account_id = s.account_id AND o.merged_into_id IS NULL
          AND o.created_at <= s.occurred_at AND s.occurred_at <= coalesce(o.closed_at, now())
        ORDER BY coalesce(o.closed_at, now()), o.close_date NULLS LAST, o.id
        LIMIT 1
      ) lifetime ON TRUE
    )`;
}

/**
 * The `act` condition for a scope: given activities, the activities of given accounts, or every
 * activity that may count for given opportunities — those logged to them or to anything merged
 * into them (at any depth, on any account), and those logged to their accounts only.
 */
export function attributionScope(scope: { activityIds?: string[]; accountIds?: string[]; opportunityIds?: string[] }): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (scope.activityIds) conditions.push(Prisma.sql`act.id = ANY(${scope.activityIds}::uuid[])`);
  if (scope.accountIds) conditions.push(Prisma.sql`act.account_id = ANY(${scope.accountIds}::uuid[])`);
  if (scope.opportunityIds) {
    conditions.push(Prisma.sql`(
      act.opportunity_id IN (
        WITH RECURSIVE merged_tree AS (
          SELECT id, 0 AS depth FROM opportunities WHERE id = ANY(${scope.opportunityIds}::uuid[])
          UNION ALL
          SELECT o.id, t.depth + 1 FROM opportunities o JOIN merged_tree t ON o.merged_into_id = t.id WHERE t.depth < 64
        ) SELECT id FROM merged_tree)
      OR (act.opportunity_id IS NULL
        AND act.account_id IN (SELECT account_id FROM opportunities WHERE id = ANY(${scope.opportunityIds}::uuid[]))))`);
  }
  return conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`FALSE`;
}

/**
 * The attribution of the activities in `scope` (see attributionCtes), keyed by activity id. With
 * `opportunityIds`, only the activities that count for one of those opportunities are returned.
 */
export async function attributedOpportunities(
  client: Client,
  scope: { activityIds?: string[]; accountIds?: string[]; opportunityIds?: string[] },
): Promise<Map<string, Attribution>> {
  const only = scope.opportunityIds
    ? Prisma.sql`WHERE opportunity_id = ANY(${scope.opportunityIds}::uuid[])`
    : Prisma.empty;
  const rows = await client.$queryRaw<Attribution[]>`
    WITH RECURSIVE ${attributionCtes(attributionScope(scope))}
    SELECT activity_id::text AS "activityId", opportunity_id::text AS "opportunityId", via
    FROM activity_attribution ${only}`;
  return new Map(rows.map((row) => [row.activityId, row]));
}
