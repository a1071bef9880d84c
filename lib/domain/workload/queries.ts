import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Profile } from "@/lib/db/generated/enums.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import type { WorkloadItem, WorkloadQuery } from "./schemas.ts";

/** The user id of `following` totals, which belong to whoever is the account's CSM. */
const NIL = "00000000-0000-0000-0000-000000000000";

type Row = {
  id: string; email: string; name: string; profile: Profile; active: boolean; managerId: string | null; capacity: number | null;
  accounts: number; arr: string; openOpportunities: number; openPipeline: string;
  supportingOpportunities: number | null; activities90d: number | null; csqlsRaised: number; csqlsConverted: number;
};

/**
 * Each person's book for one role: every active user eligible for it (so an empty book shows as
 * 0), plus anyone still holding it or still stamped on open opportunities. One set-based query of
 * grouped aggregates over every assignment and the per-account open totals (migration 0006: one row
 * per account and holder, kept exact by triggers, instead of 700,000 open opportunities at 2M);
 * sums are numeric in SQL, never floats in JS. Merged opportunities never count; segment and
 * region filter accounts, and opportunities through their account.
 */
export async function getWorkload(actor: Actor, query: WorkloadQuery): Promise<WorkloadItem[]> {
  authorize(actor, "workload.read");
  const isSa = query.role === "sa";
  const filtered = Boolean(query.segment || query.region);
  const accountFilter = Prisma.sql`
    ${query.segment ? Prisma.sql`AND acc.segment = ${query.segment}` : Prisma.empty}
    ${query.region ? Prisma.sql`AND acc.region = ${query.region}` : Prisma.empty}`;
  const viaAccount = (alias: string) =>
    filtered ? Prisma.sql`JOIN accounts acc ON acc.id = ${Prisma.raw(alias)}.account_id` : Prisma.empty;
  // Literal, so the planner drops the SA-only aggregates outright for a CSM workload.
  const forSa = Prisma.raw(isSa ? "true" : "false");
  const forCsm = Prisma.raw(isSa ? "false" : "true");

  const rows = await db.$queryRaw<Row[]>`
    WITH held AS (
      SELECT ara.user_id, count(*)::int AS accounts, sum(acc.arr) AS arr
      FROM account_role_assignments ara
      JOIN accounts acc ON acc.id = ara.account_id
      WHERE ara.role_key = ${query.role} AND ara.user_id IS NOT NULL
        ${query.parentsOnly ? Prisma.sql`AND acc.parent_id IS NULL` : Prisma.empty}
        ${accountFilter}
      GROUP BY ara.user_id
    ), open_opportunities AS (${isSa ? Prisma.sql`
      SELECT t.user_id, sum(t.opportunities)::int AS n, sum(t.amount) AS pipeline
      FROM open_opportunity_totals t ${viaAccount("t")}
      WHERE t.holder = 'primary_sa' ${accountFilter}
      GROUP BY 1` : Prisma.sql`
      -- An open opportunity that follows its account is its account's CSM's; one pinned by an
      -- override, its own (the totals keep the two apart for exactly this).
      SELECT coalesce(h.user_id, t.user_id) AS user_id, sum(t.opportunities)::int AS n, sum(t.amount) AS pipeline
      FROM open_opportunity_totals t ${viaAccount("t")}
      LEFT JOIN account_role_assignments h ON t.holder = 'following' AND h.account_id = t.account_id AND h.role_key = 'csm'
      WHERE t.holder IN ('following', 'csm') ${accountFilter}
      GROUP BY 1 HAVING coalesce(h.user_id, t.user_id) <> ${NIL}::uuid`}
    ), supporting AS (
      SELECT t.user_id, sum(t.opportunities)::int AS n
      FROM open_opportunity_totals t ${viaAccount("t")}
      WHERE ${forSa} AND t.holder = 'supporting_sa' ${accountFilter}
      GROUP BY 1
    ), recent_activities AS (
      SELECT act.user_id, count(*)::int AS n
      FROM activities act ${viaAccount("act")}
      WHERE ${forSa} AND act.occurred_at >= now() - interval '90 days' ${accountFilter}
      GROUP BY act.user_id
    ), csqls_raised AS (
      -- The leads a CSM raised in the last twelve months, and how many became opportunities.
      SELECT c.created_by AS user_id, count(*)::int AS raised, count(*) FILTER (WHERE c.status = 'converted')::int AS converted
      FROM csqls c ${viaAccount("c")}
      WHERE ${forCsm} AND c.created_at >= now() - interval '365 days' ${accountFilter}
      GROUP BY 1
    ), people AS (
      SELECT u.id FROM users u JOIN account_roles r ON r.key = ${query.role}
      WHERE u.active AND u.profile = ANY (r.eligible_profiles)
      UNION SELECT user_id FROM held
      UNION SELECT user_id FROM open_opportunities
    )
    SELECT u.id::text, u.email, u.name, u.profile::text AS profile, u.active, u.manager_id::text AS "managerId", u.capacity,
      coalesce(h.accounts, 0) AS accounts, coalesce(h.arr, 0)::text AS arr,
      coalesce(oo.n, 0) AS "openOpportunities", coalesce(oo.pipeline, 0)::text AS "openPipeline",
      coalesce(s.n, 0) AS "supportingOpportunities", coalesce(ra.n, 0) AS "activities90d",
      coalesce(cr.raised, 0) AS "csqlsRaised", coalesce(cr.converted, 0) AS "csqlsConverted"
    FROM people p
    JOIN users u ON u.id = p.id
    LEFT JOIN held h ON h.user_id = u.id
    LEFT JOIN open_opportunities oo ON oo.user_id = u.id
    LEFT JOIN supporting s ON s.user_id = u.id
    LEFT JOIN recent_activities ra ON ra.user_id = u.id
    LEFT JOIN csqls_raised cr ON cr.user_id = u.id
    ${query.managerId ? Prisma.sql`WHERE u.manager_id = ${query.managerId}::uuid` : Prisma.empty}
    ORDER BY u.name, u.id`;

  return rows.map((row) => ({
    user: {
      id: row.id, email: row.email, name: row.name, profile: row.profile,
      active: row.active, managerId: row.managerId, capacity: row.capacity,
    },
    accounts: row.accounts,
    arr: Number(row.arr),
    openOpportunities: row.openOpportunities,
    openPipeline: Number(row.openPipeline),
    capacity: row.capacity,
    utilization: row.capacity ? Math.round((row.accounts / row.capacity) * 10_000) / 10_000 : null,
    ...(isSa
      ? { supportingOpportunities: row.supportingOpportunities ?? 0, activities90d: row.activities90d ?? 0 }
      : { csqlsRaised: row.csqlsRaised, csqlsConverted: row.csqlsConverted }),
  }));
}
