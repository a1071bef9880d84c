import type { Metadata } from "next";
import Link from "next/link";
import { PROFILE_LABELS } from "@/lib/auth/navigation.ts";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { listUsers } from "@/lib/domain/users/queries.ts";
import { UserForm } from "@/components/admin/user-form.tsx";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requirePermission("admin.open");
  const users = await listUsers(actor, {});
  const names = new Map(users.map((user) => [user.id, user.name]));
  const managers = users.filter((user) => user.active).map(({ id, name }) => ({ id, name }));
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Users</h1>
          <p className="muted" style={{ margin: 0 }}>{users.length} people. Profiles decide what each may do; capacity is the target number of accounts.</p>
        </div>
      </div>
      <section className="panel" aria-labelledby="new-user">
        <h2 id="new-user">New user</h2>
        <UserForm mode="create" managers={managers} />
      </section>
      <section className="panel" aria-label="All users" style={{ padding: 0, overflow: "auto" }}>
        {users.length === 0 ? (
          <div className="empty">No users yet. Create the first one above.</div>
        ) : (
          <table className="data">
            <thead>
              <tr><th>Name</th><th>Email</th><th>Profile</th><th>Manager</th><th className="num">Capacity</th><th>Status</th></tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id}>
                  <td><Link href={`/admin/users/${user.id}`}>{user.name}</Link></td>
                  <td>{user.email}</td>
                  <td>{PROFILE_LABELS[user.profile]}</td>
                  <td>{user.managerId ? names.get(user.managerId) ?? "—" : "—"}</td>
                  <td className="num">{user.capacity ?? "—"}</td>
                  <td>{user.active ? <span className="badge ok">Active</span> : <span className="badge">Inactive</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
