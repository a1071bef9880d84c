import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { userSelect } from "@/lib/domain/users/queries.ts";
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from "@/lib/domain/opportunities/cursor.ts";
import { timestampKey } from "@/lib/domain/opportunities/queries.ts";
import { type AttributionVia, attributionCtes, attributionScope } from "./attribution.ts";
import type { ActivityListItem, ListActivitiesQuery } from "./schemas.ts";

type Row = {
  id: string; userId: string; accountId: string; opportunityId: string | null; occurredAt: Date; type: string;
  subject: string | null; attributedOpportunityId: string | null; via: AttributionVia; sortKey: string;
  attributedName: string | null; loggedToName: string | null;
};

function reason(row: Row): string {
  const day = row.occurredAt.toISOString().slice(0, 10);
  if (row.via === "opportunity") return "Logged to this opportunity.";
  if (row.via === "merge") return `Logged to merged opportunity "${row.loggedToName}".`;
  return row.attributedOpportunityId
    ? `Logged to the account on ${day}.`
    : `Logged to the account on ${day}; no opportunity was open then.`;
}

/**
 * `GET /activities`: newest first, each with the opportunity it counts for and why. With
 * `opportunityId`, the activities that count for that opportunity — logged to it, to anything
 * merged into it, or to its account while it was the one open — which is what a reviewer of
 * credit wants to see; `accountId` and `userId` narrow further (or alone list what was logged).
 */
export async function listActivities(
  actor: Actor,
  query: ListActivitiesQuery,
): Promise<{ items: ActivityListItem[]; nextCursor: string | null }> {
  authorize(actor, "opportunities.read");
  const after = query.cursor
    ? (decodeCursor(query.cursor, (v) => v.length === 2 && isIsoTimestamp(v[0]) && isUuid(v[1])) as [string, string])
    : null;
  const keyset = (alias: Prisma.Sql) =>
    after ? Prisma.sql`(${alias}.occurred_at, ${alias}.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : Prisma.sql`TRUE`;
  const narrow: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.accountId) narrow.push(Prisma.sql`p.account_id = ${query.accountId}::uuid`);
  if (query.userId) narrow.push(Prisma.sql`p.user_id = ${query.userId}::uuid`);
  // Without an opportunity, the page is found first (activities_account/user_occurred indexes)
  // and only its rows are attributed; with one, every candidate must be attributed to know which
  // of them count for it.
  const scope = query.opportunityId
    ? Prisma.sql`${attributionScope({ opportunityIds: [query.opportunityId] })}
        AND act.id IN (SELECT p.id FROM activities p WHERE ${Prisma.join(narrow, " AND ")})`
    : Prisma.sql`act.id IN (SELECT p.id FROM activities p WHERE ${Prisma.join(narrow, " AND ")} AND ${keyset(Prisma.sql`p`)}
        ORDER BY p.occurred_at DESC, p.id DESC LIMIT ${query.limit + 1})`;
  const where: Prisma.Sql[] = [keyset(Prisma.sql`a`)];
  if (query.opportunityId) where.push(Prisma.sql`attr.opportunity_id = ${query.opportunityId}::uuid`);
  const rows = await db.$queryRaw<Row[]>`
    WITH RECURSIVE ${attributionCtes(scope)}
    SELECT a.id::text, a.user_id::text AS "userId", a.account_id::text AS "accountId",
      a.opportunity_id::text AS "opportunityId", a.occurred_at AS "occurredAt", a.type, a.subject,
      attr.opportunity_id::text AS "attributedOpportunityId", attr.via,
      ${timestampKey(Prisma.sql`a.occurred_at`)} AS "sortKey",
      target.name AS "attributedName", logged.name AS "loggedToName"
    FROM activity_attribution attr
    JOIN activities a ON a.id = attr.activity_id
    LEFT JOIN opportunities target ON target.id = attr.opportunity_id
    LEFT JOIN opportunities logged ON logged.id = a.opportunity_id
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY a.occurred_at DESC, a.id DESC
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const users = await db.user.findMany({ where: { id: { in: [...new Set(page.map((row) => row.userId))] } }, select: userSelect });
  const usersById = new Map(users.map((user) => [user.id, user]));
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      userId: row.userId,
      accountId: row.accountId,
      opportunityId: row.opportunityId,
      occurredAt: row.occurredAt.toISOString(),
      type: row.type,
      subject: row.subject,
      attributedOpportunityId: row.attributedOpportunityId,
      user: usersById.get(row.userId) ?? null,
      attributedOpportunityName: row.attributedName,
      attributedVia: row.via,
      reason: reason(row),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortKey, last.id]) : null,
  };
}
