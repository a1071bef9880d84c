import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { getUser, listUsers } from "@/lib/domain/users/queries.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { UserForm } from "@/components/admin/user-form.tsx";

export const metadata: Metadata = { title: "Edit user" };

export default async function EditUserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePermission("admin.open");
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const user = await getUser(actor, id).catch((error) => {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  });
  const managers = (await listUsers(actor, { active: true }))
    .filter((candidate) => candidate.id !== user.id)
    .map(({ id: managerId, name }) => ({ id: managerId, name }));
  return (
    <div className="stack">
      <p><Link href="/admin/users">← Users</Link></p>
      <div className="page-head"><h1>{user.name}</h1></div>
      <section className="panel"><UserForm mode="edit" user={user} managers={managers} /></section>
    </div>
  );
}
