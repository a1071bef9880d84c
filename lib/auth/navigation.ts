import "server-only";
import type { Actor } from "./actor.ts";
import { can, type Permission } from "./permissions.ts";

type Entry = { href: string; label: string; section?: string; permission: Permission };

/** The app's sections; each shows only to the profiles its permission names. */
const ENTRIES: Entry[] = [
  { href: "/", label: "Home", permission: "accounts.read" },
  { href: "/my-book", label: "My book", permission: "accounts.read" },
  { href: "/my-opportunities", label: "My opportunities", permission: "opportunities.setSelfAsSa" },
  { href: "/my-csqls", label: "My CSQLs", permission: "csqls.work" },
  { href: "/my-tokens", label: "My tokens", permission: "tokens.manageOwn" },
  { href: "/accounts", label: "Accounts", section: "Assignment desk", permission: "accounts.read" },
  { href: "/opportunities", label: "Opportunities", section: "Assignment desk", permission: "opportunities.read" },
  { href: "/transfers", label: "Book transfers", section: "Assignment desk", permission: "transfers.run" },
  { href: "/imports", label: "Imports", section: "Assignment desk", permission: "imports.assignments" },
  { href: "/workload", label: "Workload", section: "Insights", permission: "workload.read" },
  { href: "/csqls", label: "CSQLs", section: "Insights", permission: "accounts.read" },
  { href: "/comp", label: "Compensation", section: "Insights", permission: "comp.read" },
  { href: "/comp/standings", label: "President's Club", section: "Insights", permission: "comp.read" },
  { href: "/team-performance", label: "Team performance", section: "Insights", permission: "teamPerformance.read" },
  { href: "/admin/users", label: "Users", section: "Admin", permission: "admin.open" },
  { href: "/admin/roles", label: "Account roles", section: "Admin", permission: "admin.open" },
  { href: "/admin/csql-routing", label: "CSQL routing", section: "Admin", permission: "csqls.route" },
  { href: "/admin/account-fields", label: "Account fields", section: "Admin", permission: "accountFields.manage" },
  { href: "/admin/webhooks", label: "Webhooks", section: "Admin", permission: "webhooks.manage" },
  { href: "/admin/salesforce", label: "Salesforce", section: "Admin", permission: "salesforce.read" },
];

export function navigationFor(actor: Actor) {
  return ENTRIES.filter((entry) => can(actor.profile, entry.permission)).map(({ href, label, section }) => ({ href, label, section }));
}

export const PROFILE_LABELS: Record<Actor["profile"], string> = {
  admin: "Admin", sales_ops: "Sales ops", sales_comp: "Sales comp", finance: "Finance", integration: "Integration",
  csm_manager: "CSM manager", csm: "CSM", sa: "Solutions architect", leader: "Leader", sales: "Sales",
};
