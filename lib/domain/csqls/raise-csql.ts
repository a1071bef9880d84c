import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { can } from "@/lib/auth/permissions.ts";
import { holderRights } from "@/lib/domain/roles/holder-rights.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import { loadCsqlView } from "./queries.ts";
import { defaultOwner } from "./route-owner.ts";
import type { CsqlView, RaiseCsqlInput } from "./schemas.ts";
import { mayRaiseOn } from "./work-rules.ts";

/**
 * A CSM or SA raises a lead on an account they cover (privileged profiles and CSM managers on
 * any account); it goes to the owner they name or the account's seller. The same title on the
 * same account within a day is let through with a warning: it is likely, not surely, a duplicate.
 */
export async function raiseCsql({ actor, source }: ActorContext, input: RaiseCsqlInput): Promise<CsqlView> {
  return db.$transaction(async (tx) => {
    const account = await tx.account.findUnique({ where: { id: input.accountId }, select: { id: true } });
    if (!account) throw notFound("Account");
    const holders = await tx.accountRoleAssignment.findMany({ where: { accountId: input.accountId, userId: { not: null } }, select: { userId: true } });
    if (!mayRaiseOn(actor, holders.map((holder) => holder.userId), await holderRights(tx, actor.id, input.accountId))) {
      throw new DomainError("forbidden", "You can raise a CSQL only on an account you hold a role on.");
    }
    let ownerId = input.ownerId ?? null;
    if (ownerId) {
      const owner = await tx.user.findUnique({ where: { id: ownerId }, select: { active: true, profile: true, name: true } });
      if (!owner) throw new DomainError("invalid_request", "No such user.", { fields: { ownerId: "No such user." } });
      if (!owner.active || !can(owner.profile, "csqls.work")) {
        throw new DomainError("ineligible_assignee", `${owner.name} cannot work CSQLs: a seller or a sales ops profile can.`, {
          fields: { ownerId: "Cannot work CSQLs." },
        });
      }
    } else {
      ownerId = await defaultOwner(tx, input.accountId);
    }
    const duplicate = await tx.csql.findFirst({
      where: {
        accountId: input.accountId, title: { equals: input.title, mode: "insensitive" },
        createdAt: { gte: new Date(Date.now() - 24 * 3600_000) },
      },
      select: { id: true, title: true },
    });
    const created = await tx.csql.create({
      data: {
        accountId: input.accountId, title: input.title, description: input.description ?? null, kind: input.kind,
        estimatedAmount: input.estimatedAmount ?? null, contactName: input.contactName ?? null,
        contactEmail: input.contactEmail ?? null, createdBy: actor.id, ownerId,
      },
      select: { id: true },
    });
    const entry = (field: string, to: string | number | null) => ({ entityType: "csql" as const, entityId: created.id, field, from: null, to });
    await recordAudit(tx, { actorId: actor.id, source }, [
      entry("created", input.title), entry("status", "new"), entry("owner", ownerId), entry("account", input.accountId),
      entry("estimated_amount", input.estimatedAmount ?? null),
    ]);
    const view = await loadCsqlView(tx, created.id);
    return duplicate
      ? { ...view, warnings: [{ code: "likely_duplicate", message: `“${duplicate.title}” was raised on this account in the last day; is this the same lead?`, csqlId: duplicate.id }] }
      : { ...view, warnings: [] };
  });
}
