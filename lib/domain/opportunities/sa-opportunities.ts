import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from "./cursor.ts";
import { timestampKey } from "./queries.ts";
import type { OpportunityTableRow, Stage } from "./schemas.ts";

const sql = Prisma.sql;

export type SaOpportunityRow = OpportunityTableRow & { saRole: "primary" | "supporting" };

export type SaOpportunitiesQuery = {
  userId: string;
  /** Open ones (soonest close date first) or closed ones (most recently closed first). */
  open: boolean;
  cursor?: string;
  limit: number;
};

type RawRow = Omit<SaOpportunityRow, "amount" | "closedAt" | "createdAt"> & {
  amount: string | null; closedAt: Date | null; createdAt: Date; sortKey: string;
};

/**
 * An SA's opportunities, where they are primary or supporting, one status at a time so each list
 * keeps its natural order: open ones by close date (none last), closed ones newest close first.
 * The person's rows are found through opportunities_primary_sa_idx and
 * opportunity_supporting_sas_user_idx; even a long-tenured SA has a few thousand, so sorting that
 * set is cheap, and the keyset keeps every page equally fast.
 */
export async function listSaOpportunities(
  actor: Actor,
  query: SaOpportunitiesQuery,
): Promise<{ items: SaOpportunityRow[]; nextCursor: string | null }> {
  authorize(actor, "opportunities.read");
  // 'infinity' puts undated open opportunities last without a nullable keyset branch.
  const key = query.open
    ? { column: sql`coalesce(o.close_date, 'infinity'::date)`, text: sql`coalesce(o.close_date, 'infinity'::date)::text`,
        param: (v: string) => sql`${v}::date`, cmp: sql`>`, dir: sql`ASC`,
        valid: (v: unknown) => typeof v === "string" && (/^\d{4}-\d{2}-\d{2}$/.test(v) || v === "infinity") }
    : { column: sql`o.closed_at`, text: timestampKey(sql`o.closed_at`), param: (v: string) => sql`${v}::timestamptz`,
        cmp: sql`<`, dir: sql`DESC`, valid: isIsoTimestamp };
  const after = query.cursor
    ? (decodeCursor(query.cursor, (v) => v.length === 2 && key.valid(v[0]) && isUuid(v[1])) as [string, string])
    : null;
  const keyset = after ? sql`(${key.column}, o.id) ${key.cmp} (${key.param(after[0])}, ${after[1]}::uuid)` : sql`TRUE`;
  const take = query.limit + 1;
  const rows = await db.$queryRaw<RawRow[]>`
    WITH mine AS (
      SELECT id, 'primary' AS role FROM opportunities WHERE primary_sa_id = ${query.userId}::uuid
      UNION ALL
      SELECT opportunity_id, 'supporting' FROM opportunity_supporting_sas WHERE user_id = ${query.userId}::uuid
    ), roles AS (
      -- One person is never both, but a row must not appear twice if data says otherwise.
      SELECT id, min(role) AS role FROM mine GROUP BY id
    )
    SELECT o.id::text, o.external_id AS "externalId", o.name, o.stage::text AS stage, o.is_closed AS "isClosed",
      o.amount::text AS amount, to_char(o.close_date, 'YYYY-MM-DD') AS "closeDate", o.closed_at AS "closedAt",
      o.created_at AS "createdAt", o.csm_overridden AS "csmOverridden", o.merged_into_id::text AS "mergedIntoId",
      json_build_object('id', a.id::text, 'name', a.name) AS account,
      CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id::text, 'name', c.name) END AS csm,
      CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id::text, 'name', s.name) END AS "primarySa",
      (SELECT count(*)::int FROM opportunity_supporting_sas ss WHERE ss.opportunity_id = o.id) AS "supportingSaCount",
      r.role AS "saRole", ${key.text} AS "sortKey"
    FROM roles r
    JOIN opportunities o ON o.id = r.id
    JOIN accounts a ON a.id = o.account_id
    LEFT JOIN users c ON c.id = o.csm_id
    LEFT JOIN users s ON s.id = o.primary_sa_id
    WHERE o.is_closed = ${!query.open} AND ${keyset}
    ORDER BY ${key.column} ${key.dir}, o.id ${key.dir}
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

/** How many open opportunities the SA is on, for the page's heading. */
export async function countOpenSaOpportunities(actor: Actor, userId: string): Promise<number> {
  authorize(actor, "opportunities.read");
  // A union rather than OR, so each half uses its own index instead of scanning every opportunity.
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT id FROM opportunities WHERE primary_sa_id = ${userId}::uuid AND NOT is_closed
      UNION
      SELECT o.id FROM opportunity_supporting_sas s JOIN opportunities o ON o.id = s.opportunity_id
      WHERE s.user_id = ${userId}::uuid AND NOT o.is_closed
    ) mine`;
  return row?.n ?? 0;
}
