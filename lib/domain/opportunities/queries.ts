import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import { userSelect } from "@/lib/domain/users/queries.ts";
import type { UserView } from "@/lib/domain/users/schemas.ts";
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from "./cursor.ts";
import type { ListOpportunitiesQuery, OpportunityView } from "./schemas.ts";
import { heldByCsm } from "./held-by-csm.ts";

type Client = Tx | typeof db;

const opportunitySelect = {
  id: true, externalId: true, accountId: true, name: true, stage: true, isClosed: true, amount: true,
  closeDate: true, closedAt: true, csmId: true, csmOverridden: true, primarySaId: true, mergedIntoId: true,
  version: true, createdAt: true,
  supportingSas: { select: { userId: true }, orderBy: [{ addedAt: "asc" }, { userId: "asc" }] },
} as const satisfies Prisma.OpportunitySelect;

type OpportunityRow = Prisma.OpportunityGetPayload<{ select: typeof opportunitySelect }>;

/** A `date` column arrives as UTC midnight; the contract shows it as YYYY-MM-DD. */
export const dateOnly = (value: Date | null) => (value ? value.toISOString().slice(0, 10) : null);

function toView(row: OpportunityRow, users: Map<string, UserView>): OpportunityView {
  const user = (id: string | null) => (id ? (users.get(id) ?? null) : null);
  return {
    id: row.id,
    externalId: row.externalId,
    accountId: row.accountId,
    name: row.name,
    stage: row.stage,
    isClosed: row.isClosed,
    amount: row.amount === null ? null : Number(row.amount),
    closeDate: dateOnly(row.closeDate),
    closedAt: row.closedAt?.toISOString() ?? null,
    csm: user(row.csmId),
    csmOverridden: row.csmOverridden,
    primarySa: user(row.primarySaId),
    supportingSas: row.supportingSas.flatMap((sa) => user(sa.userId) ?? []),
    mergedIntoId: row.mergedIntoId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Opportunity views in the order of `ids`. Pass the transaction to see its own changes; users are
 * read through the same client, so a view built inside a use case never waits on another
 * connection.
 */
export async function opportunityViews(client: Client, ids: string[]): Promise<OpportunityView[]> {
  if (ids.length === 0) return [];
  const rows = await client.opportunity.findMany({ where: { id: { in: ids } }, select: opportunitySelect });
  const userIds = new Set<string>();
  for (const row of rows) {
    if (row.csmId) userIds.add(row.csmId);
    if (row.primarySaId) userIds.add(row.primarySaId);
    for (const sa of row.supportingSas) userIds.add(sa.userId);
  }
  const users = userIds.size
    ? await client.user.findMany({ where: { id: { in: [...userIds] } }, select: userSelect })
    : [];
  const usersById = new Map(users.map((user) => [user.id, user]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toView(row, usersById)] : [];
  });
}

export async function loadOpportunityView(client: Client, id: string): Promise<OpportunityView> {
  const [view] = await opportunityViews(client, [id]);
  if (!view) throw notFound("Opportunity");
  return view;
}

export async function getOpportunity(actor: Actor, id: string): Promise<OpportunityView> {
  authorize(actor, "opportunities.read");
  return loadOpportunityView(db, id);
}

/** Microsecond-exact text of a timestamptz: a JS Date would round the keyset to milliseconds. */
export const timestampKey = (column: Prisma.Sql) =>
  Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Opportunities where the user is a supporting SA, as a condition on `o`. A semi-join rather than
 * a join, so an opportunity appears once however many SAs support it and a keyset still sees only
 * the opportunity's own columns; opportunity_supporting_sas_user_idx finds the user's rows.
 */
export const supportedBy = (userId: string) =>
  Prisma.sql`EXISTS (SELECT 1 FROM opportunity_supporting_sas ss WHERE ss.opportunity_id = o.id AND ss.user_id = ${userId}::uuid)`;

/**
 * `GET /opportunities`: newest first, in keyset pages on (created_at, id) served by
 * opportunities_created_id_idx; the filters that narrow most (account, CSM, SA) have their own
 * indexes and the planner sorts their few rows instead.
 */
export async function listOpportunities(
  actor: Actor,
  query: ListOpportunitiesQuery,
): Promise<{ items: OpportunityView[]; nextCursor: string | null }> {
  authorize(actor, "opportunities.read");
  const where: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, (v) => v.length === 2 && isIsoTimestamp(v[0]) && isUuid(v[1])) as [string, string];
    where.push(Prisma.sql`(o.created_at, o.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  if (query.accountId) where.push(Prisma.sql`o.account_id = ${query.accountId}::uuid`);
  if (query.csmId) where.push(heldByCsm(query.csmId));
  if (query.primarySaId) where.push(Prisma.sql`o.primary_sa_id = ${query.primarySaId}::uuid`);
  if (query.supportingSaId) where.push(supportedBy(query.supportingSaId));
  if (query.stage) where.push(Prisma.sql`o.stage = ${query.stage}::opportunity_stage`);
  if (query.open !== undefined) where.push(query.open ? Prisma.sql`NOT o.is_closed` : Prisma.sql`o.is_closed`);
  if (query.merged !== undefined) {
    where.push(query.merged ? Prisma.sql`o.merged_into_id IS NOT NULL` : Prisma.sql`o.merged_into_id IS NULL`);
  }
  // One account's or one person's opportunities are few: read them through their own index and
  // sort them, rather than let the planner walk the newest-first index hoping to meet them soon.
  const narrow = Boolean(query.accountId || query.csmId || query.primarySaId || query.supportingSaId);
  const matching = Prisma.sql`SELECT o.id, o.created_at FROM opportunities o WHERE ${Prisma.join(where, " AND ")}`;
  const rows = await db.$queryRaw<{ id: string; at: string }[]>`
    WITH o AS ${narrow ? Prisma.sql`MATERIALIZED` : Prisma.sql`NOT MATERIALIZED`} (${matching})
    SELECT p.id::text, ${timestampKey(Prisma.sql`p.created_at`)} AS at
    FROM (SELECT o.id, o.created_at FROM o ORDER BY o.created_at DESC, o.id DESC LIMIT ${query.limit + 1}) p
    ORDER BY p.created_at DESC, p.id DESC`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await opportunityViews(db, page.map((row) => row.id)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.at, last.id]) : null,
  };
}
