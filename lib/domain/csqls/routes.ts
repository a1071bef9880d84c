import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize, can } from "@/lib/auth/permissions.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { DomainError, notFound } from "@/lib/errors/domain-error.ts";
import type { CsqlRouteInput } from "./schemas.ts";

export type CsqlRouteView = { id: string; segment: string | null; region: string | null; owner: { id: string; name: string; email: string } };

const select = { id: true, segment: true, region: true, owner: { select: { id: true, name: true, email: true } } } as const;

export async function listCsqlRoutes({ actor }: ActorContext): Promise<CsqlRouteView[]> {
  authorize(actor, "csqls.route");
  return db.csqlRoute.findMany({ select, orderBy: [{ segment: "asc" }, { region: "asc" }] });
}

/**
 * Sets who gets the CSQLs of accounts in a segment and region (either may be "any"): a second
 * rule for the same pair replaces the first.
 */
export async function setCsqlRoute({ actor, source }: ActorContext, input: CsqlRouteInput): Promise<CsqlRouteView> {
  authorize(actor, "csqls.route");
  return db.$transaction(async (tx) => {
    const owner = await tx.user.findUnique({ where: { id: input.ownerId }, select: { active: true, profile: true, name: true } });
    if (!owner) throw new DomainError("invalid_request", "No such user.", { fields: { ownerId: "No such user." } });
    if (!owner.active || !can(owner.profile, "csqls.work")) {
      throw new DomainError("ineligible_assignee", `${owner.name} cannot work CSQLs.`, { fields: { ownerId: "Cannot work CSQLs." } });
    }
    const existing = await tx.csqlRoute.findFirst({ where: { segment: input.segment, region: input.region }, select: { id: true, ownerId: true } });
    const route = existing
      ? await tx.csqlRoute.update({ where: { id: existing.id }, data: { ownerId: input.ownerId }, select })
      : await tx.csqlRoute.create({ data: input, select });
    await recordAudit(tx, { actorId: actor.id, source }, [{
      entityType: "csql_route", entityId: route.id, field: `owner:${input.segment ?? "*"}/${input.region ?? "*"}`,
      from: existing?.ownerId ?? null, to: input.ownerId,
    }]);
    return route;
  });
}

export async function deleteCsqlRoute({ actor, source }: ActorContext, id: string): Promise<void> {
  authorize(actor, "csqls.route");
  await db.$transaction(async (tx) => {
    const route = await tx.csqlRoute.findUnique({ where: { id }, select: { id: true, ownerId: true, segment: true, region: true } });
    if (!route) throw notFound("Routing rule");
    await tx.csqlRoute.delete({ where: { id }, select: { id: true } });
    await recordAudit(tx, { actorId: actor.id, source }, [{
      entityType: "csql_route", entityId: id, field: `owner:${route.segment ?? "*"}/${route.region ?? "*"}`, from: route.ownerId, to: null,
    }]);
  });
}
