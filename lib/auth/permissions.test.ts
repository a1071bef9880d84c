import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { authorize, can, isPrivileged, PERMISSIONS, PROFILES, type Permission } from "./permissions.ts";

// The contract's table (shared/API.md), written out per profile so a change to permissions.ts
// that drifts from it fails here.
const ALL = [...PROFILES];
const CONTRACT: Record<Permission, readonly string[]> = {
  "users.read": ALL,
  "users.manage": ["admin"],
  "tokens.issue": ["admin"],
  "tokens.manage": ["admin"],
  "tokens.manageOwn": ALL,
  "sessions.endOwn": ALL,
  "roles.read": ALL,
  "roles.manage": ["admin"],
  "accounts.read": ALL,
  "accounts.write": ["admin", "sales_ops", "integration"],
  "team.assign": ["admin", "sales_ops", "sales_comp", "finance", "integration", "csm_manager"],
  "team.assignSelfAsSa": ["sa"],
  "accounts.followParentCsm": ["admin", "sales_ops", "sales_comp", "finance", "integration", "csm_manager"],
  "opportunities.read": ALL,
  "opportunities.write": ["admin", "sales_ops", "integration"],
  "opportunities.reopen": ["admin", "sales_ops", "sales_comp", "finance", "integration"],
  "opportunities.overrideCsm": ["admin", "sales_ops", "sales_comp", "finance", "integration"],
  "opportunities.editLocked": ["admin", "sales_ops", "sales_comp", "finance", "integration"],
  "opportunities.setSas": ["admin", "sales_ops", "sales_comp", "finance", "integration"],
  "opportunities.setSelfAsSa": ["sa"],
  "opportunities.merge": ["admin", "sales_ops", "integration"],
  "activities.log": ["admin", "sales_ops", "sales_comp", "finance", "integration"],
  "activities.logOwn": ["sa"],
  "audit.read": ALL,
  "changes.read": ["admin", "sales_ops", "sales_comp", "finance", "integration"],
  "webhooks.manage": ["admin"],
  "salesforce.read": ["admin", "sales_ops", "sales_comp", "finance", "integration"],
  "salesforce.run": ["admin", "sales_ops", "sales_comp", "finance", "integration"],
  "salesforce.manage": ["admin"],
  "reconcile.run": ["admin", "sales_ops", "sales_comp", "finance", "integration"],
  "workload.read": ALL,
  "comp.read": ["admin", "finance", "sales_comp", "leader"],
  "comp.approve": ["admin", "finance", "sales_comp"],
  "comp.fixCredit": ["admin", "finance", "sales_comp"],
  "transfers.run": ["admin", "sales_ops", "sales_comp", "finance", "integration", "csm_manager"],
  "opportunities.overrideTeamDeals": ["csm_manager"],
  "batches.undo": ["admin", "sales_ops", "sales_comp", "finance", "integration", "csm_manager"],
  "pending.read": ["admin", "sales_ops", "sales_comp", "finance", "integration", "csm_manager"],
  "imports.run": ["admin", "sales_ops", "integration"],
  "imports.assignments": ["admin", "sales_ops", "integration", "csm_manager"],
  "admin.open": ["admin"],
  "csqls.raise": ["admin", "sales_ops", "sales_comp", "finance", "integration", "csm_manager", "csm", "sa"],
  "csqls.work": ["admin", "sales_ops", "sales_comp", "finance", "integration", "sales"],
  "csqls.read": ["admin", "sales_ops", "sales_comp", "finance", "integration"],
  "csqls.route": ["admin", "sales_ops"],
  "accountFields.read": ALL,
  "accountFields.manage": ["admin"],
  "accountFields.edit": ALL.filter((profile) => profile !== "leader" && profile !== "sales"),
  "teamPerformance.read": ["admin", "finance", "csm_manager", "leader"],
  "savedViews.manageShared": ["admin"],
};

describe("the permission table", () => {
  it("covers exactly the permissions the contract names", () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(CONTRACT).sort());
  });

  for (const profile of PROFILES) {
    it(`grants ${profile} exactly its permissions`, () => {
      for (const permission of Object.keys(CONTRACT) as Permission[]) {
        expect(can(profile, permission), `${profile} → ${permission}`).toBe(CONTRACT[permission].includes(profile));
      }
    });
  }

  it("treats admin, sales_ops, sales_comp, finance and integration as privileged, and nobody else", () => {
    expect(PROFILES.filter(isPrivileged)).toEqual(["admin", "sales_ops", "sales_comp", "finance", "integration"]);
  });

  it("leaves leaders read-only (beyond their own credentials)", () => {
    // Revoking one's own token or ending one's own sessions changes no record.
    const selfService: Permission[] = ["tokens.manageOwn", "sessions.endOwn"];
    const writes = (Object.keys(CONTRACT) as Permission[]).filter((permission) => !/\.read$/.test(permission) && !selfService.includes(permission));
    expect(writes.filter((permission) => can("leader", permission))).toEqual([]);
  });

  it("lets sellers read, and change nothing but the CSQLs they work (and their own credentials)", () => {
    const selfService: Permission[] = ["tokens.manageOwn", "sessions.endOwn"];
    const writes = (Object.keys(CONTRACT) as Permission[]).filter((permission) => !/\.read$/.test(permission) && !selfService.includes(permission));
    expect(writes.filter((permission) => can("sales", permission))).toEqual(["csqls.work"]);
  });

  it("refuses with a forbidden DomainError", () => {
    expect(() => authorize({ profile: "csm" }, "users.manage")).toThrowError(DomainError);
    try {
      authorize({ profile: "leader" }, "accounts.write");
    } catch (error) {
      expect((error as DomainError).code).toBe("forbidden");
    }
    expect(() => authorize({ profile: "admin" }, "users.manage")).not.toThrow();
  });
});
