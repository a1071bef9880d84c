import "server-only";
import { Prisma } from "@/lib/db/generated/client.ts";

/**
 * "Opportunities whose CSM is `userId`" as a condition on the opportunity aliased `o`. No index
 * holds csm_id, so that a stamp can rewrite rows in place (migration 0005). An opportunity that
 * follows its account carries the account's CSM (the stamping invariant reconcile keeps), so those
 * are found through the person's accounts; one whose CSM is pinned — locked by closing, or
 * overridden — through pinned_csm_id. csm_id is checked too, so the answer is exactly the column.
 * Both arms are index conditions, so PostgreSQL ORs two bitmap scans and reads each row once.
 */
export function heldByCsm(userId: string): Prisma.Sql {
  return Prisma.sql`(o.pinned_csm_id = ${userId}::uuid OR (
    o.account_id = ANY (ARRAY(SELECT h.account_id FROM account_role_assignments h WHERE h.role_key = 'csm' AND h.user_id = ${userId}::uuid))
    AND o.pinned_csm_id IS NULL AND o.csm_id = ${userId}::uuid))`;
}
