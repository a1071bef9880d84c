import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize, authorizeOnAccount } from "@/lib/auth/permissions.ts";
import { holderRights } from "@/lib/domain/roles/holder-rights.ts";
import { usersById } from "@/lib/domain/users/queries.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";
import { compRowsCte, inCompTransaction } from "./comp-rows-sql.ts";
import type { CompFlag, CompPeriod, CompRowView } from "./schemas.ts";

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

/** `GET /comp/opportunities`: closed-won, non-merged opportunities closed in the period, flagged. */
export async function listCompOpportunities(actor: Actor, period: CompPeriod & { accountId?: string }): Promise<CompRowView[]> {
  if (period.accountId) authorizeOnAccount(actor, "comp.read", await holderRights(db, actor.id, period.accountId));
  else authorize(actor, "comp.read");
  const rows = await inCompTransaction((tx) => currentCompRows(tx, period));
  return hydrateCompRows(period.accountId ? rows.filter((row) => row.accountId === period.accountId) : rows);
}

export function currentCompRows(client: Tx | typeof db, period: CompPeriod): Promise<RawCompRow[]> {
  return client.$queryRaw<RawCompRow[]>`
    ${compRowsCte(period)}
    SELECT r.opportunity_id::text AS id, r.name, r.external_id AS "externalId", r.account_id::text AS "accountId",
      acc.name AS "accountName", r.csm_id::text AS "csmId", r.primary_sa_id::text AS "primarySaId",
      r.supporting_sa_ids::text[] AS "supportingSaIds", r.amount::text AS amount, r.closed_at AS "closedAt", r.flags
    FROM comp_rows r
    JOIN accounts acc ON acc.id = r.account_id
    ORDER BY r.closed_at, r.opportunity_id`;
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
