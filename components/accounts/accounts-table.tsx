"use client";

import "./accounts.css";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, type ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table.tsx";
import { defineColumns, type DataTableColumn } from "@/components/data-table/columns.ts";
import type { AccountTableRow } from "@/lib/domain/accounts/schemas.ts";
import { AccountFilters, type AccountFilterOptions } from "./account-filters.tsx";
import { AssignRoleForm } from "./assign-role-form.tsx";
import { DialogButton } from "./dialog.tsx";
import { ACCOUNT_SORTABLE } from "./filter-keys.ts";
import { formatArr, formatCount, roleName, type RoleOption } from "./format.ts";
import { formatFieldValue } from "@/components/account-fields/format.ts";
import { fieldSortKey } from "@/lib/domain/account-fields/field-params.ts";
import type { AccountFieldView } from "@/lib/domain/account-fields/schemas.ts";
import type { SavedView } from "@/lib/domain/saved-views/schemas.ts";
import { SavedViewsMenu } from "@/components/saved-views/saved-views-menu.tsx";

/** A row of the accounts table; in My book it also carries the viewer's own roles on the account. */
export type AccountRow = AccountTableRow & { roles?: string[] };

const col = defineColumns<AccountRow>();

function HolderCell({ holder }: { holder: AccountTableRow["team"][string] | undefined }) {
  if (!holder) return <span className="muted">Unassigned</span>;
  if (!holder.id && holder.pendingEmail) return <span className="badge warn">pending {holder.pendingEmail}</span>;
  return <>{holder.name}</>;
}

function columnsFor(roles: RoleOption[], withMyRoles: boolean, fields: AccountFieldView[]): DataTableColumn<AccountRow>[] {
  const labels = new Map(roles.map((role) => [role.key, roleName(role)]));
  return [
    col.accessor("name", {
      header: "Account",
      enableHiding: false,
      cell: (c) => (
        <div className="acc-name-cell">
          <Link href={`/accounts/${c.row.original.id}`}>{c.getValue()}</Link>
          {c.row.original.parentName ? <span className="muted acc-sub">in {c.row.original.parentName}</span> : null}
        </div>
      ),
    }),
    ...(withMyRoles
      ? [col.accessor((row) => (row.roles ?? []).map((key) => labels.get(key) ?? key).join(", "), { id: "myRoles", header: "Your roles" })]
      : []),
    col.accessor("externalId", { header: "CRM id", cell: (c) => c.getValue() ?? <span className="muted">—</span> }),
    col.accessor("segment", { header: "Segment", cell: (c) => c.getValue() ?? <span className="muted">—</span> }),
    col.accessor("region", { header: "Region", cell: (c) => c.getValue() ?? <span className="muted">—</span> }),
    col.accessor("arr", { header: "ARR", meta: { align: "right" }, cell: (c) => formatArr(c.getValue()) }),
    ...roles.map((role) =>
      col.accessor((row) => row.team[role.key]?.name ?? "", {
        id: `role_${role.key}`,
        header: roleName(role),
        meta: { label: role.label },
        cell: (c) => <HolderCell holder={c.row.original.team[role.key]} />,
      }),
    ),
    // Account fields: the column id is also the sort key, `field.<key>`.
    ...fields.map((field) =>
      col.accessor((row) => row.fields?.[field.key] ?? null, {
        id: fieldSortKey(field.key),
        header: field.label,
        meta: { label: field.label, align: field.type === "number" || field.type === "currency" ? "right" : undefined },
        cell: (c) => {
          const value = c.getValue();
          return value === null ? <span className="muted">—</span> : formatFieldValue(field, value);
        },
      }),
    ),
    col.accessor("openOpportunities", { header: "Open opps", meta: { align: "right", label: "Open opportunities" }, cell: (c) => formatCount(c.getValue()) }),
    col.accessor("parentName", {
      header: "Parent",
      cell: (c) => (c.row.original.parentId ? <Link href={`/accounts/${c.row.original.parentId}`}>{c.getValue()}</Link> : <span className="muted">—</span>),
    }),
  ];
}

/** Assign one role on the selected accounts: pick the role, then the person, see the impact, confirm. */
function BulkAssign({ accountIds, roles, onDone }: { accountIds: string[]; roles: RoleOption[]; onDone: (message: string) => void }) {
  const [roleKey, setRoleKey] = useState(roles[0]?.key ?? "csm");
  const role = roles.find((candidate) => candidate.key === roleKey) ?? roles[0];
  return (
    <DialogButton label="Assign role to…" className="btn primary" title={`Assign a role on ${accountIds.length} ${accountIds.length === 1 ? "account" : "accounts"}`}>
      {(close) => (
        <div className="stack">
          <div className="field">
            <label htmlFor="bulk-role">Role</label>
            <select id="bulk-role" value={roleKey} onChange={(event) => setRoleKey(event.currentTarget.value)}>
              {roles.map((option) => <option key={option.key} value={option.key}>{option.label}</option>)}
            </select>
          </div>
          <AssignRoleForm
            key={role.key}
            accountIds={accountIds}
            role={role}
            mode="assign"
            bulk
            onCancel={close}
            onDone={(text) => {
              close();
              onDone(text);
            }}
          />
        </div>
      )}
    </DialogButton>
  );
}

const DEFAULT_HIDDEN = ["externalId", "parentName", "role_renewal_manager", "role_account_executive", "role_executive_sponsor"];

const NO_FIELDS: AccountFieldView[] = [];

export function AccountsTable({ rows, nextCursor, total, roles, filterOptions, canAssign, emptyState, caption = "Accounts", withMyRoles = false, extraHidden = [], sortable = ACCOUNT_SORTABLE, fields = NO_FIELDS, views, exportPath }: {
  rows: AccountRow[];
  nextCursor: string | null;
  total: number;
  roles: RoleOption[];
  /** Omit for a table without filters (My book has its own). */
  filterOptions?: AccountFilterOptions;
  canAssign: boolean;
  emptyState: ReactNode;
  caption?: string;
  withMyRoles?: boolean;
  extraHidden?: string[];
  sortable?: readonly string[];
  /** Account fields offered as columns; those not marked "show in table" start hidden. */
  fields?: AccountFieldView[];
  /** The accounts table's saved views: with them, the toolbar has "Views" and "Save view". */
  views?: SavedView[];
  /** "Export CSV" of the rows the filters on screen match. */
  exportPath?: string;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<string>();
  const columns = useMemo(() => columnsFor(roles, withMyRoles, fields), [roles, withMyRoles, fields]);
  // Custom roles start hidden too; the Columns menu shows them.
  const hidden = useMemo(
    () => [
      ...DEFAULT_HIDDEN, ...roles.filter((role) => !["csm", "sa"].includes(role.key)).map((role) => `role_${role.key}`), ...extraHidden,
      ...fields.filter((field) => !field.showInTable).map((field) => fieldSortKey(field.key)),
    ],
    [roles, extraHidden, fields],
  );
  return (
    <div className="stack">
      <div role="status" aria-live="polite">{message ? <div className="alert ok">{message}</div> : null}</div>
      <DataTable
        rows={rows}
        columns={columns}
        nextCursor={nextCursor}
        total={total}
        sortable={sortable}
        caption={caption}
        filters={filterOptions ? <AccountFilters options={filterOptions} /> : undefined}
        emptyState={emptyState}
        selectable={canAssign}
        initialHiddenColumns={hidden}
        exportPath={exportPath}
        tools={views ? <SavedViewsMenu table="accounts" views={views} defaultHidden={hidden} /> : undefined}
        selectionActions={(ids) => (
          <BulkAssign
            accountIds={ids}
            roles={roles}
            onDone={(text) => {
              setMessage(text);
              router.refresh();
            }}
          />
        )}
      />
    </div>
  );
}
