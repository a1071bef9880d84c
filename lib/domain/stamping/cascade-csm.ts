import "server-only";
import type { Tx } from "@/lib/db/client.ts";
import { Prisma } from "@/lib/db/generated/client.ts";
import { type AccountSet, accountSetRows, inAccountSet, isEmptyAccountSet } from "@/lib/domain/accounts/account-set.ts";
import { lockAccountsTopDown } from "@/lib/domain/accounts/lock-account.ts";

export type Heir = { id: string; csmId: string | null };

/**
 * The accounts that inherit their CSM from one of `roots`, through any depth of children whose
 * `csm_inheritance` is "parent", each with the CSM it should now have (its root's). Roots are never
 * their own heirs. One recursive query; the depth bound only guards against a corrupt hierarchy.
 */
export function findHeirs(tx: Tx, roots: AccountSet) {
  const notRoot = Prisma.sql`NOT (${inAccountSet(Prisma.sql`a.id`, roots)})`;
  return tx.$queryRaw<Heir[]>`
    WITH RECURSIVE heirs AS (
      SELECT a.id, r.user_id AS csm_id, 1 AS depth
      FROM accounts a
      JOIN (${accountSetRows(roots)}) AS root ON a.parent_id = root.id
      LEFT JOIN account_role_assignments r ON r.account_id = root.id AND r.role_key = 'csm'
      WHERE a.csm_inheritance = 'parent' AND ${notRoot}
      UNION ALL
      SELECT a.id, h.csm_id, h.depth + 1
      FROM accounts a JOIN heirs h ON a.parent_id = h.id
      WHERE a.csm_inheritance = 'parent' AND ${notRoot} AND h.depth < 64
    )
    SELECT id::text, csm_id::text AS "csmId" FROM heirs ORDER BY depth, id`;
}

/**
 * Finds and row-locks the heirs of `roots` (which the caller has locked). The set is read again
 * after locking, in a fresh snapshot: a child re-parented under an heir while we waited for its
 * lock is then seen too, and locked in the next round.
 */
export async function lockHeirs(tx: Tx, roots: AccountSet): Promise<Heir[]> {
  if (isEmptyAccountSet(roots)) return [];
  const locked = new Set<string>();
  for (;;) {
    const heirs = await findHeirs(tx, roots);
    const fresh = heirs.filter((heir) => !locked.has(heir.id)).map((heir) => heir.id);
    if (fresh.length === 0) return heirs;
    for (const id of await lockAccountsTopDown(tx, fresh)) locked.add(id);
  }
}
