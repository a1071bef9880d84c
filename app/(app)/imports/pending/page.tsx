import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { listPendingAssignments } from "@/lib/domain/assignments/list-pending.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import { when } from "@/components/imports/format.ts";
import "@/components/imports/imports.css";

export const metadata: Metadata = { title: "Unresolved assignments" };

export default async function PendingAssignmentsPage() {
  const actor = await requirePermission("pending.read");
  const [{ items }, roles] = await Promise.all([listPendingAssignments(actor), allRoles()]);
  const label = new Map(roles.map((role) => [role.key, role.label]));
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="acc-crumbs"><Link href="/imports">Imports</Link></p>
          <h1>Unresolved assignments</h1>
          <p className="muted" style={{ margin: 0 }}>
            Roles given to an email nobody in Roster has yet. Each takes effect — with stamping and audit — the moment a user with
            that email is created (Admin → Users).
          </p>
        </div>
      </div>
      <section className="panel" style={{ padding: 0 }} aria-label="Unresolved assignments">
        {items.length === 0 ? (
          <p className="empty">Nothing is waiting: every assignment names someone in Roster.</p>
        ) : (
          <div className="imp-scroll" style={{ maxHeight: "none" }}>
            <table className="data">
              <thead><tr><th>Account</th><th>Role</th><th>Waiting for</th><th>Name given</th><th>Since</th><th>From</th></tr></thead>
              <tbody>
                {items.map((item) => (
                  <tr key={`${item.account.id}-${item.roleKey}`}>
                    <td>
                      <Link href={`/accounts/${item.account.id}`}>{item.account.name}</Link>
                      {item.account.externalId ? <div className="muted"><code>{item.account.externalId}</code></div> : null}
                    </td>
                    <td>{label.get(item.roleKey) ?? item.roleKey}</td>
                    <td>{item.email}</td>
                    <td>{item.name ?? "—"}</td>
                    <td>{when(item.createdAt)}</td>
                    <td>{item.source === "import" ? "Import" : item.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
