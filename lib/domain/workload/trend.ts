import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { type WorkloadTrend, type WorkloadTrendQuery, workloadTrendQuery } from "./schemas.ts";

type Row = { month: string; userId: string; accounts: number; arr: string };

/**
 * Accounts and ARR each chosen rep held at the end of each of the last months, replayed from the
 * audit trail rather than read from today's assignments: every `team.<role>` entry starts a step
 * that lasts until the account's next entry, and a month counts the steps in force at its end (the
 * current month at this instant). One set-based query, since the trail holds a row per assignment
 * change of every account. A "pending:<email>" holder is nobody yet, so it counts for no one.
 * ARR is each account's current ARR (ARR changes are not audited); segment, region and
 * parent-ness are today's too.
 */
export async function getWorkloadTrend(actor: Actor, input: WorkloadTrendQuery): Promise<WorkloadTrend> {
  authorize(actor, "workload.read");
  const query = workloadTrendQuery.parse(input);
  const field = `team.${query.role}`;
  const rows = query.userIds.length === 0 ? [] : await db.$queryRaw<Row[]>`
    WITH months AS (
      -- Months in UTC whatever the session's time zone, to match the keys built below.
      SELECT to_char(m, 'YYYY-MM') AS month, least((m + interval '1 month') AT TIME ZONE 'UTC', now()) AS snapshot
      FROM generate_series(date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => ${query.months - 1}::int),
                           date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') AS m
    ), steps AS (
      SELECT e.entity_id, e.to_value, e.at,
        lead(e.at) OVER (PARTITION BY e.entity_id ORDER BY e.at, e.id) AS until
      FROM audit_entries e
      -- The LIKE repeats the predicate of audit_entries_account_team_idx, so the planner may use it.
      WHERE e.entity_type = 'account' AND e.field LIKE 'team.%' AND e.field = ${field}
    ), held AS (
      SELECT m.month, s.to_value AS user_id, s.entity_id::uuid AS account_id
      FROM steps s
      JOIN months m ON s.at <= m.snapshot AND (s.until IS NULL OR s.until > m.snapshot)
      WHERE s.to_value = ANY (${query.userIds}::text[])
    )
    SELECT h.month, h.user_id AS "userId", count(*)::int AS accounts, coalesce(sum(acc.arr), 0)::text AS arr
    FROM held h
    JOIN accounts acc ON acc.id = h.account_id
    WHERE true
      ${query.parentsOnly ? Prisma.sql`AND acc.parent_id IS NULL` : Prisma.empty}
      ${query.segment ? Prisma.sql`AND acc.segment = ${query.segment}` : Prisma.empty}
      ${query.region ? Prisma.sql`AND acc.region = ${query.region}` : Prisma.empty}
    GROUP BY h.month, h.user_id`;

  const months = monthKeys(query.months);
  const byKey = new Map(rows.map((row) => [`${row.userId}|${row.month}`, row]));
  return {
    months,
    series: query.userIds.map((userId) => ({
      userId,
      points: months.map((month) => {
        const row = byKey.get(`${userId}|${month}`);
        return { month, accounts: row?.accounts ?? 0, arr: row ? Number(row.arr) : 0 };
      }),
    })),
  };
}

/** "YYYY-MM" of the last `count` months, oldest first, in UTC like the database session. */
function monthKeys(count: number, now = new Date()): string[] {
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - 1 - i), 1));
    return date.toISOString().slice(0, 7);
  });
}
