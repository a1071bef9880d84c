import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { usersById } from "@/lib/domain/users/queries.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";
import { periodTargets, wonInPeriod } from "./comp-rows-sql.ts";
import { compRowsSlice, needsAllFlags, targetFilter } from "./comp-slice.ts";
import { hydrateCompRows } from "./queries.ts";
import { type CompReview, type CompReviewQuery, compReviewQuery, type RepTotal } from "./review-schemas.ts";
import { supportingActivityCtes } from "./supporting-activity-sql.ts";
import { COMP_FLAGS, type CompPeriod } from "./schemas.ts";

type TotalRow = { userId: string | null; amount: string; count: number };
type GroupRow = {
  byCsm: boolean; bySa: boolean; userId: string | null; count: number; amount: string;
  matching: number; matchingAmount: string; fromCsqls: number; fromCsqlsAmount: string;
  missingCsm: number; missingSa: number; overridden: number;
};
type SupportingRow = { supporting: number; supportingIds: string[] | null };

/** The count of rows with supporting-SA activity and who those SAs are, over supportingActivityCtes. */
const supportingColumns = Prisma.sql`(SELECT count(*)::int FROM supporting_activity) AS supporting,
      -- A supporting SA who is also the row's primary SA is among the SA totals already.
      (SELECT array_agg(DISTINCT user_id)::text[] FROM supported) AS "supportingIds"`;

/**
 * The period's totals in one pass over its targets, read index-only (migration 0020): the period,
 * the filtered rows, the deals from CSQLs and the flags as one group, credit per CSM and per
 * primary SA as two more (GROUPING SETS), whatever page is shown. Only the supporting-SA flag needs
 * more: its count is a query of its own (supportingTotalsSql), and rows are matched against it here
 * only when the filter asks (a flag filter of "supporting SA activity", "any flag" or "no flags").
 * Money is summed in SQL (numeric) and leaves as decimal text, never a float.
 */
export function reviewTotalsSql(period: CompPeriod, query: Pick<CompReviewQuery, "flag" | "repId">): Prisma.Sql {
  const flag = query.flag;
  const joinFlag = needsAllFlags(flag);
  const flags = Prisma.sql`(o.pinned_csm_id IS NULL OR o.primary_sa_id IS NULL OR o.csm_overridden OR sa.opportunity_id IS NOT NULL)`;
  const matching = Prisma.join([
    targetFilter({ repId: query.repId, flag }),
    flag === "supporting_sa_activity" ? Prisma.sql`sa.opportunity_id IS NOT NULL`
      : flag === "flagged" ? flags : flag === "clean" ? Prisma.sql`NOT ${flags}` : Prisma.sql`TRUE`,
  ], " AND ");
  return Prisma.sql`
    WITH RECURSIVE targets AS (${periodTargets(period)})
    ${joinFlag ? Prisma.sql`, ${supportingActivityCtes()}` : Prisma.empty}
    SELECT GROUPING(o.pinned_csm_id) = 0 AS "byCsm", GROUPING(o.primary_sa_id) = 0 AS "bySa",
      coalesce(o.pinned_csm_id, o.primary_sa_id)::text AS "userId",
      count(*)::int AS count, coalesce(sum(o.amount), 0)::text AS amount,
      count(*) FILTER (WHERE ${matching})::int AS matching, coalesce(sum(o.amount) FILTER (WHERE ${matching}), 0)::text AS "matchingAmount",
      count(c.id)::int AS "fromCsqls", coalesce(sum(o.amount) FILTER (WHERE c.id IS NOT NULL), 0)::text AS "fromCsqlsAmount",
      count(*) FILTER (WHERE o.pinned_csm_id IS NULL)::int AS "missingCsm",
      count(*) FILTER (WHERE o.primary_sa_id IS NULL)::int AS "missingSa",
      count(*) FILTER (WHERE o.csm_overridden)::int AS overridden
      ${joinFlag ? Prisma.sql`, ${supportingColumns}` : Prisma.empty}
    FROM opportunities o
    ${joinFlag ? Prisma.sql`LEFT JOIN supporting_activity sa ON sa.opportunity_id = o.id` : Prisma.empty}
    LEFT JOIN csqls c ON c.opportunity_id = o.id
    WHERE ${wonInPeriod(period)}
    GROUP BY GROUPING SETS ((), (o.pinned_csm_id), (o.primary_sa_id))`;
}

/**
 * The supporting-SA columns on their own, for when the aggregate does not need the CTEs (no flag
 * filter asks): apart from it so the two run side by side, each about half of the totals' 300 ms
 * at 139,000 rows a quarter. With such a filter the aggregate has the CTEs and returns them itself.
 */
function supportingTotalsSql(period: CompPeriod): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE targets AS (${periodTargets(period)}),
    ${supportingActivityCtes()}
    SELECT ${supportingColumns}`;
}

async function reviewTotals(period: CompPeriod, query: Pick<CompReviewQuery, "flag" | "repId">) {
  const [groups, [supporting]] = await Promise.all([
    db.$queryRaw<(GroupRow & Partial<SupportingRow>)[]>(reviewTotalsSql(period, query)),
    needsAllFlags(query.flag) ? [] : db.$queryRaw<SupportingRow[]>(supportingTotalsSql(period)),
  ]);
  const all = { ...groups.find((group) => !group.byCsm && !group.bySa)!, ...supporting };
  const credit = (rows: GroupRow[]): TotalRow[] => rows
    .map((row) => ({ userId: row.userId, amount: row.amount, count: row.count }))
    .sort((a, b) => compareDecimal(b.amount, a.amount) || b.count - a.count
      || (a.userId === b.userId ? 0 : a.userId === null ? 1 : b.userId === null ? -1 : a.userId < b.userId ? -1 : 1));
  return {
    count: all.count, amount: all.amount, matching: all.matching, matchingAmount: all.matchingAmount,
    fromCsqls: { count: all.fromCsqls, amount: all.fromCsqlsAmount },
    flagCounts: { missing_csm: all.missingCsm, missing_primary_sa: all.missingSa, supporting_sa_activity: all.supporting, csm_overridden: all.overridden },
    csmTotals: credit(groups.filter((group) => group.byCsm)), saTotals: credit(groups.filter((group) => group.bySa)),
    supportingIds: all.supportingIds,
  };
}

/** Non-negative decimal texts compared exactly (a float may tie two amounts a cent apart at 10^12). */
function compareDecimal(a: string, b: string): number {
  const [ai, af = ""] = a.split(".");
  const [bi, bf = ""] = b.split(".");
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const [x, y] = [af.padEnd(width, "0"), bf.padEnd(width, "0")];
  return x === y ? 0 : x < y ? -1 : 1;
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
    reviewTotals(period, query),
  ]);
  const { csmTotals, saTotals } = raw;
  const users = await usersById([
    ...page.rows.flatMap((row) => [row.csmId, row.primarySaId, ...row.supportingSaIds, row.csqlRaisedBy ?? null]),
    ...csmTotals.map((total) => total.userId), ...saTotals.map((total) => total.userId), ...(raw.supportingIds ?? []),
  ]);
  const repTotals = (rows: TotalRow[]): RepTotal[] =>
    rows.map((total) => ({ user: total.userId ? users.get(total.userId) ?? null : null, amount: total.amount, count: total.count }));
  const flagCounts: Record<string, number> = raw.flagCounts;
  const repIds = new Set([...csmTotals, ...saTotals].map((total) => total.userId).concat(raw.supportingIds ?? []));
  const reps = [...repIds].flatMap((id) => (id && users.has(id) ? [users.get(id) as UserView] : []))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return {
    rows: await hydrateCompRows(page.rows, users),
    nextCursor: page.nextCursor,
    period: { count: raw.count, amount: raw.amount },
    matching: { count: raw.matching, amount: raw.matchingAmount },
    fromCsqls: raw.fromCsqls,
    flagCounts: Object.fromEntries(COMP_FLAGS.map((flag) => [flag, flagCounts[flag] ?? 0])) as CompReview["flagCounts"],
    csmTotals: repTotals(csmTotals),
    saTotals: repTotals(saTotals),
    reps,
  };
}
