import "server-only";
import type { Profile } from "@/lib/db/generated/enums.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";

export const PROFILES = [
  "admin", "sales_ops", "sales_comp", "finance", "integration", "csm_manager", "csm", "sa", "leader", "sales",
] as const satisfies readonly Profile[];

/** May override the CSM or SA on an opportunity, and edit closed (locked) ones. */
export const PRIVILEGED: readonly Profile[] = ["admin", "sales_ops", "sales_comp", "finance", "integration"];
const EVERYONE: readonly Profile[] = PROFILES;
const RECORD_KEEPERS: readonly Profile[] = ["admin", "sales_ops", "integration"];
const ASSIGNERS: readonly Profile[] = [...PRIVILEGED, "csm_manager"];

/**
 * Who may do what: the one table every server action, route handler and data function consults.
 * Rules that depend on the record (an SA acting for themselves, an open opportunity) live in the
 * use case, after this coarse check.
 */
export const PERMISSIONS = {
  "users.read": EVERYONE,
  "users.manage": ["admin"],
  "tokens.issue": ["admin"],
  /** List and revoke anyone's tokens; everyone may list and revoke their own (tokens.manageOwn). */
  "tokens.manage": ["admin"],
  "tokens.manageOwn": EVERYONE,
  /** "Sign out everywhere" for oneself; ending someone else's sessions is users.manage. */
  "sessions.endOwn": EVERYONE,
  "roles.read": EVERYONE,
  "roles.manage": ["admin"],
  "accounts.read": EVERYONE,
  "accounts.write": RECORD_KEEPERS,
  "team.assign": ASSIGNERS,
  "team.assignSelfAsSa": ["sa"],
  /**
   * Switch a child account's "follows parent's CSM": a coverage change, so whoever assigns CSMs
   * (csm_manager included), not only who edits accounts; a holder whose role lets them assign the
   * CSM there may too (canSetCsmInheritance).
   */
  "accounts.followParentCsm": ASSIGNERS,
  "opportunities.read": EVERYONE,
  "opportunities.write": RECORD_KEEPERS,
  "opportunities.reopen": PRIVILEGED,
  "opportunities.overrideCsm": PRIVILEGED,
  "opportunities.editLocked": PRIVILEGED,
  "opportunities.setSas": PRIVILEGED,
  /** Override the CSM or primary SA of their team's open deals (checked per deal in the use case). */
  "opportunities.overrideTeamDeals": ["csm_manager"],
  "opportunities.setSelfAsSa": ["sa"],
  "opportunities.merge": RECORD_KEEPERS,
  "activities.log": PRIVILEGED,
  "activities.logOwn": ["sa"],
  "audit.read": EVERYONE,
  "changes.read": PRIVILEGED,
  "webhooks.manage": ["admin"],
  // Salesforce sync (issue 16): status, runs and catch for the privileged, the mapping for admins.
  "salesforce.read": PRIVILEGED,
  "salesforce.run": PRIVILEGED,
  "salesforce.manage": ["admin"],
  "reconcile.run": PRIVILEGED,
  "workload.read": EVERYONE,
  "comp.read": ["admin", "finance", "sales_comp", "leader"],
  "comp.approve": ["admin", "finance", "sales_comp"],
  "comp.fixCredit": ["admin", "finance", "sales_comp"],
  "transfers.run": ASSIGNERS,
  /** Undo a batch of assignments (a transfer, a bulk assign, an import's) within 24 hours. */
  "batches.undo": ASSIGNERS,
  "pending.read": ASSIGNERS,
  "imports.run": RECORD_KEEPERS,
  "imports.assignments": [...RECORD_KEEPERS, "csm_manager"],
  "admin.open": ["admin"],
  // CSQLs: raised by who covers the account (csm and sa only on accounts they hold a role on,
  // checked in the use case), worked by their owner (the use case checks it is them).
  "csqls.raise": [...ASSIGNERS, "csm", "sa"],
  "csqls.work": [...PRIVILEGED, "sales"],
  // Everyone sees the CSQLs they raised or own, CSM managers and leaders their team's; these all.
  "csqls.read": PRIVILEGED,
  "csqls.route": ["admin", "sales_ops"],
  // Account fields (issue 18): the per-field rule (crm-owned, editableBy) lives in the use case.
  "accountFields.read": EVERYONE,
  "accountFields.manage": ["admin"],
  // Leaders stay read-only, and sellers change nothing but their CSQLs, whatever a field's editableBy says.
  "accountFields.edit": PROFILES.filter((profile) => profile !== "leader" && profile !== "sales"),
  "teamPerformance.read": ["admin", "finance", "csm_manager", "leader"],
  // Saved views of the tables (issue 21): everyone keeps their own; an admin may delete a shared one.
  "savedViews.manageShared": ["admin"],
} as const satisfies Record<string, readonly Profile[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(profile: Profile, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Profile[]).includes(profile);
}

export function isPrivileged(profile: Profile): boolean {
  return PRIVILEGED.includes(profile);
}

export function authorize(actor: { profile: Profile }, permission: Permission): void {
  if (!can(actor.profile, permission)) {
    throw new DomainError("forbidden", "Your profile may not do this.");
  }
}

/**
 * What holding a role on an account adds there (Admin → Account roles): each right widens one
 * permission of the table above, on that account only. A holder loses it with the role, on the
 * next request. Leaders stay read-only whatever they hold.
 */
export type HolderRights = {
  editAccount: boolean;
  /** Role keys the holder may assign or clear. */
  assignRoles: readonly string[];
  logActivities: boolean;
  raiseCsqls: boolean;
  seeComp: boolean;
};
export const NO_HOLDER_RIGHTS: HolderRights = { editAccount: false, assignRoles: [], logActivities: false, raiseCsqls: false, seeComp: false };

const HOLDER_RIGHT: Partial<Record<Permission, keyof Omit<HolderRights, "assignRoles">>> = {
  "accounts.write": "editAccount",
  "activities.log": "logActivities",
  "csqls.raise": "raiseCsqls",
  "comp.read": "seeComp",
};

/** `permission` on one account: the profile has it, or a role held there grants it. */
export function canOnAccount(actor: { profile: Profile }, permission: Permission, rights: HolderRights): boolean {
  if (can(actor.profile, permission)) return true;
  const right = HOLDER_RIGHT[permission];
  return actor.profile !== "leader" && right !== undefined && rights[right];
}

/** Assigning or clearing `roleKey` on one account: an assigner profile, or a role held there that allows it. */
export function canAssignOnAccount(actor: { profile: Profile }, roleKey: string, rights: HolderRights): boolean {
  return can(actor.profile, "team.assign") || (actor.profile !== "leader" && rights.assignRoles.includes(roleKey));
}

/** Switching "follows parent's CSM" on one account: the permission, or a role there that lets them assign the CSM. */
export function canSetCsmInheritance(actor: { profile: Profile }, rights: HolderRights): boolean {
  return can(actor.profile, "accounts.followParentCsm") || canAssignOnAccount(actor, "csm", rights);
}

export function authorizeOnAccount(actor: { profile: Profile }, permission: Permission, rights: HolderRights): void {
  if (!canOnAccount(actor, permission, rights)) throw new DomainError("forbidden", "Your profile may not do this on this account.");
}
