import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { roleKeySchema } from "@/lib/domain/roles/schemas.ts";
import { findRole } from "@/lib/domain/roles/queries.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";
import { findHeirs } from "@/lib/domain/stamping/cascade-csm.ts";
import { type MovePreview, movePreview } from "./move-preview.ts";

export const assignmentImpactQuery = z.object({
  accountIds: z.array(idSchema).min(1).max(200),
  roleKey: roleKeySchema,
  userId: idSchema.nullable(),
});
export type AssignmentImpactQuery = z.infer<typeof assignmentImpactQuery>;

export type AssignmentImpact = {
  /** Accounts whose holder would change. */
  accounts: number;
  /** Inheriting descendants whose CSM would follow. */
  cascadedAccounts: number;
  /** Open opportunities that would be stamped with the new CSM (overridden ones left out). */
  opportunities: number;
  /** Open opportunities with a CSM override: they keep their CSM unless "include overridden". */
  overridden: number;
  /** The receiving rep's load against capacity, and the accounts and opportunities that change (first 50 named). */
  preview: MovePreview;
};

/**
 * What giving `roleKey` to `userId` on these accounts would do, read before the change is
 * confirmed ("will stamp 12 open opportunities; 2 with an override stay"). It counts what
 * applyCsm would touch — the accounts, their inheriting descendants, and those accounts' open
 * opportunities — without locking anything, so it is an estimate of a moment: the real change
 * reports its own counts. One query over the partial index of open opportunities.
 */
export async function assignmentImpact(actor: Actor, input: AssignmentImpactQuery): Promise<AssignmentImpact> {
  authorize(actor, "accounts.read");
  const role = await findRole(db, input.roleKey);
  const ids = [...new Set(input.accountIds)];
  const [changed] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM accounts a
    LEFT JOIN account_role_assignments h ON h.account_id = a.id AND h.role_key = ${role.key}
    WHERE a.id = ANY(${ids}::uuid[]) AND (h.user_id IS DISTINCT FROM ${input.userId}::uuid OR h.pending_email IS NOT NULL)`;
  if (role.key !== "csm") {
    const preview = await db.$transaction((tx) => movePreview(tx, { roleKey: role.key, userId: input.userId, accountIds: ids }));
    return { accounts: changed.n, cascadedAccounts: 0, opportunities: 0, overridden: 0, preview };
  }

  const [impact] = await db.$queryRaw<Omit<AssignmentImpact, "accounts" | "preview">[]>`
    WITH RECURSIVE heirs AS (
      SELECT a.id, 1 AS depth FROM accounts a
      WHERE a.parent_id = ANY(${ids}::uuid[]) AND a.csm_inheritance = 'parent' AND a.id <> ALL(${ids}::uuid[])
      UNION ALL
      SELECT a.id, h.depth + 1 FROM accounts a JOIN heirs h ON a.parent_id = h.id
      WHERE a.csm_inheritance = 'parent' AND a.id <> ALL(${ids}::uuid[]) AND h.depth < 64
    ), scope AS (
      SELECT unnest(${ids}::uuid[]) AS id UNION SELECT id FROM heirs
    )
    SELECT
      (SELECT count(DISTINCT id)::int FROM heirs) AS "cascadedAccounts",
      count(*) FILTER (WHERE NOT o.csm_overridden AND o.csm_id IS DISTINCT FROM ${input.userId}::uuid)::int AS opportunities,
      count(*) FILTER (WHERE o.csm_overridden)::int AS overridden
    FROM opportunities o
    WHERE o.account_id IN (SELECT id FROM scope) AND NOT o.is_closed`;
  const preview = await db.$transaction(async (tx) =>
    movePreview(tx, { roleKey: "csm", userId: input.userId, accountIds: ids, heirs: (await findHeirs(tx, ids)).map((heir) => heir.id) }));
  return { accounts: changed.n, ...impact, preview };
}
