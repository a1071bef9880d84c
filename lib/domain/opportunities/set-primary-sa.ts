import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { type AuditChange, recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { assertEligible } from "@/lib/domain/roles/assert-eligible.ts";
import { authorizeSaChange, bumpVersion, lockOpportunity, mayChangeSas } from "./lock-opportunity.ts";
import { can } from "@/lib/auth/permissions.ts";
import { authorizeOverride } from "./team-deal.ts";
import { reasonOf } from "@/lib/domain/audit/schemas.ts";
import { requireReasonWhenWon } from "./override-csm.ts";
import { loadOpportunityView } from "./queries.ts";
import type { OpportunityView } from "./schemas.ts";

/**
 * `PUT /opportunities/{id}/primary-sa`. Privileged profiles at any time; an `sa` only while open
 * and only to themselves (or clearing it when it is themselves). The previous primary SA keeps
 * their credit as a supporting SA; the new one leaves the supporting list.
 * SAs stamp only new opportunities, so no account lock is needed: the row lock serializes this
 * with every other writer of the opportunity's SAs.
 */
export async function setPrimarySa(
  { actor, source }: ActorContext, id: string, userId: string | null, reason?: string | null,
): Promise<OpportunityView> {
  const teamManager = can(actor.profile, "opportunities.overrideTeamDeals");
  if (!teamManager) mayChangeSas(actor);
  return db.$transaction(async (tx) => {
    const row = await lockOpportunity(tx, id, { withAccount: false });
    const selfOnly = userId === actor.id || (userId === null && row.primarySaId === actor.id);
    if (teamManager) await authorizeOverride(tx, actor, row, "opportunities.setSas");
    else authorizeSaChange(actor, row, selfOnly);
    if (userId === row.primarySaId) return loadOpportunityView(tx, id);
    if (userId) await assertEligible(tx, "sa", userId);
    requireReasonWhenWon(row, reason);

    const entry = (field: string, from: string | null, to: string | null): AuditChange =>
      ({ entityType: "opportunity", entityId: id, field, from, to });
    const changes: AuditChange[] = [entry("primary_sa", row.primarySaId, userId)];
    await tx.$executeRaw`UPDATE opportunities SET primary_sa_id = ${userId}::uuid WHERE id = ${id}::uuid`;
    if (userId) {
      const removed = await tx.$executeRaw`
        DELETE FROM opportunity_supporting_sas WHERE opportunity_id = ${id}::uuid AND user_id = ${userId}::uuid`;
      if (removed > 0) changes.push(entry("supporting_sa", userId, null));
    }
    if (row.primarySaId) {
      const added = await tx.$executeRaw`
        INSERT INTO opportunity_supporting_sas (opportunity_id, user_id) VALUES (${id}::uuid, ${row.primarySaId}::uuid)
        ON CONFLICT DO NOTHING`;
      if (added > 0) changes.push(entry("supporting_sa", null, row.primarySaId));
    }
    await bumpVersion(tx, id);
    await recordAudit(tx, { actorId: actor.id, source, reason: reasonOf(reason) }, changes);
    return loadOpportunityView(tx, id);
  });
}
