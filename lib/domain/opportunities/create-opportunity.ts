import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { ActorContext, ChangeSource } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { lockAccount, roleHolderId } from "@/lib/domain/accounts/lock-account.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, isUniqueViolation } from "@/lib/errors/domain-error.ts";
import { OPPORTUNITY_TX } from "./lock-opportunity.ts";
import { loadOpportunityView } from "./queries.ts";
import { type CreateOpportunityInput, isClosedStage, type OpportunityView } from "./schemas.ts";

/**
 * A new opportunity is stamped with its account's CSM and gets a copy of its SA. The account lock
 * makes creation wait for a reassignment in progress, so an opportunity created meanwhile gets the
 * final CSM rather than the one being replaced.
 */
export async function createOpportunity({ actor, source }: ActorContext, input: CreateOpportunityInput): Promise<OpportunityView> {
  authorize(actor, "opportunities.write");
  try {
    return await db.$transaction(async (tx) => {
      const id = await insertOpportunity(tx, { actorId: actor.id, source }, input);
      return loadOpportunityView(tx, id);
    }, OPPORTUNITY_TX);
  } catch (error) {
    if (isUniqueViolation(error, "external_id")) {
      throw new DomainError("conflict", "Another opportunity already has this external id.", {
        fields: { externalId: "Already taken." },
      });
    }
    throw error;
  }
}

/**
 * The rules of a new opportunity, inside the caller's transaction, for every way one is created
 * (the API, a converted CSQL): stamped, its SA copied, audited. Returns its id.
 */
export async function insertOpportunity(tx: Tx, meta: { actorId: string; source: ChangeSource }, input: CreateOpportunityInput): Promise<string> {
  await lockAccount(tx, input.accountId);
  const csmId = await roleHolderId(tx, input.accountId, "csm");
  const primarySaId = await roleHolderId(tx, input.accountId, "sa");
  const stage = input.stage ?? "prospecting";
  const closed = isClosedStage(stage);
  const created = await tx.opportunity.create({
    data: {
      accountId: input.accountId,
      name: input.name,
      stage,
      amount: input.amount ?? null,
      closeDate: input.closeDate ? new Date(`${input.closeDate}T00:00:00Z`) : null,
      externalId: input.externalId ?? null,
      // Created straight into a closed stage (a CRM backfill): it is locked from the start.
      closedAt: closed ? new Date() : null,
      csmId,
      primarySaId,
    },
    select: { id: true },
  });
  const entry = (field: string, to: string | boolean | null) => ({
    entityType: "opportunity" as const, entityId: created.id, field, from: null, to,
  });
  await recordAudit(tx, { actorId: meta.actorId, source: meta.source }, [
    entry("created", input.name),
    entry("csm", csmId),
    entry("primary_sa", primarySaId),
    ...(closed ? [entry("stage", stage), { ...entry("locked", true), from: false }] : []),
  ]);
  return created.id;
}
