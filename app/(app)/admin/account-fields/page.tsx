import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/require-permission.ts";
import { listAccountFieldsWithUsage } from "@/lib/domain/account-fields/queries.ts";
import { AccountFieldsAdmin } from "@/components/account-fields/account-fields-admin.tsx";

export const metadata: Metadata = { title: "Account fields" };

export default async function AccountFieldsPage() {
  const actor = await requirePermission("accountFields.manage");
  const fields = await listAccountFieldsWithUsage(actor);
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Account fields</h1>
          <p className="muted" style={{ margin: 0 }}>
            The numbers and labels your team manages accounts by. CRM fields are read-only here and arrive by import, the API or
            the Salesforce sync; Roster fields are edited by the profiles you pick. Score fields are averaged on Team performance.
          </p>
        </div>
      </div>
      <AccountFieldsAdmin fields={fields} />
    </div>
  );
}
