import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { assertEligible } from "@/lib/domain/roles/assert-eligible.ts";
import { authorizeSaChange, bumpVersion, lockOpportunity, mayChangeSas } from "./lock-opportunity.ts";
import { loadOpportunityView } from "./queries.ts";
import type { OpportunityView } from "./schemas.ts";

/**
 * `POST /opportunities/{id}/supporting-sas`: privileged profiles at any time, an `sa` only for
 * themselves while open. Adding someone already supporting changes nothing (an integration may
 * retry); adding the primary SA is refused, since one person cannot be both.
 */
export async function addSupportingSa({ actor, source }: ActorContext, id: string, userId: string): Promise<OpportunityView> {
  mayChangeSas(actor);
  return db.$transaction(async (tx) => {
    const row = await lockOpportunity(tx, id, { withAccount: false });
    authorizeSaChange(actor, row, userId === actor.id);
    if (userId === row.primarySaId) {
      throw new DomainError("invalid_transition", "That user is already the primary SA of this opportunity.");
    }
    await assertEligible(tx, "sa", userId);
    const added = await tx.$executeRaw`
      INSERT INTO opportunity_supporting_sas (opportunity_id, user_id) VALUES (${id}::uuid, ${userId}::uuid)
      ON CONFLICT DO NOTHING`;
    if (added > 0) {
      await bumpVersion(tx, id);
      await recordAudit(tx, { actorId: actor.id, source }, [
        { entityType: "opportunity", entityId: id, field: "supporting_sa", from: null, to: userId },
      ]);
    }
    return loadOpportunityView(tx, id);
  });
}
