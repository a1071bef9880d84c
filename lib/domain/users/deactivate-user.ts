import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import type { Actor, ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { reasonSchema } from "@/lib/domain/audit/schemas.ts";
import { roleKeySchema } from "@/lib/domain/roles/schemas.ts";
import { STAMPING_TX } from "@/lib/domain/stamping/transaction.ts";
import { moveBook } from "@/lib/domain/transfers/transfer-book.ts";
import type { TransferBookResult } from "@/lib/domain/transfers/schemas.ts";
import { invalidFields } from "@/lib/errors/domain-error.ts";
import { idSchema, type UserView } from "./schemas.ts";
import { applyUserUpdate } from "./update-user.ts";

export const deactivateUserInput = z.object({
  /** Where each role's book goes; a role left out stays with them (and shows as a gap). */
  transfers: z.array(z.object({ roleKey: roleKeySchema, toUserId: idSchema })).max(20),
  reason: reasonSchema,
});
export type DeactivateUserInput = z.infer<typeof deactivateUserInput>;

/** A person's book, role by role: how many accounts, the first 50 named. */
export type UserBook = { roleKey: string; label: string; accounts: number; names: string[] }[];

export async function userBook(actor: Actor, userId: string): Promise<UserBook> {
  authorize(actor, "users.manage");
  return db.$queryRaw<UserBook>`
    -- CSM and SA are what people call them; other roles go by their label.
    SELECT r.key AS "roleKey", CASE r.key WHEN 'csm' THEN 'CSM' WHEN 'sa' THEN 'SA' ELSE r.label END AS label, count(*)::int AS accounts,
      (array_agg(a.name ORDER BY a.name))[1:50] AS names
    FROM account_role_assignments h JOIN accounts a ON a.id = h.account_id JOIN account_roles r ON r.key = h.role_key
    WHERE h.user_id = ${userId}::uuid
    GROUP BY r.key, r.label ORDER BY r.key = 'csm' DESC, r.key = 'sa' DESC, r.label`;
}

/**
 * Someone leaves: their books move to the people chosen (each role one transfer, one audit
 * batch, with stamping) and they are deactivated, in one transaction — so they are never gone with
 * half their accounts moved, nor moved without being gone.
 */
export async function deactivateUser(
  context: ActorContext, userId: string, input: DeactivateUserInput,
): Promise<{ user: UserView; transfers: (TransferBookResult & { roleKey: string })[] }> {
  authorize(context.actor, "users.manage");
  if (userId === context.actor.id) throw invalidFields({ active: "You cannot deactivate yourself." });
  const roles = input.transfers.map((transfer) => transfer.roleKey);
  if (new Set(roles).size !== roles.length) throw invalidFields({ transfers: "One transfer per role." });
  return db.$transaction(async (tx) => {
    const transfers = [];
    for (const transfer of input.transfers) {
      const moved = await moveBook(tx, context, {
        roleKey: transfer.roleKey, fromUserId: userId, toUserId: transfer.toUserId, reason: input.reason, dryRun: false,
      });
      transfers.push({ ...moved, roleKey: transfer.roleKey });
    }
    const user = await applyUserUpdate(tx, context, userId, { active: false });
    return { user, transfers };
  }, STAMPING_TX);
}
