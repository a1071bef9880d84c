import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from "@/lib/domain/opportunities/cursor.ts";
import { timestampKey } from "@/lib/domain/opportunities/queries.ts";
import { compRowsCte, targetColumns, wonInPeriod } from "./comp-rows-sql.ts";
import type { RawCompRow } from "./queries.ts";
import type { ReviewFlagFilter } from "./review-constants.ts";
import type { CompPeriod } from "./schemas.ts";

/**
 * Which rows of a period, in which order, from where: what the API's pages, the review's table
 * and the CSV's batches all ask. Keyset paging; a row's flags depend on that row alone, so only the
 * page's own rows get them computed (a quarter's first page: 3 s → a few ms at 2M) — unless the
 * filter is on the supporting-SA flag, which needs the flags of every row after the cursor first.
 */
export type CompSlice = {
  accountId?: string;
  /** Rows where this person is the CSM, the primary SA or a supporting SA. */
  repId?: string;
  flag?: ReviewFlagFilter;
  sort?: "closedAt" | "amount";
  desc?: boolean;
  /** A `nextCursor` from the same slice (same sort). */
  cursor?: string;
  limit: number;
};

type Columns = { id: Prisma.Sql; closedAt: Prisma.Sql; amount: Prisma.Sql };
const onTargets: Columns = { id: Prisma.sql`o.id`, closedAt: Prisma.sql`o.closed_at`, amount: Prisma.sql`o.amount` };
const onRows: Columns = { id: Prisma.sql`r.opportunity_id`, closedAt: Prisma.sql`r.closed_at`, amount: Prisma.sql`r.amount` };

/**
 * By amount, no amount sorts last either way: the key is the amount, or -1 (amounts are ≥ 0)
 * going down and Infinity going up. Ties go by close, then id, always ascending.
 */
const amountKey = (c: Columns, desc: boolean) => Prisma.sql`coalesce(${c.amount}, ${Prisma.raw(desc ? "-1" : "'Infinity'")}::numeric)`;

function orderBy(c: Columns, slice: CompSlice): Prisma.Sql {
  const dir = Prisma.raw(slice.desc ? "DESC" : "ASC");
  return slice.sort === "amount"
    ? Prisma.sql`${amountKey(c, Boolean(slice.desc))} ${dir}, ${c.closedAt}, ${c.id}`
    : Prisma.sql`${c.closedAt} ${dir}, ${c.id} ${dir}`;
}

type Key = { amount?: string; closedAt: string; id: string };

function readCursor(slice: CompSlice): Key | null {
  if (!slice.cursor) return null;
  if (slice.sort === "amount") {
    const [amount, closedAt, id] = decodeCursor(slice.cursor, (v) =>
      v.length === 3 && typeof v[0] === "string" && /^(-1|Infinity|\d+(\.\d+)?)$/.test(v[0]) && isIsoTimestamp(v[1]) && isUuid(v[2])) as string[];
    return { amount, closedAt, id };
  }
  const [closedAt, id] = decodeCursor(slice.cursor, (v) => v.length === 2 && isIsoTimestamp(v[0]) && isUuid(v[1])) as string[];
  return { closedAt, id };
}

function after(c: Columns, slice: CompSlice, key: Key | null): Prisma.Sql {
  if (!key) return Prisma.sql`TRUE`;
  const rest = Prisma.sql`(${c.closedAt}, ${c.id}) > (${key.closedAt}::timestamptz, ${key.id}::uuid)`;
  if (slice.sort === "amount") {
    const k = amountKey(c, Boolean(slice.desc));
    return Prisma.sql`(${k} ${Prisma.raw(slice.desc ? "<" : ">")} ${key.amount}::numeric OR (${k} = ${key.amount}::numeric AND ${rest}))`;
  }
  return Prisma.sql`(${c.closedAt}, ${c.id}) ${Prisma.raw(slice.desc ? "<" : ">")} (${key.closedAt}::timestamptz, ${key.id}::uuid)`;
}

/** Conditions a target answers by itself, on opportunities `o` (csm = pinned_csm_id for closed-won). */
export function targetFilter(slice: Pick<CompSlice, "accountId" | "repId" | "flag">): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (slice.accountId) where.push(Prisma.sql`o.account_id = ${slice.accountId}::uuid`);
  if (slice.repId) {
    where.push(Prisma.sql`(o.pinned_csm_id = ${slice.repId}::uuid OR o.primary_sa_id = ${slice.repId}::uuid
      OR EXISTS (SELECT FROM opportunity_supporting_sas ss WHERE ss.opportunity_id = o.id AND ss.user_id = ${slice.repId}::uuid))`);
  }
  if (slice.flag === "missing_csm") where.push(Prisma.sql`o.pinned_csm_id IS NULL`);
  else if (slice.flag === "missing_primary_sa") where.push(Prisma.sql`o.primary_sa_id IS NULL`);
  else if (slice.flag === "csm_overridden") where.push(Prisma.sql`o.csm_overridden`);
  return Prisma.join(where, " AND ");
}

/** Flag filters that need the supporting-SA flag, known only once the whole period's flags are. */
export const needsAllFlags = (flag: ReviewFlagFilter | undefined) => flag === "supporting_sa_activity" || flag === "flagged" || flag === "clean";

function rowFilter(flag: ReviewFlagFilter | undefined): Prisma.Sql {
  if (flag === "flagged") return Prisma.sql`cardinality(r.flags) > 0`;
  if (flag === "clean") return Prisma.sql`cardinality(r.flags) = 0`;
  if (flag === "supporting_sa_activity") return Prisma.sql`'supporting_sa_activity' = ANY(r.flags)`;
  return Prisma.sql`TRUE`;
}

export type SliceRow = RawCompRow & { sortAmount: string; closedAtKey: string };

/** One slice of a period's comp rows, and the cursor of the next one (null when this was the last). */
export async function compRowsSlice(
  client: Tx | typeof db, period: CompPeriod, slice: CompSlice,
): Promise<{ rows: RawCompRow[]; nextCursor: string | null }> {
  const key = readCursor(slice);
  const allFlags = needsAllFlags(slice.flag);
  const targets = Prisma.sql`
    SELECT ${targetColumns} FROM opportunities o
    WHERE ${wonInPeriod(period)} AND ${targetFilter(slice)} AND ${after(onTargets, slice, key)}
    ${allFlags ? Prisma.empty : Prisma.sql`ORDER BY ${orderBy(onTargets, slice)} LIMIT ${slice.limit + 1}`}`;
  const rows = await client.$queryRaw<SliceRow[]>`
    ${compRowsCte(period, targets)}
    SELECT r.opportunity_id::text AS id, o.name, o.external_id AS "externalId", r.account_id::text AS "accountId",
      acc.name AS "accountName", r.csm_id::text AS "csmId", r.primary_sa_id::text AS "primarySaId",
      r.supporting_sa_ids::text[] AS "supportingSaIds", r.amount::text AS amount, r.closed_at AS "closedAt", r.flags,
      c.id::text AS "csqlId", c.created_by::text AS "csqlRaisedBy",
      ${amountKey(onRows, Boolean(slice.desc))}::text AS "sortAmount", ${timestampKey(Prisma.sql`r.closed_at`)} AS "closedAtKey"
    FROM comp_rows r
    JOIN opportunities o ON o.id = r.opportunity_id
    JOIN accounts acc ON acc.id = r.account_id
    LEFT JOIN csqls c ON c.opportunity_id = r.opportunity_id
    WHERE ${rowFilter(slice.flag)}
    ORDER BY ${orderBy(onRows, slice)}
    LIMIT ${slice.limit + 1}`;
  const page = rows.slice(0, slice.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > slice.limit && last
    ? encodeCursor(slice.sort === "amount" ? [last.sortAmount, last.closedAtKey, last.id] : [last.closedAtKey, last.id])
    : null;
  return { rows: page.map(({ sortAmount: _amount, closedAtKey: _key, ...row }) => row), nextCursor };
}

/** Every row of a slice, in keyset batches: an export of a year reads as much memory as one batch. */
export async function* compRowsBatches(period: CompPeriod, slice: Omit<CompSlice, "cursor" | "limit">, batchSize = 5_000): AsyncGenerator<RawCompRow[]> {
  let cursor: string | undefined;
  for (;;) {
    const { rows, nextCursor } = await compRowsSlice(db, period, { ...slice, cursor, limit: batchSize });
    if (rows.length) yield rows;
    if (!nextCursor) return;
    cursor = nextCursor;
  }
}
