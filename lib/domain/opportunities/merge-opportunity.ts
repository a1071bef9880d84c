import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { lockAccountsTopDown } from "@/lib/domain/accounts/lock-account.ts";
import { type AuditChange, recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import { lockOpportunities, OPPORTUNITY_TX } from "./lock-opportunity.ts";
import { loadOpportunityView } from "./queries.ts";
import type { OpportunityView } from "./schemas.ts";

/**
 * `POST /opportunities/{id}/merge`: the duplicate `id` is folded into `intoId`. It closes as lost
 * (when still open) and keeps `merged_into_id`, which workload and comp exclude and which
 * activity attribution follows, so its activities count for the survivor.
 * Merging into an opportunity that is itself merged is refused rather than silently followed:
 * the caller should name the survivor, and chains then stay one step deep in practice.
 */
export async function mergeOpportunity({ actor, source }: ActorContext, id: string, intoId: string): Promise<OpportunityView> {
  authorize(actor, "opportunities.merge");
  if (id === intoId) throw new DomainError("invalid_transition", "An opportunity cannot be merged into itself.");
  return db.$transaction(async (tx) => {
    const refs = await tx.$queryRaw<{ id: string; accountId: string }[]>`
      SELECT id::text, account_id::text AS "accountId" FROM opportunities WHERE id IN (${id}::uuid, ${intoId}::uuid)`;
    if (!refs.some((ref) => ref.id === id)) throw notFound("Opportunity");
    if (!refs.some((ref) => ref.id === intoId)) {
      throw new DomainError("not_found", "The opportunity to merge into was not found.", { fields: { intoId: "No such opportunity." } });
    }
    // Accounts first (top-down, like every multi-account writer), then both rows in id order: no
    // other path can hold one of these locks while waiting for another, so no deadlock.
    await lockAccountsTopDown(tx, [...new Set(refs.map((ref) => ref.accountId))]);
    const rows = await lockOpportunities(tx, [id, intoId]);
    const duplicate = rows.find((row) => row.id === id)!;
    const target = rows.find((row) => row.id === intoId)!;
    if (duplicate.mergedIntoId) throw new DomainError("invalid_transition", "This opportunity is already merged.");
    if (target.mergedIntoId) {
      throw new DomainError("invalid_transition", "The opportunity to merge into is itself merged; merge into the one it was merged into.", {
        mergedIntoId: target.mergedIntoId,
      });
    }

    const entry = (field: string, from: AuditChange["from"], to: AuditChange["to"]): AuditChange =>
      ({ entityType: "opportunity", entityId: id, field, from, to });
    const changes = [entry("merged_into", null, intoId)];
    if (duplicate.isClosed) {
      await tx.$executeRaw`
        UPDATE opportunities SET merged_into_id = ${intoId}::uuid, version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`;
    } else {
      await tx.$executeRaw`
        UPDATE opportunities SET merged_into_id = ${intoId}::uuid, stage = 'closed_lost', closed_at = now(),
          version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`;
      changes.push(entry("stage", duplicate.stage, "closed_lost"), entry("locked", false, true));
    }
    await recordAudit(tx, { actorId: actor.id, source }, changes);
    return loadOpportunityView(tx, id);
  }, OPPORTUNITY_TX);
}
