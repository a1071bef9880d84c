import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { Prisma } from "@/lib/db/generated/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize, can } from "@/lib/auth/permissions.ts";
import { roleHolderId } from "@/lib/domain/accounts/lock-account.ts";
import { type AuditChange, recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { lockOpportunity, type LockedOpportunity, OPPORTUNITY_TX } from "./lock-opportunity.ts";
import { loadOpportunityView } from "./queries.ts";
import { isClosedStage, type OpportunityView, type Stage, type UpdateOpportunityInput } from "./schemas.ts";

export function assertVersion(current: { version: number }, expected: number | undefined): void {
  if (expected !== undefined && expected !== current.version) {
    throw new DomainError("conflict", "Someone else changed this opportunity; reload it and try again.", {
      currentVersion: current.version,
    });
  }
}

type StageChange = { closedAt: "now" | "keep" | "clear"; csmId?: string | null; changes: Omit<AuditChange, "entityType" | "entityId">[] };

/**
 * The stage machine. Open → closed locks the CSM and SAs (closedAt = now). Closed → open
 * unlocks them and is only for profiles allowed to reopen; a merged opportunity stays closed for
 * good. Won ↔ lost keeps the original closedAt: the deal closed when it closed.
 */
async function planStageChange(tx: Tx, actor: ActorContext["actor"], row: LockedOpportunity, stage: Stage): Promise<StageChange> {
  const toClosed = isClosedStage(stage);
  const stageEntry = { field: "stage", from: row.stage, to: stage };
  if (!row.isClosed && !toClosed) return { closedAt: "keep", changes: [stageEntry] };
  if (!row.isClosed && toClosed) {
    return { closedAt: "now", changes: [stageEntry, { field: "locked", from: false, to: true }] };
  }
  if (toClosed) {
    if (!can(actor.profile, "opportunities.editLocked")) {
      throw new DomainError("invalid_transition", "Only privileged profiles may change the outcome of a closed opportunity.");
    }
    return { closedAt: "keep", changes: [stageEntry] };
  }
  if (row.mergedIntoId) {
    throw new DomainError("invalid_transition", "A merged opportunity cannot be reopened.");
  }
  if (!can(actor.profile, "opportunities.reopen")) {
    throw new DomainError("invalid_transition", "Only privileged profiles may reopen a closed opportunity.");
  }
  const changes: StageChange["changes"] = [stageEntry, { field: "locked", from: true, to: false }];
  // Open again, it follows its account's CSM like every open opportunity, unless overridden.
  if (row.csmOverridden) return { closedAt: "clear", changes };
  const csmId = await roleHolderId(tx, row.accountId, "csm");
  return { closedAt: "clear", csmId, changes: [...changes, { field: "csm", from: row.csmId, to: csmId }] };
}

export async function updateOpportunity(
  { actor, source }: ActorContext,
  id: string,
  input: UpdateOpportunityInput,
): Promise<OpportunityView> {
  authorize(actor, "opportunities.write");
  return db.$transaction(async (tx) => {
    // A stage change must serialize with reassignments of the account's CSM (see lockOpportunity).
    const row = await lockOpportunity(tx, id, { withAccount: input.stage !== undefined });
    assertVersion(row, input.version);

    const changes: Omit<AuditChange, "entityType" | "entityId">[] = [];
    const data: Prisma.OpportunityUncheckedUpdateInput = {};
    if (input.name !== undefined && input.name !== row.name) {
      data.name = input.name;
      changes.push({ field: "name", from: row.name, to: input.name });
    }
    if (input.amount !== undefined) {
      const to = input.amount === null ? null : input.amount.toFixed(2);
      if (to !== row.amount) {
        data.amount = to;
        changes.push({ field: "amount", from: row.amount, to });
      }
    }
    if (input.closeDate !== undefined && input.closeDate !== row.closeDate) {
      data.closeDate = input.closeDate === null ? null : new Date(`${input.closeDate}T00:00:00Z`);
      changes.push({ field: "close_date", from: row.closeDate, to: input.closeDate });
    }
    if (input.stage !== undefined && input.stage !== row.stage) {
      const plan = await planStageChange(tx, actor, row, input.stage);
      data.stage = input.stage;
      if (plan.closedAt === "now") data.closedAt = new Date();
      if (plan.closedAt === "clear") data.closedAt = null;
      if (plan.csmId !== undefined) data.csmId = plan.csmId;
      changes.push(...plan.changes);
    }

    if (changes.length > 0) {
      await tx.opportunity.update({
        where: { id },
        data: { ...data, version: { increment: 1 }, updatedAt: new Date() },
        select: { id: true },
      });
      await recordAudit(tx, { actorId: actor.id, source }, changes.map((change) => ({ ...change, entityType: "opportunity", entityId: id })));
    }
    return loadOpportunityView(tx, id);
  }, OPPORTUNITY_TX);
}
