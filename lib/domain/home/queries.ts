import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";

/** The figures on the home page; each is one indexed count. */
export async function homeFigures(actor: Actor) {
  authorize(actor, "accounts.read");
  const [row] = await db.$queryRaw<{ accounts: bigint; without_csm: bigint; open_opps: bigint; users: bigint }[]>`
    SELECT (SELECT count(*) FROM accounts) AS accounts,
           (SELECT count(*) FROM accounts a WHERE NOT EXISTS (
              -- A CSM who has left covers nothing: their accounts count as without one.
              SELECT 1 FROM account_role_assignments r JOIN users u ON u.id = r.user_id AND u.active
              WHERE r.account_id = a.id AND r.role_key = 'csm')) AS without_csm,
           (SELECT count(*) FROM opportunities WHERE NOT is_closed) AS open_opps,
           (SELECT count(*) FROM users WHERE active) AS users`;
  return {
    accounts: Number(row.accounts),
    accountsWithoutCsm: Number(row.without_csm),
    openOpportunities: Number(row.open_opps),
    activeUsers: Number(row.users),
  };
}
