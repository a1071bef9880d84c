import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize, authorizeOnAccount } from "@/lib/auth/permissions.ts";
import { holderRights } from "@/lib/domain/roles/holder-rights.ts";
import { usersById } from "@/lib/domain/users/queries.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";
import { inCompTransaction } from "./comp-rows-sql.ts";
import { type CompSlice, compRowsBatches, compRowsSlice } from "./comp-slice.ts";
import type { CompFlag, CompPeriod, CompRowsQuery, CompRowView } from "./schemas.ts";

export type RawCompRow = {
  id: string; name: string; externalId: string | null; accountId: string; accountName: string;
  csmId: string | null; primarySaId: string | null; supportingSaIds: string[];
  amount: string | null; closedAt: Date; flags: string[];
  /** The CSQL the opportunity was converted from, and who raised it (the review reads it; approvals do not freeze it). */
  csqlId?: string | null; csqlRaisedBy?: string | null;
};

/** Display columns for frozen rows (comp_approval_rows `r`, with their opportunity `o` and account `acc`). */
export const compRowColumns = Prisma.sql`
  r.opportunity_id::text AS id, o.name, o.external_id AS "externalId", o.account_id::text AS "accountId",
  acc.name AS "accountName", r.csm_id::text AS "csmId", r.primary_sa_id::text AS "primarySaId",
  r.supporting_sa_ids::text[] AS "supportingSaIds", r.amount::text AS amount, r.closed_at AS "closedAt", r.flags`;

/** A page when `limit` or `cursor` is given; without either, every row (as the contract always did). */
const DEFAULT_PAGE = 50;

/**
 * `GET /comp/opportunities`: closed-won, non-merged opportunities closed in the period, flagged,
 * by close (then id). With `limit`/`cursor`, keyset pages (`nextCursor`); without, every row.
 */
export async function listCompOpportunities(actor: Actor, query: CompRowsQuery): Promise<{ items: CompRowView[]; nextCursor: string | null }> {
  if (query.accountId) authorizeOnAccount(actor, "comp.read", await holderRights(db, actor.id, query.accountId));
  else authorize(actor, "comp.read");
  const period = { from: query.from, to: query.to };
  if (query.limit === undefined && query.cursor === undefined) {
    // One statement, so the whole list is one moment's truth.
    const { rows } = await inCompTransaction((tx) => compRowsSlice(tx, period, { accountId: query.accountId, limit: ALL_ROWS }));
    return { items: await hydrateCompRows(rows), nextCursor: null };
  }
  const { rows, nextCursor } = await compRowsSlice(db, period, {
    accountId: query.accountId, cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE,
  });
  return { items: await hydrateCompRows(rows), nextCursor };
}

/** More than a year of closed-won deals: "no limit". */
const ALL_ROWS = 100_000_000;

/**
 * Every row of a slice as CSV records, streamed batch by batch (the API's CSV and the page's
 * download). Authorized before the first row is read, so a refusal is a status, not a broken file.
 */
export async function compCsvRecords(
  actor: Actor, period: CompPeriod, slice: Omit<CompSlice, "cursor" | "limit"> = {},
): Promise<AsyncGenerator<(string | number | null)[]>> {
  if (slice.accountId) authorizeOnAccount(actor, "comp.read", await holderRights(db, actor.id, slice.accountId));
  else authorize(actor, "comp.read");
  return (async function* records() {
    for await (const batch of compRowsBatches(period, slice)) {
      for (const row of await hydrateCompRows(batch)) yield compCsvRecord(row);
    }
  })();
}

export const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

/** Rows with their people as `user` objects (one lookup for all of them). */
export async function hydrateCompRows(rows: RawCompRow[], users?: Map<string, UserView>): Promise<CompRowView[]> {
  const people = users ?? (await usersById(rows.flatMap((row) => [row.csmId, row.primarySaId, ...row.supportingSaIds])));
  const user = (id: string | null) => (id ? people.get(id) ?? null : null);
  return rows.map((row) => ({
    opportunity: { id: row.id, name: row.name, externalId: row.externalId, accountId: row.accountId, accountName: row.accountName },
    csm: user(row.csmId),
    primarySa: user(row.primarySaId),
    supportingSas: row.supportingSaIds.map(user).filter((value): value is UserView => value !== null),
    amount: numberOrNull(row.amount),
    closedAt: row.closedAt.toISOString(),
    flags: row.flags as CompFlag[],
    ...(row.csqlId ? { csql: { id: row.csqlId, raisedBy: user(row.csqlRaisedBy ?? null) } } : {}),
  }));
}

export const COMP_CSV_HEADER = [
  "Opportunity ID", "External ID", "Opportunity", "Account", "Amount", "Closed at",
  "CSM", "CSM email", "Primary SA", "Primary SA email", "Supporting SAs", "Flags",
] as const;

/** One CSV record per comp row, in COMP_CSV_HEADER's order (made spreadsheet-safe by the writer). */
export function compCsvRecord(row: CompRowView): (string | number | null)[] {
  return [
    row.opportunity.id, row.opportunity.externalId, row.opportunity.name, row.opportunity.accountName,
    row.amount, row.closedAt,
    row.csm?.name ?? null, row.csm?.email ?? null, row.primarySa?.name ?? null, row.primarySa?.email ?? null,
    row.supportingSas.map((sa) => sa.name).join("; "), row.flags.join(" "),
  ];
}
