import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { getUser, listUsers } from "@/lib/domain/users/queries.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { UserForm } from "@/components/admin/user-form.tsx";
import { DeactivateDialog } from "@/components/admin/deactivate-dialog.tsx";
import { userBook } from "@/lib/domain/users/deactivate-user.ts";
import { TokenPanel } from "@/components/tokens/token-panel.tsx";
import { listTokens } from "@/lib/domain/users/list-tokens.ts";
import { issueTokenAction, revokeTokenAction } from "@/lib/actions/tokens.ts";

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
  const book = user.active ? await userBook(actor, user.id) : [];
  return (
    <div className="stack">
      <p><Link href="/admin/users">← Users</Link></p>
      <div className="page-head"><h1>{user.name}</h1></div>
      <section className="panel"><UserForm mode="edit" user={user} managers={managers} /></section>
      {user.active && user.id !== actor.id ? (
        <section className="panel stack" aria-labelledby="leaving-title">
          <h2 id="leaving-title">Leaving</h2>
          <p className="muted" style={{ margin: 0 }}>
            {book.length ? `Holds ${book.map((part) => `${part.label} on ${part.accounts.toLocaleString("en-US")} ${part.accounts === 1 ? "account" : "accounts"}`).join(", ")}. ` : ""}
            Deactivating ends their sessions; their book can move to others in the same step.
          </p>
          <div><DeactivateDialog userId={user.id} name={user.name} book={book} /></div>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <TokenPanel userId={user.id} tokens={(await listTokens(actor, user.id)).items} issue={issueTokenAction} revoke={revokeTokenAction} />
      </section>
    </div>
  );
}
