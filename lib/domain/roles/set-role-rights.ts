import "server-only";
import { db } from "@/lib/db/client.ts";
import type { ActorContext } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { recordAudit } from "@/lib/domain/audit/record-audit.ts";
import { invalidFields } from "@/lib/errors/domain-error.ts";
import { findRole, roleSelectForRights, withRights } from "./queries.ts";
import type { RoleRightsInput, RoleWithRights } from "./schemas.ts";

/**
 * What holders of a role may do on the accounts they hold. Takes effect on their next request:
 * rights are read with every request that needs them. Each right that changes is audited.
 */
export async function setRoleRights({ actor, source }: ActorContext, key: string, input: RoleRightsInput): Promise<RoleWithRights> {
  authorize(actor, "roles.manage");
  return db.$transaction(async (tx) => {
    const role = await findRole(tx, key);
    const assignRoles = [...new Set(input.assignRoles)].sort();
    const known = new Set((await tx.accountRole.findMany({ select: { key: true } })).map((row) => row.key));
    const unknown = assignRoles.filter((roleKey) => !known.has(roleKey));
    if (unknown.length) throw invalidFields({ assignRoles: `No such role: ${unknown.join(", ")}.` });
    const before = withRights(await tx.accountRole.findUniqueOrThrow({ where: { key: role.key }, select: roleSelectForRights }));
    const after = withRights(await tx.accountRole.update({
      where: { key: role.key },
      data: {
        holdersEditAccount: input.editAccount, holdersAssignRoles: assignRoles, holdersLogActivities: input.logActivities,
        holdersRaiseCsqls: input.raiseCsqls, holdersSeeComp: input.seeComp, holdersRightsOnChildren: input.onChildren,
      },
      select: roleSelectForRights,
    }));
    const fields = Object.keys(after.holderRights) as (keyof RoleRightsInput)[];
    const text = (value: boolean | string[]) => (Array.isArray(value) ? value.join(",") : String(value));
    await recordAudit(tx, { actorId: actor.id, source }, fields.map((field) => ({
      entityType: "role" as const, entityId: role.key, field: `holders.${field}`,
      from: text(before.holderRights[field]), to: text(after.holderRights[field]),
    })));
    return after;
  });
}
