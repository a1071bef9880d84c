import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { type AuditChange, recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, invalidFields } from "@/lib/errors/domain-error.ts";
import { bumpVersion, type LockedOpportunity, lockOpportunity, OPPORTUNITY_TX } from "@/lib/domain/opportunities/lock-opportunity.ts";
import { loadOpportunityView } from "@/lib/domain/opportunities/queries.ts";
import type { OpportunityView } from "@/lib/domain/opportunities/schemas.ts";
import { assertEligible } from "@/lib/domain/roles/assert-eligible.ts";
import { type FixCreditInput, fixCreditInput } from "./review-schemas.ts";

export type FixCreditResult = { opportunity: OpportunityView; changed: boolean };

/**
 * Comp's correction of who gets credit for a closed-won opportunity: its CSM or its primary SA,
 * with a reason that is required here (not only in the form) because a payout may hang on it.
 * The same writes as `PUT /opportunities/{id}/csm` and `/primary-sa` — the CSM is pinned as an
 * override so nothing re-stamps it, a replaced primary SA stays on as a supporting SA — but in one
 * transaction with one audited reason on every entry it writes.
 */
export async function fixCredit({ actor, source }: ActorContext, input: FixCreditInput): Promise<FixCreditResult> {
  authorize(actor, "comp.fixCredit");
  const parsed = fixCreditInput.safeParse(input);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join(".") || "_", issue.message]));
    throw invalidFields(fields, "Please correct the highlighted fields.");
  }
  const { opportunityId: id, role, userId, reason } = parsed.data;
  return db.$transaction(async (tx) => {
    // The CSM is what account reassignments stamp, so its change takes the account lock first.
    const row = await lockOpportunity(tx, id, { withAccount: role === "csm" });
    assertCreditable(row);
    const changes = role === "csm" ? await setCsm(tx, row, userId) : await setPrimarySa(tx, row, userId);
    if (changes.length === 0) return { opportunity: await loadOpportunityView(tx, id), changed: false };
    await bumpVersion(tx, id);
    await recordAudit(tx, { actorId: actor.id, source, reason }, changes);
    return { opportunity: await loadOpportunityView(tx, id), changed: true };
  }, OPPORTUNITY_TX);
}

function assertCreditable(row: LockedOpportunity): void {
  if (row.mergedIntoId) {
    throw new DomainError("invalid_transition", `"${row.name}" was merged into another opportunity; fix the credit there.`);
  }
  if (row.stage !== "closed_won") {
    throw new DomainError("invalid_transition", `Only closed-won opportunities earn credit; "${row.name}" is not closed won.`);
  }
}

const entry = (id: string, field: string, from: string | boolean | null, to: string | boolean | null): AuditChange =>
  ({ entityType: "opportunity", entityId: id, field, from, to });

async function setCsm(tx: Tx, row: LockedOpportunity, userId: string | null): Promise<AuditChange[]> {
  if (userId === row.csmId) return [];
  if (userId) await assertEligible(tx, "csm", userId);
  await tx.$executeRaw`UPDATE opportunities SET csm_id = ${userId}::uuid, csm_overridden = true WHERE id = ${row.id}::uuid`;
  return [entry(row.id, "csm", row.csmId, userId), entry(row.id, "csm_overridden", row.csmOverridden, true)];
}

async function setPrimarySa(tx: Tx, row: LockedOpportunity, userId: string | null): Promise<AuditChange[]> {
  if (userId === row.primarySaId) return [];
  if (userId) await assertEligible(tx, "sa", userId);
  const changes = [entry(row.id, "primary_sa", row.primarySaId, userId)];
  await tx.$executeRaw`UPDATE opportunities SET primary_sa_id = ${userId}::uuid WHERE id = ${row.id}::uuid`;
  if (userId) {
    const removed = await tx.$executeRaw`
      DELETE FROM opportunity_supporting_sas WHERE opportunity_id = ${row.id}::uuid AND user_id = ${userId}::uuid`;
    if (removed > 0) changes.push(entry(row.id, "supporting_sa", userId, null));
  }
  if (row.primarySaId) {
    const added = await tx.$executeRaw`
      INSERT INTO opportunity_supporting_sas (opportunity_id, user_id) VALUES (${row.id}::uuid, ${row.primarySaId}::uuid)
      ON CONFLICT DO NOTHING`;
    if (added > 0) changes.push(entry(row.id, "supporting_sa", null, row.primarySaId));
  }
  return changes;
}
