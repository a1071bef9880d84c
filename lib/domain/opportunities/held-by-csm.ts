import "server-only";
import { Prisma } from "@/lib/db/generated/client.ts";

/**
 * "Opportunities whose CSM is `userId`" as a condition on the opportunity aliased `o`. No index
 * holds csm_id, so that a stamp can rewrite rows in place (migration 0005). An opportunity that
 * follows its account carries the account's CSM (the stamping invariant reconcile keeps), so those
 * are found through the person's accounts; one whose CSM is pinned — locked by closing, or
 * overridden — through pinned_csm_id. csm_id is checked too, so the answer is exactly the column.
 */
export function heldByCsm(userId: string): Prisma.Sql {
  return Prisma.sql`o.id IN (
    SELECT p.id FROM opportunities p WHERE p.pinned_csm_id = ${userId}::uuid
    UNION ALL
    SELECT p.id FROM account_role_assignments h JOIN opportunities p ON p.account_id = h.account_id
    WHERE h.role_key = 'csm' AND h.user_id = ${userId}::uuid AND p.pinned_csm_id IS NULL AND p.csm_id = ${userId}::uuid)`;
}
