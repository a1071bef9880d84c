import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from "./cursor.ts";
import { timestampKey } from "./queries.ts";
import type { OpportunityTableQuery, OpportunityTableRow, Stage } from "./schemas.ts";

const sql = Prisma.sql;

type Sort = {
  column: Prisma.Sql;
  /** The cursor's text form of the column: exact, so the next page starts exactly after this one. */
  key: Prisma.Sql;
  param: (value: string) => Prisma.Sql;
  nullable: boolean;
  valid: (value: unknown) => boolean;
};

// The whitelist: each sort is backed by a (column, id) btree, read forwards or backwards.
const SORTS: Record<OpportunityTableQuery["sort"], Sort> = {
  closeDate: {
    column: sql`o.close_date`, key: sql`to_char(o.close_date, 'YYYY-MM-DD')`, param: (v) => sql`${v}::date`,
    nullable: true, valid: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v),
  },
  amount: {
    column: sql`o.amount`, key: sql`o.amount::text`, param: (v) => sql`${v}::numeric`,
    nullable: true, valid: (v) => typeof v === "string" && /^\d{1,16}(\.\d{1,2})?$/.test(v),
  },
  name: { column: sql`o.name`, key: sql`o.name`, param: (v) => sql`${v}::text`, nullable: false, valid: (v) => typeof v === "string" },
  createdAt: {
    column: sql`o.created_at`, key: timestampKey(sql`o.created_at`), param: (v) => sql`${v}::timestamptz`,
    nullable: false, valid: isIsoTimestamp,
  },
};

function filters(query: OpportunityTableQuery): Prisma.Sql[] {
  const where: Prisma.Sql[] = [sql`TRUE`];
  if (query.q) {
    // Served by the trigram index opportunities_name_trgm_idx; an exact CRM id hits its unique key.
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(o.name ILIKE ${pattern} OR o.external_id = ${query.q})`);
  }
  if (query.accountId) where.push(sql`o.account_id = ${query.accountId}::uuid`);
  if (query.csmId) where.push(sql`o.csm_id = ${query.csmId}::uuid`);
  if (query.primarySaId) where.push(sql`o.primary_sa_id = ${query.primarySaId}::uuid`);
  if (query.stage) where.push(sql`o.stage = ${query.stage}::opportunity_stage`);
  if (query.open !== undefined) where.push(query.open ? sql`NOT o.is_closed` : sql`o.is_closed`);
  if (query.merged !== undefined) where.push(query.merged ? sql`o.merged_into_id IS NOT NULL` : sql`o.merged_into_id IS NULL`);
  if (query.overridden !== undefined) where.push(query.overridden ? sql`o.csm_overridden` : sql`NOT o.csm_overridden`);
  if (query.closeFrom) where.push(sql`o.close_date >= ${query.closeFrom}::date`);
  if (query.closeTo) where.push(sql`o.close_date <= ${query.closeTo}::date`);
  if (query.amountMin !== undefined) where.push(sql`o.amount >= ${String(query.amountMin)}::numeric`);
  if (query.amountMax !== undefined) where.push(sql`o.amount <= ${String(query.amountMax)}::numeric`);
  return where;
}

/**
 * The page's ids as one or two index range scans. A nullable sort column splits into its values
 * and its nulls (last ascending, first descending, as the btree stores them); each part is its own
 * branch with a plain row comparison, because `(col, id) > (…) OR col IS NULL` would defeat the
 * index and make page 1,000 cost as much as reading every row before it.
 */
function pageBranches(query: OpportunityTableQuery, where: Prisma.Sql[], take: number): Prisma.Sql {
  const sort = SORTS[query.sort];
  const desc = query.dir === "desc";
  const cmp = desc ? sql`<` : sql`>`;
  const dir = desc ? sql`DESC` : sql`ASC`;
  const after = query.cursor
    ? (decodeCursor(query.cursor, (v) => v.length === 2 && (sort.valid(v[0]) || (sort.nullable && v[0] === null)) && isUuid(v[1])) as [string | null, string])
    : null;
  type Segment = "values" | "nulls";
  const segments: Segment[] = sort.nullable ? (desc ? ["nulls", "values"] : ["values", "nulls"]) : ["values"];
  const cursorSegment = after ? segments.indexOf(after[0] === null ? "nulls" : "values") : -1;

  const branches: Prisma.Sql[] = [];
  segments.forEach((segment, index) => {
    if (index < cursorSegment) return;
    const keyset = index === cursorSegment && after;
    const conditions = [...where];
    let order: Prisma.Sql;
    if (segment === "values") {
      if (sort.nullable) conditions.push(sql`${sort.column} IS NOT NULL`);
      if (keyset) conditions.push(sql`(${sort.column}, o.id) ${cmp} (${sort.param(after[0]!)}, ${after[1]}::uuid)`);
      order = sql`${sort.column} ${dir}, o.id ${dir}`;
    } else {
      conditions.push(sql`${sort.column} IS NULL`);
      if (keyset) conditions.push(sql`o.id ${cmp} ${after[1]}::uuid`);
      order = sql`o.id ${dir}`;
    }
    branches.push(sql`(SELECT o.id, ${Prisma.raw(String(index))} AS seg FROM opportunities o
      WHERE ${Prisma.join(conditions, " AND ")} ORDER BY ${order} LIMIT ${take})`);
  });
  return Prisma.join(branches, " UNION ALL ");
}

type RawRow = Omit<OpportunityTableRow, "amount" | "closedAt" | "createdAt"> & {
  amount: string | null; closedAt: Date | null; createdAt: Date; sortKey: string | null;
};

/**
 * The opportunities table of the UI: filters, free-text search and whitelisted sorts, in keyset
 * pages. Only the page's ids are found on the big table (index range scans, see pageBranches);
 * names of accounts and people are joined for those ≤ limit rows only, which keeps a page well
 * under 300 ms at 2M opportunities.
 */
export async function listOpportunitiesForTable(
  actor: Actor,
  query: OpportunityTableQuery,
): Promise<{ items: OpportunityTableRow[]; nextCursor: string | null }> {
  authorize(actor, "opportunities.read");
  const sort = SORTS[query.sort];
  const dir = query.dir === "desc" ? sql`DESC` : sql`ASC`;
  const take = query.limit + 1;
  const rows = await db.$queryRaw<RawRow[]>`
    WITH page AS (${pageBranches(query, filters(query), take)})
    SELECT o.id::text, o.external_id AS "externalId", o.name, o.stage::text AS stage, o.is_closed AS "isClosed",
      o.amount::text AS amount, to_char(o.close_date, 'YYYY-MM-DD') AS "closeDate", o.closed_at AS "closedAt",
      o.created_at AS "createdAt", o.csm_overridden AS "csmOverridden", o.merged_into_id::text AS "mergedIntoId",
      json_build_object('id', a.id::text, 'name', a.name) AS account,
      CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id::text, 'name', c.name) END AS csm,
      CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id::text, 'name', s.name) END AS "primarySa",
      (SELECT count(*)::int FROM opportunity_supporting_sas ss WHERE ss.opportunity_id = o.id) AS "supportingSaCount",
      ${sort.key} AS "sortKey"
    FROM page p
    JOIN opportunities o ON o.id = p.id
    JOIN accounts a ON a.id = o.account_id
    LEFT JOIN users c ON c.id = o.csm_id
    LEFT JOIN users s ON s.id = o.primary_sa_id
    ORDER BY p.seg, ${sort.column} ${dir}, o.id ${dir}
    LIMIT ${take}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sortKey: _sortKey, ...row }) => ({
      ...row,
      stage: row.stage as Stage,
      amount: row.amount === null ? null : Number(row.amount),
      closedAt: row.closedAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortKey, last.id]) : null,
  };
}
