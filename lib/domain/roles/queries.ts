import "server-only";
import { db, type Tx } from "@/lib/db/client.ts";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize } from "@/lib/auth/permissions.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { RoleView, RoleWithRights } from "./schemas.ts";

const roleSelect = { key: true, label: true, stamping: true, eligibleProfiles: true, builtIn: true } as const;

export async function listRoles(actor: Actor): Promise<RoleWithRights[]> {
  authorize(actor, "roles.read");
  const roles = await db.accountRole.findMany({ select: { ...roleSelect, ...rightsSelect }, orderBy: [{ sortOrder: "asc" }, { key: "asc" }] });
  return roles.map(withRights);
}

export const rightsSelect = {
  holdersEditAccount: true, holdersAssignRoles: true, holdersLogActivities: true, holdersRaiseCsqls: true, holdersSeeComp: true,
  holdersRightsOnChildren: true,
} as const;

export const roleSelectForRights = { ...roleSelect, ...rightsSelect } as const;

type RoleRow = RoleView & { [K in keyof typeof rightsSelect]: K extends "holdersAssignRoles" ? string[] : boolean };

export function withRights(row: RoleRow): RoleWithRights {
  return {
    key: row.key, label: row.label, stamping: row.stamping, eligibleProfiles: row.eligibleProfiles, builtIn: row.builtIn,
    holderRights: {
      editAccount: row.holdersEditAccount, assignRoles: row.holdersAssignRoles, logActivities: row.holdersLogActivities,
      raiseCsqls: row.holdersRaiseCsqls, seeComp: row.holdersSeeComp, onChildren: row.holdersRightsOnChildren,
    },
  };
}

export function allRoles(client: Tx | typeof db = db): Promise<RoleView[]> {
  return client.accountRole.findMany({ select: roleSelect, orderBy: [{ sortOrder: "asc" }, { key: "asc" }] });
}

/** A role by key, or a 404 naming it: unknown role keys in a path are "not found". */
export async function findRole(client: Tx | typeof db, key: string): Promise<RoleView> {
  const role = await client.accountRole.findUnique({ where: { key }, select: roleSelect });
  if (!role) throw new DomainError("not_found", `No account role "${key}".`);
  return role;
}
