import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { insertOpportunity } from "@/lib/domain/opportunities/create-opportunity.ts";
import { OPPORTUNITY_TX } from "@/lib/domain/opportunities/lock-opportunity.ts";
import { loadOpportunityView } from "@/lib/domain/opportunities/queries.ts";
import type { OpportunityView } from "@/lib/domain/opportunities/schemas.ts";
import { loadCsqlView, lockCsql } from "./queries.ts";
import type { ConvertCsqlInput, CsqlView } from "./schemas.ts";
import { assertMayWork } from "./work-rules.ts";

/**
 * The lead becomes an opportunity, created by the same rules as any other (the account's CSM
 * stamped, its SA copied, audited), in the same transaction as the CSQL's conversion, and linked
 * both ways. Converting twice is refused: the first conversion made the CSQL final.
 */
export async function convertCsql({ actor, source }: ActorContext, id: string, input: ConvertCsqlInput): Promise<{ csql: CsqlView; opportunity: OpportunityView }> {
  return db.$transaction(async (tx) => {
    const csql = await lockCsql(tx, actor, id);
    assertMayWork(actor, csql, ["new", "accepted"], "converted");
    const opportunityId = await insertOpportunity(tx, { actorId: actor.id, source }, {
      accountId: csql.account_id,
      name: input.name ?? csql.title,
      amount: input.amount !== undefined ? input.amount : csql.estimated_amount === null ? null : Number(csql.estimated_amount),
      closeDate: input.closeDate ?? null,
      stage: input.stage,
    });
    await tx.csql.update({
      where: { id },
      data: { status: "converted", opportunityId, ownerId: csql.owner_id ?? actor.id, decidedAt: new Date(), updatedAt: new Date(), version: { increment: 1 } },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: actor.id, source }, [
      { entityType: "csql", entityId: id, field: "status", from: csql.status, to: "converted" },
      { entityType: "csql", entityId: id, field: "opportunity", from: null, to: opportunityId },
      { entityType: "opportunity", entityId: opportunityId, field: "csql", from: null, to: id },
    ]);
    return { csql: await loadCsqlView(tx, id), opportunity: await loadOpportunityView(tx, opportunityId) };
  }, OPPORTUNITY_TX);
}
