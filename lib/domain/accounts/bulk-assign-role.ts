import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db, type Tx } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";
import { reasonOf, reasonSchema } from "@/lib/domain/audit/schemas.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { assertEligible } from "@/lib/domain/roles/assert-eligible.ts";
import { findRole } from "@/lib/domain/roles/queries.ts";
import { roleKeySchema } from "@/lib/domain/roles/schemas.ts";
import { applyCsm } from "@/lib/domain/stamping/apply-csm.ts";
import { STAMPING_TX } from "@/lib/domain/stamping/transaction.ts";
import { idSchema } from "@/lib/domain/users/schemas.ts";
import { lockAccountsTopDown } from "./lock-account.ts";
import { setRoleHolders } from "./set-role-holders.ts";

export const bulkAssignRoleInput = z.object({
  accountIds: z.array(idSchema).min(1, { message: "Select at least one account." }).max(200, { message: "At most 200 accounts at once." }),
  roleKey: roleKeySchema,
  userId: idSchema,
  includeOverridden: z.boolean().optional(),
  reason: reasonSchema,
  /** Move only accounts this user still holds the role on (a rebalancing suggestion): refused otherwise. */
  fromUserId: idSchema.optional(),
});
export type BulkAssignRoleInput = z.infer<typeof bulkAssignRoleInput>;

export type BulkAssignRoleResult = {
  /** Accounts whose holder changed (the selected ones that did not already have this holder). */
  accounts: number;
  cascadedAccounts: number;
  opportunities: number;
  skippedOverridden: number;
  batchId: string;
};

/**
 * A suggestion was read a moment ago; under the locks, every account must still be held by the
 * rep it relieves, or the move would take accounts from someone it never meant to.
 */
async function assertStillHeldBy(tx: Tx, roleKey: string, accountIds: string[], userId: string): Promise<void> {
  const [{ n }] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM unnest(${accountIds}::uuid[]) AS a(id)
    LEFT JOIN account_role_assignments h ON h.account_id = a.id AND h.role_key = ${roleKey}
    WHERE h.user_id IS DISTINCT FROM ${userId}::uuid`;
  if (n > 0) {
    throw new DomainError("conflict", `${n === 1 ? "1 of these accounts has" : `${n} of these accounts have`} changed hands since the suggestion was made; refresh and try again.`);
  }
}

const forbidden = (message = "Your profile may not change these accounts' teams.") => new DomainError("forbidden", message);

/**
 * Gives one role on many accounts to one user — the "Assign role to…" of selected rows — in one
 * transaction and one audit batch: the same rules as a single assignment (an SA only themselves
 * on the SA role; an eligible, active holder), the accounts locked top-down like every
 * multi-account writer, and for `csm` the same stamping and cascade, run over the set at once.
 */
export async function bulkAssignRole({ actor, source }: ActorContext, input: BulkAssignRoleInput): Promise<BulkAssignRoleResult> {
  const selfSa = !can(actor.profile, "team.assign") && input.roleKey === "sa" && can(actor.profile, "team.assignSelfAsSa");
  if (!can(actor.profile, "team.assign") && !selfSa) throw forbidden();
  if (selfSa && input.userId !== actor.id) throw forbidden("An SA may only assign themselves.");
  const ids = [...new Set(input.accountIds)];

  return db.$transaction(async (tx) => {
    const role = await findRole(tx, input.roleKey);
    const locked = await lockAccountsTopDown(tx, ids);
    if (locked.length !== ids.length) {
      const missing = ids.length - locked.length;
      throw new DomainError("not_found", `${missing} of the selected accounts ${missing === 1 ? "no longer exists" : "no longer exist"}; reload and try again.`);
    }
    await assertEligible(tx, role.key, input.userId);
    if (input.fromUserId) await assertStillHeldBy(tx, role.key, ids, input.fromUserId);

    const batchId = randomUUID();
    const reason = reasonOf(input.reason);
    const changes = ids.map((accountId) => ({ accountId, userId: input.userId }));
    if (role.key === "csm") {
      const moved = await applyCsm(tx, changes, {
        actorId: actor.id, source, batchId, includeOverridden: input.includeOverridden ?? false, reason,
      });
      return {
        accounts: moved.accounts.length, cascadedAccounts: moved.cascaded,
        opportunities: moved.opportunities, skippedOverridden: moved.skippedOverridden, batchId,
      };
    }
    const moved = await setRoleHolders(tx, role.key, changes, { actorId: actor.id, source, batchId, reason });
    return { accounts: moved.length, cascadedAccounts: 0, opportunities: 0, skippedOverridden: 0, batchId };
  }, STAMPING_TX);
}
