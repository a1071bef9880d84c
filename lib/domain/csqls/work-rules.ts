import "server-only";
import type { Actor } from "@/lib/auth/actor.ts";
import { authorize, can, type HolderRights, isPrivileged } from "@/lib/auth/permissions.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import type { CsqlStatus } from "./schemas.ts";

/**
 * Who may work a CSQL: its owner, or a privileged profile (sales ops work the unowned queue). A
 * decided CSQL (converted, rejected) is final.
 */
export function assertMayWork(actor: Actor, csql: { owner_id: string | null; status: string }, allowed: readonly CsqlStatus[], verb: string) {
  authorize(actor, "csqls.work");
  if (csql.owner_id !== actor.id && !isPrivileged(actor.profile)) {
    throw new DomainError("forbidden", "Only the CSQL's owner (or sales ops) can work it.");
  }
  if (!(allowed as readonly string[]).includes(csql.status)) {
    throw new DomainError("invalid_transition", `A ${csql.status} CSQL cannot be ${verb}.`, { status: csql.status });
  }
}

/**
 * Whether someone may raise a CSQL on an account: privileged profiles and CSM managers anywhere,
 * a CSM or SA on an account where they hold a role, anyone else where a role they hold grants it.
 */
export function mayRaiseOn(actor: Actor, holderIds: readonly (string | null | undefined)[], rights: HolderRights): boolean {
  if (can(actor.profile, "csqls.raise") && (isPrivileged(actor.profile) || actor.profile === "csm_manager" || holderIds.includes(actor.id))) return true;
  return actor.profile !== "leader" && rights.raiseCsqls;
}
