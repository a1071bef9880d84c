import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { usersById } from "@/lib/domain/users/queries.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";
import { periodTargets } from "./comp-rows-sql.ts";
import { compRowsSlice, targetFilter } from "./comp-slice.ts";
import { hydrateCompRows } from "./queries.ts";
import { type CompReview, type CompReviewQuery, compReviewQuery, type RepTotal } from "./review-schemas.ts";
import { supportingActivityCtes } from "./supporting-activity-sql.ts";
import { COMP_FLAGS, type CompPeriod } from "./schemas.ts";

type TotalRow = { userId: string | null; amount: string; count: number };
type TotalsRaw = {
  count: number; amount: string; matching: number; matchingAmount: string;
  fromCsqls: unknown; flagCounts: unknown; csmTotals: unknown; saTotals: unknown; supportingIds: string[] | null;
};

// A driver may hand json columns back as text; either way the value is plain JSON.
const json = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

/**
 * The period's totals in one statement, whatever page is shown: counts, money and credit per CSM
 * and per primary SA, read index-only from the period's targets (migration 0020); only the
 * supporting-SA flag needs more, and it is asked only of the targets that have a supporting SA.
 * Money is summed in SQL (numeric) and leaves as decimal text, never a float.
 */
export function reviewTotalsSql(period: CompPeriod, query: Pick<CompReviewQuery, "flag" | "repId">): Prisma.Sql {
  const flag = query.flag;
  // The filters as a condition on a flagged target `o` (`supporting`: a supporting SA worked on it).
  const flags = Prisma.sql`(o.pinned_csm_id IS NULL OR o.primary_sa_id IS NULL OR o.csm_overridden OR o.supporting)`;
  const matching = Prisma.join([
    targetFilter({ repId: query.repId, flag }),
    flag === "supporting_sa_activity" ? Prisma.sql`o.supporting` : flag === "flagged" ? flags : flag === "clean" ? Prisma.sql`NOT ${flags}` : Prisma.sql`TRUE`,
  ], " AND ");
  const totals = (column: Prisma.Sql) => Prisma.sql`(
    SELECT coalesce(json_agg(json_build_object('userId', t.user_id::text, 'amount', t.amount::text, 'count', t.n)
      ORDER BY t.amount DESC, t.n DESC, t.user_id NULLS LAST), '[]'::json)
    FROM (SELECT ${column} AS user_id, coalesce(sum(o.amount), 0) AS amount, count(*)::int AS n FROM flagged o GROUP BY 1) t)`;
  return Prisma.sql`
    WITH RECURSIVE targets AS (${periodTargets(period)}),
    ${supportingActivityCtes()},
    flagged AS MATERIALIZED (
      SELECT t.id, t.account_id, t.csm_id AS pinned_csm_id, t.primary_sa_id, t.amount, t.csm_overridden,
        sa.opportunity_id IS NOT NULL AS supporting
      FROM targets t LEFT JOIN supporting_activity sa ON sa.opportunity_id = t.id
    )
    SELECT
      (SELECT count(*)::int FROM flagged) AS count,
      (SELECT coalesce(sum(amount), 0)::text FROM flagged) AS amount,
      m.n AS matching, m.amount AS "matchingAmount",
      (SELECT json_build_object('count', count(*)::int, 'amount', coalesce(sum(o.amount), 0)::text)
        FROM flagged o JOIN csqls c ON c.opportunity_id = o.id) AS "fromCsqls",
      (SELECT json_build_object(
          'missing_csm', count(*) FILTER (WHERE pinned_csm_id IS NULL),
          'missing_primary_sa', count(*) FILTER (WHERE primary_sa_id IS NULL),
          'supporting_sa_activity', count(*) FILTER (WHERE supporting),
          'csm_overridden', count(*) FILTER (WHERE csm_overridden)) FROM flagged) AS "flagCounts",
      ${totals(Prisma.sql`o.pinned_csm_id`)} AS "csmTotals",
      ${totals(Prisma.sql`o.primary_sa_id`)} AS "saTotals",
      -- A supporting SA who is also the row's primary SA is among the SA totals already.
      (SELECT array_agg(DISTINCT user_id)::text[] FROM supported) AS "supportingIds"
    FROM (SELECT count(*)::int AS n, coalesce(sum(o.amount), 0)::text AS amount FROM flagged o WHERE ${matching}) m`;
}

/**
 * The comp review screen: the first (or next) keyset page of the filtered rows and the period's
 * totals, read side by side on two connections. The page computes the flags of its own rows only
 * (see compRowsSlice); the totals read the whole period once (reviewTotals).
 */
export async function compReview(actor: Actor, period: CompPeriod, input: CompReviewQuery = {}): Promise<CompReview> {
  authorize(actor, "comp.read");
  const query = compReviewQuery.parse(input);
  const [page, raw] = await Promise.all([
    compRowsSlice(db, period, { repId: query.repId, flag: query.flag, sort: query.sort, desc: query.desc, cursor: query.cursor, limit: query.limit }),
    db.$queryRaw<TotalsRaw[]>(reviewTotalsSql(period, query)).then((rows) => rows[0]),
  ]);
  const csmTotals = json<TotalRow[]>(raw.csmTotals);
  const saTotals = json<TotalRow[]>(raw.saTotals);
  const users = await usersById([
    ...page.rows.flatMap((row) => [row.csmId, row.primarySaId, ...row.supportingSaIds, row.csqlRaisedBy ?? null]),
    ...csmTotals.map((total) => total.userId), ...saTotals.map((total) => total.userId), ...(raw.supportingIds ?? []),
  ]);
  const repTotals = (rows: TotalRow[]): RepTotal[] =>
    rows.map((total) => ({ user: total.userId ? users.get(total.userId) ?? null : null, amount: total.amount, count: total.count }));
  const flagCounts = json<Record<string, number>>(raw.flagCounts);
  const repIds = new Set([...csmTotals, ...saTotals].map((total) => total.userId).concat(raw.supportingIds ?? []));
  const reps = [...repIds].flatMap((id) => (id && users.has(id) ? [users.get(id) as UserView] : []))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return {
    rows: await hydrateCompRows(page.rows, users),
    nextCursor: page.nextCursor,
    period: { count: raw.count, amount: raw.amount },
    matching: { count: raw.matching, amount: raw.matchingAmount },
    fromCsqls: json<{ count: number; amount: string }>(raw.fromCsqls),
    flagCounts: Object.fromEntries(COMP_FLAGS.map((flag) => [flag, flagCounts[flag] ?? 0])) as CompReview["flagCounts"],
    csmTotals: repTotals(csmTotals),
    saTotals: repTotals(saTotals),
    reps,
  };
}
