import "server-only";
import { db } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { usersById } from "@/lib/domain/users/queries.ts";
import { periodBounds } from "./comp-rows-sql.ts";
import type { Standing, Standings } from "./review-schemas.ts";
import type { CompPeriod } from "./schemas.ts";

type Row = { userId: string; amount: string; count: number; rank: number };

/**
 * President's Club: credited closed-won amount per CSM and per primary SA over a period (a fiscal
 * year), ranked, ties sharing a rank. Credit is who holds the opportunity now — the same people
 * the comp review shows — and merged opportunities count through their survivor only. Summed in
 * SQL, one grouped pass per role.
 */
export async function compStandings(actor: Actor, period: CompPeriod): Promise<Standings> {
  authorize(actor, "comp.read");
  const { start, end } = periodBounds(period);
  const ranked = (column: Prisma.Sql) => db.$queryRaw<Row[]>`
    SELECT user_id::text AS "userId", credit::text AS amount, n AS count,
      (rank() OVER (ORDER BY credit DESC))::int AS rank
    FROM (
      SELECT ${column} AS user_id, coalesce(sum(o.amount), 0) AS credit, count(*)::int AS n
      FROM opportunities o
      WHERE o.stage = 'closed_won' AND o.merged_into_id IS NULL AND ${column} IS NOT NULL
        AND o.closed_at >= ${start} AND o.closed_at < ${end}
      GROUP BY 1
    ) per_user
    ORDER BY credit DESC, n DESC, user_id`;
  const [csms, sas] = await Promise.all([ranked(Prisma.sql`o.csm_id`), ranked(Prisma.sql`o.primary_sa_id`)]);
  const users = await usersById([...csms, ...sas].map((row) => row.userId));
  const standing = (rows: Row[]): Standing[] =>
    rows.flatMap((row) => {
      const user = users.get(row.userId);
      return user ? [{ rank: row.rank, user, amount: row.amount, count: row.count }] : [];
    });
  return { csms: standing(csms), sas: standing(sas) };
}
