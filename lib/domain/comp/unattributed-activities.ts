import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { usersById } from "@/lib/domain/users/queries.ts";
import { periodBounds } from "./comp-rows-sql.ts";
import type { UnattributedActivity } from "./review-schemas.ts";
import type { CompPeriod } from "./schemas.ts";

type Row = {
  id: string; occurredAt: Date; type: string; subject: string | null; userId: string;
  accountId: string; accountName: string; total: number;
};

/**
 * Activities in the period that count for no opportunity, for follow-up: logged to the account
 * only, at a time no opportunity of the account was alive (an activity logged to an opportunity
 * always counts, for it or for what it was merged into). This is the attribution rule's "null"
 * case, written as NOT EXISTS so each activity stops at the first opportunity that covers it.
 */
export async function listUnattributedActivities(
  actor: Actor,
  period: CompPeriod,
  { limit = 200 }: { limit?: number } = {},
): Promise<{ items: UnattributedActivity[]; total: number }> {
  authorize(actor, "comp.read");
  const { start, end } = periodBounds(period);
  const rows = await db.$queryRaw<Row[]>`
    WITH unattributed AS (
      SELECT act.* FROM activities act
      WHERE act.opportunity_id IS NULL AND act.occurred_at >= ${start} AND act.occurred_at < ${end}
        AND NOT EXISTS (
          SELECT 1 FROM opportunities o
          WHERE o.account_id = act.account_id AND o.merged_into_id IS NULL
            AND o.created_at <= act.occurred_at AND act.occurred_at <= coalesce(o.closed_at, now()))
    )
    SELECT u.id::text, u.occurred_at AS "occurredAt", u.type, u.subject, u.user_id::text AS "userId",
      u.account_id::text AS "accountId", acc.name AS "accountName", (count(*) OVER ())::int AS total
    FROM unattributed u JOIN accounts acc ON acc.id = u.account_id
    ORDER BY u.occurred_at DESC, u.id DESC
    LIMIT ${limit}`;
  const users = await usersById(rows.map((row) => row.userId));
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((row) => {
      const day = row.occurredAt.toISOString().slice(0, 10);
      return {
        id: row.id,
        occurredAt: row.occurredAt.toISOString(),
        type: row.type,
        subject: row.subject,
        user: users.get(row.userId) ?? null,
        account: { id: row.accountId, name: row.accountName },
        reason: `Logged to the account on ${day}; no opportunity of the account was open then.`,
      };
    }),
  };
}
