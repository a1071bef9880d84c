import type { Metadata } from "next";
import { PROFILE_LABELS } from "@/lib/auth/navigation.ts";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { listRoles } from "@/lib/domain/roles/queries.ts";
import type { RoleWithRights } from "@/lib/domain/roles/schemas.ts";
import { RoleForm } from "@/components/admin/role-form.tsx";
import { RoleRightsButton } from "@/components/admin/role-rights-form.tsx";

export const metadata: Metadata = { title: "Account roles" };

const STAMPING: Record<string, string> = {
  open_opportunities: "Stamped on every open opportunity",
  new_opportunities: "Copied to new opportunities",
  none: "Account only",
};

function rightsSummary(rights: RoleWithRights["holderRights"], roles: RoleWithRights[]): string {
  const label = (key: string) => roles.find((role) => role.key === key)?.label ?? key;
  return [
    rights.editAccount ? "edit details" : null,
    rights.assignRoles.length ? `assign ${rights.assignRoles.map(label).join(", ")}` : null,
    rights.logActivities ? "log activities for others" : null,
    rights.raiseCsqls ? "raise CSQLs" : null,
    rights.seeComp ? "see comp rows" : null,
  ].filter(Boolean).join(" · ") + (rights.onChildren ? " (children too)" : "");
}

export default async function RolesPage() {
  const actor = await requirePermission("admin.open");
  const roles = await listRoles(actor);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Account roles</h1>
          <p className="muted" style={{ margin: 0 }}>The seats on every account team. Built-in roles cannot be removed; custom roles stay on the account.</p>
        </div>
      </div>
      <section className="panel" style={{ padding: 0, overflow: "auto" }} aria-label="Roles">
        <table className="data">
          <thead><tr><th>Role</th><th>Key</th><th>Flows to opportunities</th><th>Who may hold it</th><th>Holders may</th><th>Kind</th></tr></thead>
          <tbody>
            {roles.map((role) => (
              <tr key={role.key}>
                <td>{role.label}</td>
                <td><code>{role.key}</code></td>
                <td>{STAMPING[role.stamping]}</td>
                <td>{role.eligibleProfiles.map((profile) => PROFILE_LABELS[profile]).join(", ")}</td>
                <td>
                  <div className="muted" style={{ fontSize: 13 }}>{rightsSummary(role.holderRights, roles) || "Nothing beyond their profile"}</div>
                  <RoleRightsButton role={role} roles={roles.map(({ key, label }) => ({ key, label }))} />
                </td>
                <td>{role.builtIn ? <span className="badge brand">Built in</span> : <span className="badge">Custom</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="new-role">
        <h2 id="new-role">New custom role</h2>
        <RoleForm />
      </section>
    </div>
  );
}
