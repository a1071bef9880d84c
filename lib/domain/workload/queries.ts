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
 * 0), plus anyone still holding it or still stamped on open opportunities. Unfiltered, it reads
 * the per-person totals triggers keep (migration 0023: a few hundred rows, whatever the size of
 * the org); filtered by segment or region, it aggregates that slice of the accounts. Sums are
 * numeric in SQL, never floats in JS. Merged opportunities never count.
 */
export async function getWorkload(actor: Actor, query: WorkloadQuery): Promise<WorkloadItem[]> {
  authorize(actor, "workload.read");
  const isSa = query.role === "sa";
  const rows = query.segment || query.region ? await sliceRows(query) : await totalsRows(query);

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

/** The first whole UTC month inside the CSQLs' twelve-month window, as a timestamp without zone. */
const FIRST_WHOLE_MONTH = Prisma.sql`(date_trunc('month', (now() - interval '365 days') AT TIME ZONE 'UTC') + interval '1 month')`;

/** Folded into one row per person once this many deltas have piled up (a read sums them all). */
const FOLD_AFTER = 2_000;

/**
 * The whole org's books from the per-person totals. CSQLs (a few thousand a year) are counted
 * live; an SA's activities from the per-day counts, with the first, partial day counted exactly.
 */
async function totalsRows(query: WorkloadQuery): Promise<Row[]> {
  const isSa = query.role === "sa";
  const accounts = Prisma.raw(query.parentsOnly ? "top_accounts" : "accounts");
  const arr = Prisma.raw(query.parentsOnly ? "top_arr" : "arr");
  // Literal, so the planner drops the aggregates of the other role outright.
  const forSa = Prisma.raw(isSa ? "true" : "false");
  const forCsm = Prisma.raw(isSa ? "false" : "true");
  const rows = await db.$queryRaw<(Row & { deltas: number })[]>`
    WITH totals AS (
      SELECT t.user_id, sum(t.${accounts})::int AS accounts, sum(t.${arr}) AS arr,
        sum(t.open_opportunities)::int AS open_n, sum(t.pipeline) AS pipeline, sum(t.supporting)::int AS supporting,
        count(*)::int AS deltas
      FROM workload_totals t WHERE t.role_key = ${query.role}
      GROUP BY t.user_id
    ), recent_activities AS (
      SELECT d.user_id, sum(d.activities)::int AS n FROM activity_days d
      WHERE ${forSa} AND d.day > ((now() - interval '90 days') AT TIME ZONE 'UTC')::date
      GROUP BY 1
      UNION ALL
      SELECT act.user_id, count(*)::int FROM activities act
      WHERE ${forSa} AND act.occurred_at >= now() - interval '90 days'
        AND act.occurred_at < ((((now() - interval '90 days') AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC')
      GROUP BY 1
    ), csqls_raised AS (
      -- The leads a CSM raised in the last twelve months, and how many became opportunities: the
      -- per-month counts of the whole months (migration 0026), the first, partial one counted exactly.
      SELECT x.user_id, sum(x.raised)::int AS raised, sum(x.converted)::int AS converted FROM (
        SELECT m.user_id, m.raised, m.converted FROM csql_months m
        WHERE ${forCsm} AND m.month >= ${FIRST_WHOLE_MONTH}::date
        UNION ALL
        SELECT c.created_by, count(*), count(*) FILTER (WHERE c.status = 'converted') FROM csqls c
        WHERE ${forCsm} AND c.created_at >= now() - interval '365 days'
          AND c.created_at < (${FIRST_WHOLE_MONTH} AT TIME ZONE 'UTC')
        GROUP BY 1
      ) x GROUP BY 1
    ), people AS (
      SELECT u.id FROM users u JOIN account_roles r ON r.key = ${query.role}
      WHERE u.active AND u.profile = ANY (r.eligible_profiles)
      UNION SELECT user_id FROM totals WHERE accounts <> 0 OR open_n <> 0
    )
    SELECT u.id::text, u.email, u.name, u.profile::text AS profile, u.active, u.manager_id::text AS "managerId", u.capacity,
      coalesce(t.accounts, 0) AS accounts, coalesce(t.arr, 0)::text AS arr,
      coalesce(t.open_n, 0) AS "openOpportunities", coalesce(t.pipeline, 0)::text AS "openPipeline",
      coalesce(t.supporting, 0) AS "supportingOpportunities",
      coalesce((SELECT sum(ra.n) FROM recent_activities ra WHERE ra.user_id = u.id), 0)::int AS "activities90d",
      coalesce(cr.raised, 0) AS "csqlsRaised", coalesce(cr.converted, 0) AS "csqlsConverted",
      (SELECT coalesce(sum(deltas), 0) FROM totals)::int AS deltas
    FROM people p
    JOIN users u ON u.id = p.id
    LEFT JOIN totals t ON t.user_id = u.id
    LEFT JOIN csqls_raised cr ON cr.user_id = u.id
    ${query.managerId ? Prisma.sql`WHERE u.manager_id = ${query.managerId}::uuid` : Prisma.empty}
    ORDER BY u.name, u.id`;
  if ((rows[0]?.deltas ?? 0) > FOLD_AFTER) await foldWorkloadTotals();
  return rows;
}

/**
 * Folds the deltas into one row per person and role, in one statement (one snapshot: deltas of
 * transactions still in flight stay as they are). Skipped when another fold or a rebuild runs.
 */
export async function foldWorkloadTotals(): Promise<void> {
  await db.$transaction(async (tx) => {
    const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext('workload_totals')) AS locked`;
    if (!locked) return;
    await tx.$executeRaw`
      WITH gone AS (DELETE FROM workload_totals RETURNING *)
      INSERT INTO workload_totals (role_key, user_id, accounts, arr, top_accounts, top_arr, open_opportunities, pipeline, supporting)
      SELECT role_key, user_id, sum(accounts), sum(arr), sum(top_accounts), sum(top_arr), sum(open_opportunities), sum(pipeline), sum(supporting)
      FROM gone GROUP BY 1, 2
      HAVING (sum(accounts), sum(arr), sum(top_accounts), sum(top_arr), sum(open_opportunities), sum(pipeline), sum(supporting))
        IS DISTINCT FROM (0::bigint, 0::numeric, 0::bigint, 0::numeric, 0::bigint, 0::numeric, 0::bigint)`;
  });
}

/**
 * One segment's or region's books: grouped aggregates over that slice's assignments and per-account
 * open totals (migration 0006), opportunities filtered through their account.
 */
async function sliceRows(query: WorkloadQuery): Promise<Row[]> {
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

  return db.$queryRaw<Row[]>`
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
}
