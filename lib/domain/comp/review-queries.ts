import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { usersById } from "@/lib/domain/users/queries.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";
import { compRowsCte } from "./comp-rows-sql.ts";
import { hydrateCompRows, type RawCompRow } from "./queries.ts";
import { type CompReview, type CompReviewQuery, compReviewQuery, type RepTotal } from "./review-schemas.ts";
import { COMP_FLAGS, type CompPeriod } from "./schemas.ts";

type PageRow = Omit<RawCompRow, "closedAt"> & { closedAt: string };
type TotalRow = { userId: string | null; amount: string; count: number };
type ReviewRaw = {
  count: number; amount: string; matching: number; matchingAmount: string;
  fromCsqls: unknown; flagCounts: unknown; csmTotals: unknown; saTotals: unknown; supportingIds: string[] | null; page: unknown;
};

// A driver may hand json columns back as text; either way the value is plain JSON.
const json = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

function filterSql(query: ReturnType<typeof compReviewQuery.parse>): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.flag === "flagged") conditions.push(Prisma.sql`cardinality(r.flags) > 0`);
  else if (query.flag === "clean") conditions.push(Prisma.sql`cardinality(r.flags) = 0`);
  else if (query.flag) conditions.push(Prisma.sql`${query.flag} = ANY(r.flags)`);
  if (query.repId) {
    conditions.push(Prisma.sql`(r.csm_id = ${query.repId}::uuid OR r.primary_sa_id = ${query.repId}::uuid
      OR ${query.repId}::uuid = ANY(r.supporting_sa_ids))`);
  }
  return Prisma.join(conditions, " AND ");
}

/**
 * The comp review screen in one statement: the period's comp rows (the same definition the API,
 * approvals and the diff read) are computed once, then the filtered page, the counts per flag and
 * the credit per CSM and per primary SA are all read from them. Money is summed in SQL (numeric)
 * and leaves as decimal text, so no total ever passes through a float. Paged by offset: the
 * whole period is computed for the totals anyway, so an offset costs nothing more.
 */
export async function compReview(actor: Actor, period: CompPeriod, input: CompReviewQuery = {}): Promise<CompReview> {
  authorize(actor, "comp.read");
  const query = compReviewQuery.parse(input);
  const direction = query.desc ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const order = query.sort === "amount"
    ? Prisma.sql`r.amount ${direction} NULLS LAST, r.closed_at, r.opportunity_id`
    : Prisma.sql`r.closed_at ${direction}, r.opportunity_id ${direction}`;
  const totals = (column: Prisma.Sql) => Prisma.sql`(
    SELECT coalesce(json_agg(json_build_object('userId', t.user_id::text, 'amount', t.amount::text, 'count', t.n)
      ORDER BY t.amount DESC, t.n DESC, t.user_id NULLS LAST), '[]'::json)
    FROM (SELECT ${column} AS user_id, coalesce(sum(amount), 0) AS amount, count(*)::int AS n FROM comp_rows GROUP BY 1) t)`;
  const [raw] = await db.$queryRaw<ReviewRaw[]>`
    ${compRowsCte(period)},
    matching AS (SELECT * FROM comp_rows r WHERE ${filterSql(query)}),
    page AS (
      SELECT r.*, row_number() OVER (ORDER BY ${order}) AS ord
      FROM matching r ORDER BY ${order} LIMIT ${query.limit} OFFSET ${query.offset}
    )
    SELECT
      (SELECT count(*)::int FROM comp_rows) AS count,
      (SELECT coalesce(sum(amount), 0)::text FROM comp_rows) AS amount,
      (SELECT count(*)::int FROM matching) AS matching,
      (SELECT coalesce(sum(amount), 0)::text FROM matching) AS "matchingAmount",
      (SELECT json_build_object('count', count(*)::int, 'amount', coalesce(sum(r.amount), 0)::text)
        FROM comp_rows r JOIN csqls c ON c.opportunity_id = r.opportunity_id) AS "fromCsqls",
      (SELECT coalesce(json_object_agg(f.flag, f.n), '{}'::json)
        FROM (SELECT flag, count(*)::int AS n FROM comp_rows, unnest(flags) flag GROUP BY flag) f) AS "flagCounts",
      ${totals(Prisma.sql`csm_id`)} AS "csmTotals",
      ${totals(Prisma.sql`primary_sa_id`)} AS "saTotals",
      (SELECT array_agg(DISTINCT s)::text[] FROM comp_rows, unnest(supporting_sa_ids) s) AS "supportingIds",
      (SELECT coalesce(json_agg(json_build_object(
          'id', p.opportunity_id::text, 'name', o.name, 'externalId', o.external_id, 'accountId', o.account_id::text,
          'accountName', acc.name, 'csmId', p.csm_id::text, 'primarySaId', p.primary_sa_id::text,
          'supportingSaIds', p.supporting_sa_ids::text[], 'amount', p.amount::text, 'closedAt', p.closed_at, 'flags', p.flags,
          'csqlId', c.id::text, 'csqlRaisedBy', c.created_by::text
        ) ORDER BY p.ord), '[]'::json)
        FROM page p JOIN opportunities o ON o.id = p.opportunity_id JOIN accounts acc ON acc.id = o.account_id
        LEFT JOIN csqls c ON c.opportunity_id = p.opportunity_id) AS page`;

  const page = json<PageRow[]>(raw.page).map((row): RawCompRow => ({ ...row, closedAt: new Date(row.closedAt) }));
  const csmTotals = json<TotalRow[]>(raw.csmTotals);
  const saTotals = json<TotalRow[]>(raw.saTotals);
  const users = await usersById([
    ...page.flatMap((row) => [row.csmId, row.primarySaId, ...row.supportingSaIds, row.csqlRaisedBy ?? null]),
    ...csmTotals.map((total) => total.userId), ...saTotals.map((total) => total.userId), ...(raw.supportingIds ?? []),
  ]);
  const repTotals = (rows: TotalRow[]): RepTotal[] =>
    rows.map((total) => ({ user: total.userId ? users.get(total.userId) ?? null : null, amount: total.amount, count: total.count }));
  const flagCounts = json<Record<string, number>>(raw.flagCounts);
  const repIds = new Set([...csmTotals, ...saTotals].map((total) => total.userId).concat(raw.supportingIds ?? []));
  const reps = [...repIds].flatMap((id) => (id && users.has(id) ? [users.get(id) as UserView] : []))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return {
    rows: await hydrateCompRows(page, users),
    nextOffset: query.offset + page.length < raw.matching ? query.offset + page.length : null,
    period: { count: raw.count, amount: raw.amount },
    matching: { count: raw.matching, amount: raw.matchingAmount },
    fromCsqls: json<{ count: number; amount: string }>(raw.fromCsqls),
    flagCounts: Object.fromEntries(COMP_FLAGS.map((flag) => [flag, flagCounts[flag] ?? 0])) as CompReview["flagCounts"],
    csmTotals: repTotals(csmTotals),
    saTotals: repTotals(saTotals),
    reps,
  };
}
