import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from "@/lib/domain/opportunities/cursor.ts";
import { toUserView, userSelect } from "@/lib/domain/users/queries.ts";
import { notFound } from "@/lib/errors/domain-error.ts";
import type { CsqlView, ListCsqlsQuery } from "./schemas.ts";

/**
 * Which CSQLs someone sees, as a `where`: privileged profiles all of them; CSM managers and
 * leaders those their team raised; everyone the ones they raised or own. A CSQL outside it is
 * simply not found.
 */
export async function visibleTo(actor: Actor): Promise<Prisma.CsqlWhereInput> {
  if (can(actor.profile, "csqls.read")) return {};
  const own: Prisma.CsqlWhereInput[] = [{ createdBy: actor.id }, { ownerId: actor.id }];
  if (actor.profile === "csm_manager" || actor.profile === "leader") {
    return { OR: [...own, { createdBy: { in: await teamOf(actor.id) } }] };
  }
  return { OR: own };
}

/** Everyone who reports to this person, directly or through their managers. */
export async function teamOf(managerId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE team AS (
      SELECT id FROM users WHERE manager_id = ${managerId}::uuid
      UNION SELECT u.id FROM users u JOIN team t ON u.manager_id = t.id
    ) SELECT id::text FROM team`;
  return rows.map((row) => row.id);
}

export const csqlSelect = {
  id: true, accountId: true, title: true, description: true, estimatedAmount: true, kind: true, status: true,
  contactName: true, contactEmail: true, opportunityId: true, rejectReason: true, externalId: true,
  createdAt: true, decidedAt: true, version: true,
  account: { select: { name: true } },
  creator: { select: userSelect },
  owner: { select: userSelect },
} as const satisfies Prisma.CsqlSelect;

type CsqlRow = Prisma.CsqlGetPayload<{ select: typeof csqlSelect }>;

export function toCsqlView(row: CsqlRow): CsqlView {
  return {
    id: row.id, accountId: row.accountId, accountName: row.account.name, title: row.title, description: row.description,
    estimatedAmount: row.estimatedAmount === null ? null : Number(row.estimatedAmount), kind: row.kind, status: row.status,
    contactName: row.contactName, contactEmail: row.contactEmail, createdBy: toUserView(row.creator),
    owner: row.owner ? toUserView(row.owner) : null, opportunityId: row.opportunityId, rejectReason: row.rejectReason,
    externalId: row.externalId, createdAt: row.createdAt.toISOString(), decidedAt: row.decidedAt?.toISOString() ?? null,
    version: row.version,
  };
}

export async function loadCsqlView(client: Tx | typeof db, id: string): Promise<CsqlView> {
  return toCsqlView(await client.csql.findUniqueOrThrow({ where: { id }, select: csqlSelect }));
}

export async function getCsql(actor: Actor, id: string): Promise<CsqlView> {
  const row = await db.csql.findFirst({ where: { AND: [{ id }, await visibleTo(actor)] }, select: csqlSelect });
  if (!row) throw notFound("CSQL");
  return toCsqlView(row);
}

/** Newest first, keyset-paged on (createdAt, id). */
export async function listCsqls(actor: Actor, query: ListCsqlsQuery): Promise<{ items: CsqlView[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor, (v) => v.length === 2 && isIsoTimestamp(v[0]) && isUuid(v[1])) : null;
  const where: Prisma.CsqlWhereInput = {
    AND: [
      await visibleTo(actor),
      {
        status: query.status, kind: query.kind, ownerId: query.unowned ? null : query.ownerId,
        createdBy: query.createdById, accountId: query.accountId,
      },
      after
        ? { OR: [{ createdAt: { lt: new Date(after[0] as string) } }, { createdAt: new Date(after[0] as string), id: { lt: after[1] as string } }] }
        : {},
    ],
  };
  const rows = await db.csql.findMany({ where, select: csqlSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toCsqlView),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** For a transition: the CSQL, row-locked for the rest of the transaction, if the actor may see it. */
export async function lockCsql(tx: Tx, actor: Actor, id: string) {
  const visible = await tx.csql.findFirst({ where: { AND: [{ id }, await visibleTo(actor)] }, select: { id: true } });
  if (!visible) throw notFound("CSQL");
  const [row] = await tx.$queryRaw<{ id: string; status: string; owner_id: string | null; account_id: string; title: string; estimated_amount: string | null; version: number }[]>`
    SELECT id::text, status::text, owner_id::text, account_id::text, title, estimated_amount::text, version
    FROM csqls WHERE id = ${id}::uuid FOR UPDATE`;
  return row!;
}
