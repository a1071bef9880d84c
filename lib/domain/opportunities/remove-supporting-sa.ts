import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { authorizeSaChange, bumpVersion, lockOpportunity, mayChangeSas } from "./lock-opportunity.ts";
import { loadOpportunityView } from "./queries.ts";
import type { OpportunityView } from "./schemas.ts";

/**
 * `DELETE /opportunities/{id}/supporting-sas/{userId}`: privileged profiles at any time, an `sa`
 * only for themselves while open. Removing someone who is not supporting changes nothing.
 */
export async function removeSupportingSa({ actor, source }: ActorContext, id: string, userId: string): Promise<OpportunityView> {
  mayChangeSas(actor);
  return db.$transaction(async (tx) => {
    const row = await lockOpportunity(tx, id, { withAccount: false });
    authorizeSaChange(actor, row, userId === actor.id);
    const removed = await tx.$executeRaw`
      DELETE FROM opportunity_supporting_sas WHERE opportunity_id = ${id}::uuid AND user_id = ${userId}::uuid`;
    if (removed > 0) {
      await bumpVersion(tx, id);
      await recordAudit(tx, { actorId: actor.id, source }, [
        { entityType: "opportunity", entityId: id, field: "supporting_sa", from: userId, to: null },
      ]);
    }
    return loadOpportunityView(tx, id);
  });
}
