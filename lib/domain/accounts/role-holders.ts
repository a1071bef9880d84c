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

/**
 * Who holds `roleKey` anywhere, without counts: the options of a filter menu. A loose index scan
 * of account_role_assignments_holder_idx (role_key, user_id, …) jumps from one holder to the next,
 * a few hundred probes instead of reading every assignment of the role.
 */
export async function roleHolderOptions(actor: Actor, roleKey: string): Promise<{ id: string; name: string; active: boolean }[]> {
  authorize(actor, "accounts.read");
  return db.$queryRaw`
    WITH RECURSIVE h AS (
      (SELECT user_id FROM account_role_assignments WHERE role_key = ${roleKey} AND user_id IS NOT NULL ORDER BY user_id LIMIT 1)
      UNION ALL
      SELECT (SELECT a.user_id FROM account_role_assignments a WHERE a.role_key = ${roleKey} AND a.user_id > h.user_id ORDER BY a.user_id LIMIT 1)
      FROM h WHERE h.user_id IS NOT NULL
    )
    SELECT u.id::text, u.name, u.active FROM h JOIN users u ON u.id = h.user_id ORDER BY u.name, u.id`;
}
