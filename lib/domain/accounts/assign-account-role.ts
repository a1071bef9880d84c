import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { can, canAssignOnAccount } from "@/lib/auth/permissions.ts";
import { holderRights } from "@/lib/domain/roles/holder-rights.ts";
import { reasonOf } from "@/lib/domain/audit/schemas.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { assertEligible } from "@/lib/domain/roles/assert-eligible.ts";
import { findRole } from "@/lib/domain/roles/queries.ts";
import { applyCsm } from "@/lib/domain/stamping/apply-csm.ts";
import { STAMPING_TX } from "@/lib/domain/stamping/transaction.ts";
import { lockAccount, roleHolderId } from "./lock-account.ts";
import { loadAccountView } from "./queries.ts";
import type { AssignRoleInput, AssignRoleResult } from "./schemas.ts";
import { setRoleHolders } from "./set-role-holders.ts";

const forbidden = (message = "Your profile may not change this account's team.") => new DomainError("forbidden", message);

/**
 * `PUT /accounts/{id}/team/{roleKey}`: sets or clears one role's holder. For `csm` the new CSM is
 * stamped on the account's open opportunities (overridden ones only with `includeOverridden`,
 * which clears the override) and flows down to every inheriting descendant, all in one
 * transaction and one audit batch. Other roles touch no opportunity (`sa` stamps new ones only).
 *
 * Setting a CSM directly on an account that inherits from its parent is allowed: the account keeps
 * its inheritance flag and follows its parent again at the parent's next CSM change.
 */
export async function assignAccountRole(
  { actor, source }: ActorContext,
  accountId: string,
  roleKey: string,
  input: AssignRoleInput,
): Promise<AssignRoleResult> {
  // An SA manages their own SA slot; a holder the roles they hold there let them assign; everyone
  // else needs the assigner permission.
  const selfSa = !can(actor.profile, "team.assign") && roleKey === "sa" && can(actor.profile, "team.assignSelfAsSa");

  return db.$transaction(async (tx) => {
    if (!can(actor.profile, "team.assign") && !(selfSa && (input.userId === null || input.userId === actor.id))) {
      if (!canAssignOnAccount(actor, roleKey, await holderRights(tx, actor.id, accountId))) {
        throw selfSa ? forbidden("An SA may only assign themselves.") : forbidden();
      }
    }
    await lockAccount(tx, accountId);
    const role = await findRole(tx, roleKey);
    if (selfSa && input.userId === null && (await roleHolderId(tx, accountId, roleKey)) !== actor.id) {
      throw forbidden("An SA may only clear the SA role when they hold it.");
    }
    if (input.userId) await assertEligible(tx, role.key, input.userId);

    const batchId = randomUUID();
    const reason = reasonOf(input.reason);
    const change = [{ accountId, userId: input.userId }];
    let stamped = { opportunities: 0, skippedOverridden: 0 };
    let cascaded = 0;
    if (role.key === "csm") {
      const result = await applyCsm(tx, change, {
        actorId: actor.id, source, batchId, includeOverridden: input.includeOverridden ?? false, reason,
      });
      stamped = { opportunities: result.opportunities, skippedOverridden: result.skippedOverridden };
      cascaded = result.cascaded;
    } else {
      await setRoleHolders(tx, role.key, change, { actorId: actor.id, source, batchId, reason });
    }
    return { account: await loadAccountView(tx, accountId), stamped, cascaded: { accounts: cascaded } };
  }, STAMPING_TX);
}
