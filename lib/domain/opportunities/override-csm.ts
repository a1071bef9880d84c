import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize, can } from "@/lib/auth/permissions.ts";
import { authorizeOverride } from "./team-deal.ts";
import { roleHolderId } from "@/lib/domain/accounts/lock-account.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { assertEligible } from "@/lib/domain/roles/assert-eligible.ts";
import { lockOpportunity, type LockedOpportunity, OPPORTUNITY_TX } from "./lock-opportunity.ts";
import { reasonOf } from "@/lib/domain/audit/schemas.ts";
import { invalidFields } from "@/lib/errors/domain-error.ts";
import { loadOpportunityView } from "./queries.ts";
import type { OpportunityView } from "./schemas.ts";

async function setCsm(
  { actor, source }: ActorContext,
  id: string,
  decide: (row: LockedOpportunity, tx: Tx) => Promise<{ csmId: string | null; overridden: boolean }>,
  reason: string | null = null,
): Promise<OpportunityView> {
  if (!can(actor.profile, "opportunities.overrideCsm")) authorize(actor, "opportunities.overrideTeamDeals");
  return db.$transaction(async (tx) => {
    // The account lock first: stamping writes the same field under it.
    const row = await lockOpportunity(tx, id, { withAccount: true });
    await authorizeOverride(tx, actor, row, "opportunities.overrideCsm");
    const next = await decide(row, tx);
    if (next.csmId !== row.csmId || next.overridden !== row.csmOverridden) {
      await tx.$executeRaw`
        UPDATE opportunities SET csm_id = ${next.csmId}::uuid, csm_overridden = ${next.overridden},
          version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`;
      await recordAudit(tx, { actorId: actor.id, source, reason }, [
        { entityType: "opportunity", entityId: id, field: "csm", from: row.csmId, to: next.csmId },
        { entityType: "opportunity", entityId: id, field: "csm_overridden", from: row.csmOverridden, to: next.overridden },
      ]);
    }
    return loadOpportunityView(tx, id);
  }, OPPORTUNITY_TX);
}

/**
 * A closed-won deal's CSM or primary SA decides who is paid for it: changing one needs a reason
 * (as comp's Fix credit does), so the audit trail can answer "why" when the payout is questioned.
 */
export function requireReasonWhenWon(row: LockedOpportunity, reason: string | null | undefined): void {
  if (row.stage === "closed_won" && !reasonOf(reason)) {
    throw invalidFields({ reason: `Give a reason: "${row.name}" is closed won, and its credit may hang on this change.` },
      "A reason is required to change a closed-won deal.");
  }
}

/**
 * `PUT /opportunities/{id}/csm`: privileged profiles pin the CSM of one opportunity (null pins
 * "nobody"); stamping then leaves it alone. Closed opportunities too: that is what privileged means.
 */
export function overrideCsm(context: ActorContext, id: string, userId: string | null, reason?: string | null): Promise<OpportunityView> {
  return setCsm(context, id, async (row, tx) => {
    if (userId) await assertEligible(tx, "csm", userId);
    if (userId !== row.csmId || !row.csmOverridden) requireReasonWhenWon(row, reason);
    return { csmId: userId, overridden: true };
  }, reasonOf(reason));
}

/**
 * `DELETE /opportunities/{id}/csm`: drops the override and stamps the account's current CSM.
 * On a closed opportunity too: only privileged profiles get here, and one who clears an override
 * on a locked record means "give it the account's CSM", so it is re-stamped (audited as theirs).
 */
export function clearCsmOverride(context: ActorContext, id: string): Promise<OpportunityView> {
  return setCsm(context, id, async (row, tx) => ({ csmId: await roleHolderId(tx, row.accountId, "csm"), overridden: false }));
}
