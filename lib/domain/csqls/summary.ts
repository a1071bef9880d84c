import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";
import { teamOf } from "./queries.ts";
import type { CsqlSummary, CsqlSummaryQuery } from "./schemas.ts";

/**
 * The revenue CSQLs bring, grouped by who raised them, their manager, or the month raised: how
 * many were created, accepted (or converted), converted and rejected, the conversion rate, and
 * the pipeline (open) and closed-won amounts of the opportunities they became. One aggregate over
 * the CSQLs in range joined to their opportunities; the same scope as the list.
 */
export async function csqlSummary(actor: Actor, query: CsqlSummaryQuery): Promise<CsqlSummary> {
  const scope = await scopeSql(actor);
  const from = query.from ? Prisma.sql`AND c.created_at >= ${query.from}::date` : Prisma.empty;
  const to = query.to ? Prisma.sql`AND c.created_at < ${query.to}::date + 1` : Prisma.empty;
  const key = {
    csm: Prisma.sql`c.created_by::text`,
    manager: Prisma.sql`coalesce(raiser.manager_id::text, '')`,
    month: Prisma.sql`to_char(date_trunc('month', c.created_at AT TIME ZONE 'UTC'), 'YYYY-MM')`,
  }[query.groupBy];
  const rows = await db.$queryRaw<{ key: string; created: number; accepted: number; converted: number; rejected: number; pipeline: string; closed_won: string }[]>`
    SELECT ${key} AS key,
      count(*)::int AS created,
      count(*) FILTER (WHERE c.status IN ('accepted', 'converted'))::int AS accepted,
      count(*) FILTER (WHERE c.status = 'converted')::int AS converted,
      count(*) FILTER (WHERE c.status = 'rejected')::int AS rejected,
      coalesce(sum(o.amount) FILTER (WHERE NOT o.is_closed), 0)::text AS pipeline,
      coalesce(sum(o.amount) FILTER (WHERE o.stage = 'closed_won'), 0)::text AS closed_won
    FROM csqls c
    JOIN users raiser ON raiser.id = c.created_by
    LEFT JOIN opportunities o ON o.id = c.opportunity_id
    WHERE true ${scope} ${from} ${to}
    GROUP BY 1 ORDER BY 1`;
  const labels = await labelsFor(query.groupBy, rows.map((row) => row.key));
  return {
    items: rows.map((row) => ({
      key: row.key,
      label: labels.get(row.key) ?? (row.key || "No manager"),
      created: row.created, accepted: row.accepted, converted: row.converted, rejected: row.rejected,
      conversionRate: row.created ? Math.round((row.converted / row.created) * 1000) / 1000 : 0,
      pipeline: Number(row.pipeline), closedWon: Number(row.closed_won),
    })),
  };
}

async function scopeSql(actor: Actor): Promise<Prisma.Sql> {
  if (can(actor.profile, "csqls.read")) return Prisma.empty;
  const ids = [actor.id, ...(actor.profile === "csm_manager" || actor.profile === "leader" ? await teamOf(actor.id) : [])];
  return Prisma.sql`AND (c.created_by = ANY(${ids}::uuid[]) OR c.owner_id = ${actor.id}::uuid)`;
}

async function labelsFor(groupBy: CsqlSummaryQuery["groupBy"], keys: string[]): Promise<Map<string, string>> {
  if (groupBy === "month") return new Map(keys.map((key) => [key, key]));
  const ids = keys.filter(Boolean);
  const users = ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [];
  return new Map(users.map((user) => [user.id, user.name]));
}
