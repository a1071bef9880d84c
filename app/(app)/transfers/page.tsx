import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { accountFacets } from "@/lib/domain/accounts/facets.ts";
import { roleHolders } from "@/lib/domain/accounts/role-holders.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import { TransferForm } from "@/components/accounts/transfer-form.tsx";

export const metadata: Metadata = { title: "Transfer a book" };

export default async function TransfersPage() {
  const actor = await requirePermission("transfers.run");
  const [roles, facets] = await Promise.all([allRoles(), accountFacets(actor)]);
  const holders = await Promise.all(roles.map((role) => roleHolders(actor, role.key)));
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="acc-crumbs"><Link href="/accounts">Accounts</Link></p>
          <h1>Transfer a book</h1>
          <p className="muted" style={{ margin: 0 }}>
            Move every account where one person holds a role to someone else — optionally only one segment or region — in one
            audited change. A CSM transfer also stamps the accounts&apos; open opportunities.
          </p>
        </div>
      </div>
      <section className="panel acc-transfer" aria-labelledby="transfer-title">
        <h2 id="transfer-title" className="sr-only">Transfer</h2>
        <TransferForm
          roles={roles.map(({ key, label, stamping }) => ({ key, label, stamping }))}
          holders={Object.fromEntries(roles.map((role, index) => [role.key, holders[index]]))}
          segments={facets.segments}
          regions={facets.regions}
        />
      </section>
    </div>
  );
}
