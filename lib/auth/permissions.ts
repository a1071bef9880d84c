import "server-only";
import type { Profile } from "@/lib/db/generated/enums.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";

export const PROFILES = [
  "admin", "sales_ops", "sales_comp", "finance", "integration", "csm_manager", "csm", "sa", "leader",
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
  "roles.read": EVERYONE,
  "roles.manage": ["admin"],
  "accounts.read": EVERYONE,
  "accounts.write": RECORD_KEEPERS,
  "team.assign": ASSIGNERS,
  "team.assignSelfAsSa": ["sa"],
  "opportunities.read": EVERYONE,
  "opportunities.write": RECORD_KEEPERS,
  "opportunities.reopen": PRIVILEGED,
  "opportunities.overrideCsm": PRIVILEGED,
  "opportunities.editLocked": PRIVILEGED,
  "opportunities.setSas": PRIVILEGED,
  "opportunities.setSelfAsSa": ["sa"],
  "opportunities.merge": RECORD_KEEPERS,
  "activities.log": PRIVILEGED,
  "activities.logOwn": ["sa"],
  "audit.read": EVERYONE,
  "changes.read": PRIVILEGED,
  "webhooks.manage": ["admin"],
  "reconcile.run": PRIVILEGED,
  "workload.read": EVERYONE,
  "comp.read": ["admin", "finance", "sales_comp", "leader"],
  "comp.approve": ["admin", "finance", "sales_comp"],
  "comp.fixCredit": ["admin", "finance", "sales_comp"],
  "transfers.run": ASSIGNERS,
  "pending.read": ASSIGNERS,
  "imports.run": RECORD_KEEPERS,
  "imports.assignments": [...RECORD_KEEPERS, "csm_manager"],
  "admin.open": ["admin"],
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
