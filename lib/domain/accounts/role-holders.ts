import "server-only";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";

export type RoleHolder = { id: string; name: string; email: string; active: boolean; accounts: number };

/**
 * Everyone who holds `roleKey` on at least one account, with how many — inactive people too, since
 * a departed rep's book is the one most often transferred. An index-only read of
 * account_role_assignments (role_key, user_id, account_id).
 */
export async function roleHolders(actor: Actor, roleKey: string): Promise<RoleHolder[]> {
  authorize(actor, "accounts.read");
  return db.$queryRaw<RoleHolder[]>`
    SELECT u.id::text, u.name, u.email, u.active, h.accounts
    FROM (
      SELECT user_id, count(*)::int AS accounts FROM account_role_assignments
      WHERE role_key = ${roleKey} AND user_id IS NOT NULL GROUP BY user_id
    ) h JOIN users u ON u.id = h.user_id
    ORDER BY u.name, u.id`;
}
