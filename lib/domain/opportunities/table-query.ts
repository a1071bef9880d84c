import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from "./cursor.ts";
import { supportedBy, timestampKey } from "./queries.ts";
import type { OpportunityTableQuery, OpportunityTableRow, Stage } from "./schemas.ts";
import { heldByCsm } from "./held-by-csm.ts";

const sql = Prisma.sql;

type Sort = {
  column: Prisma.Sql;
  /** The cursor's text form of a value: exact, so the next page starts exactly after this one. */
  key: (value: Prisma.Sql) => Prisma.Sql;
  param: (value: string) => Prisma.Sql;
  nullable: boolean;
  valid: (value: unknown) => boolean;
};

// The whitelist: each sort is backed by a (column, id) btree, read forwards or backwards.
const SORTS: Record<OpportunityTableQuery["sort"], Sort> = {
  closeDate: {
    column: sql`o.close_date`, key: (v) => sql`to_char(${v}, 'YYYY-MM-DD')`, param: (v) => sql`${v}::date`,
    nullable: true, valid: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v),
  },
  amount: {
    column: sql`o.amount`, key: (v) => sql`${v}::text`, param: (v) => sql`${v}::numeric`,
    nullable: true, valid: (v) => typeof v === "string" && /^\d{1,16}(\.\d{1,2})?$/.test(v),
  },
  name: { column: sql`o.name`, key: (v) => v, param: (v) => sql`${v}::text`, nullable: false, valid: (v) => typeof v === "string" },
  createdAt: {
    column: sql`o.created_at`, key: timestampKey, param: (v) => sql`${v}::timestamptz`,
    nullable: false, valid: isIsoTimestamp,
  },
};

/** The table's filters as SQL conditions on `o`; exports apply exactly these. */
export function filters(query: OpportunityTableQuery): Prisma.Sql[] {
  const where: Prisma.Sql[] = [sql`TRUE`];
  if (query.q) {
    // Served by the trigram index opportunities_name_trgm_idx; an exact CRM id hits its unique key.
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(o.name ILIKE ${pattern} OR o.external_id = ${query.q})`);
  }
  if (query.accountId) where.push(sql`o.account_id = ${query.accountId}::uuid`);
  if (query.csmId) where.push(heldByCsm(query.csmId));
  if (query.primarySaId) where.push(sql`o.primary_sa_id = ${query.primarySaId}::uuid`);
  if (query.supportingSaId) where.push(supportedBy(query.supportingSaId));
  if (query.segment || query.region) {
    where.push(sql`EXISTS (SELECT 1 FROM accounts acc WHERE acc.id = o.account_id
      ${query.segment ? sql`AND acc.segment = ${query.segment}` : Prisma.empty}
      ${query.region ? sql`AND acc.region = ${query.region}` : Prisma.empty})`);
  }
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
 * Filters that by themselves leave few rows (one account, one person's book or support, the rare overrides):
 * with one of them, the matching rows are read through its index first and sorted, rather than
 * walking the sort index and discarding rows until a page fills — which the planner may pick,
 * misled by a correlation it cannot see, and which then reads hundreds of thousands of rows.
 */
const isNarrow = (query: OpportunityTableQuery) =>
  Boolean(query.accountId || query.csmId || query.primarySaId || query.supportingSaId || query.overridden === true);

type Segment = "values" | "nulls";

/**
 * The page's ids, in order, as at most two index range scans run one after the other. A nullable
 * sort column splits into its values and its nulls (last ascending, first descending, as the btree
 * stores them); each part is its own query with a plain row comparison, because
 * `(col, id) > (…) OR col IS NULL` would defeat the index and make page 1,000 cost as much as
 * reading every row before it. The nulls are only read once the values run out.
 */
async function pageIds(query: OpportunityTableQuery, take: number): Promise<{ id: string; sortKey: string | null }[]> {
  const sort = SORTS[query.sort];
  const desc = query.dir === "desc";
  const cmp = desc ? sql`<` : sql`>`;
  const dir = desc ? sql`DESC` : sql`ASC`;
  const after = query.cursor
    ? (decodeCursor(query.cursor, (v) => v.length === 2 && (sort.valid(v[0]) || (sort.nullable && v[0] === null)) && isUuid(v[1])) as [string | null, string])
    : null;
  const segments: Segment[] = sort.nullable ? (desc ? ["nulls", "values"] : ["values", "nulls"]) : ["values"];
  const cursorSegment = after ? segments.indexOf(after[0] === null ? "nulls" : "values") : 0;
  const where = filters(query);
  // The narrow rows, materialized under the alias the conditions below use.
  const source = isNarrow(query)
    ? sql`WITH o AS MATERIALIZED (
        SELECT o.id, o.close_date, o.amount, o.name, o.created_at FROM opportunities o WHERE ${Prisma.join(where, " AND ")}
      ) SELECT o.id, ${sort.column} AS sort_value FROM o WHERE TRUE`
    : sql`SELECT o.id, ${sort.column} AS sort_value FROM opportunities o WHERE ${Prisma.join(where, " AND ")}`;

  const ids: { id: string; sortKey: string | null }[] = [];
  for (const [index, segment] of segments.entries()) {
    if (index < cursorSegment || ids.length >= take) continue;
    const keyset = index === cursorSegment && after;
    const conditions: Prisma.Sql[] = [];
    let order: Prisma.Sql;
    if (segment === "values") {
      if (sort.nullable) conditions.push(sql`${sort.column} IS NOT NULL`);
      if (keyset) conditions.push(sql`(${sort.column}, o.id) ${cmp} (${sort.param(after[0]!)}, ${after[1]}::uuid)`);
      order = sql`${sort.column} ${dir}, o.id ${dir}`;
    } else {
      conditions.push(sql`${sort.column} IS NULL`);
      if (keyset) conditions.push(sql`o.id ${cmp} ${after[1]}::uuid`);
      // The same order as the values (the column is null throughout), so the planner walks the
      // nulls of the (column, id) index rather than the whole primary key.
      order = sql`${sort.column} ${dir}, o.id ${dir}`;
    }
    // The cursor's text form is computed for the page only, not for every row a sort reads.
    const rows = await db.$queryRaw<{ id: string; sortKey: string | null }[]>`
      SELECT p.id::text, ${sort.key(sql`p.sort_value`)} AS "sortKey" FROM (
        ${source} ${conditions.length ? sql`AND ${Prisma.join(conditions, " AND ")}` : Prisma.empty}
        ORDER BY ${order} LIMIT ${take - ids.length}
      ) p
      ORDER BY p.sort_value ${dir}, p.id ${dir}`;
    ids.push(...rows.map((row) => ({ id: String(row.id), sortKey: row.sortKey })));
  }
  return ids;
}

type RawRow = Omit<OpportunityTableRow, "amount" | "closedAt" | "createdAt"> & {
  amount: string | null; closedAt: Date | null; createdAt: Date;
};

/**
 * The opportunities table of the UI: filters, free-text search and whitelisted sorts, in keyset
 * pages. The page's ids are found first (see pageIds); names of accounts and people are then
 * joined for those ≤ limit rows only, which keeps a page well under 300 ms at 2M opportunities.
 */
export async function listOpportunitiesForTable(
  actor: Actor,
  query: OpportunityTableQuery,
): Promise<{ items: OpportunityTableRow[]; nextCursor: string | null }> {
  authorize(actor, "opportunities.read");
  const found = await pageIds(query, query.limit + 1);
  const page = found.slice(0, query.limit);
  const rows = page.length === 0 ? [] : await db.$queryRaw<RawRow[]>`
    SELECT o.id::text, o.external_id AS "externalId", o.name, o.stage::text AS stage, o.is_closed AS "isClosed",
      o.amount::text AS amount, to_char(o.close_date, 'YYYY-MM-DD') AS "closeDate", o.closed_at AS "closedAt",
      o.created_at AS "createdAt", o.csm_overridden AS "csmOverridden", o.merged_into_id::text AS "mergedIntoId",
      json_build_object('id', a.id::text, 'name', a.name) AS account,
      CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id::text, 'name', c.name) END AS csm,
      CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id::text, 'name', s.name) END AS "primarySa",
      (SELECT count(*)::int FROM opportunity_supporting_sas ss WHERE ss.opportunity_id = o.id) AS "supportingSaCount"
    FROM opportunities o
    JOIN accounts a ON a.id = o.account_id
    LEFT JOIN users c ON c.id = o.csm_id
    LEFT JOIN users s ON s.id = o.primary_sa_id
    WHERE o.id = ANY(${page.map((row) => row.id)}::uuid[])`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  const last = page.at(-1);
  return {
    items: page.flatMap(({ id }) => {
      const row = byId.get(id);
      if (!row) return [];
      return [{
        ...row,
        stage: row.stage as Stage,
        amount: row.amount === null ? null : Number(row.amount),
        closedAt: row.closedAt?.toISOString() ?? null,
        createdAt: row.createdAt.toISOString(),
      }];
    }),
    nextCursor: found.length > query.limit && last ? encodeCursor([last.sortKey, last.id]) : null,
  };
}
