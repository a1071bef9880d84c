import type { Metadata } from "next";
import Link from "next/link";
import { can } from "@/lib/auth/permissions.ts";
import { requireActor } from "@/lib/auth/session.ts";
import { accountFacets } from "@/lib/domain/accounts/facets.ts";
import { roleHolderOptions } from "@/lib/domain/accounts/role-holders.ts";
import { accountTableQuery } from "@/lib/domain/accounts/schemas.ts";
import { listAccountsForTable } from "@/lib/domain/accounts/table-query.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { allRoles } from "@/lib/domain/roles/queries.ts";
import { listUsers } from "@/lib/domain/users/queries.ts";
import { EmptyState } from "@/components/data-table/empty-state.tsx";
import { parseTableParams, type SearchParamsInput } from "@/components/data-table/url-state.ts";
import { AccountsTable } from "@/components/accounts/accounts-table.tsx";
import { ACCOUNT_FILTER_KEYS, ACCOUNT_SORTABLE } from "@/components/accounts/filter-keys.ts";
import { fieldDefinitions } from "@/lib/domain/account-fields/queries.ts";
import { fieldSortKey, readFieldParams } from "@/lib/domain/account-fields/field-params.ts";
import { listSavedViews } from "@/lib/domain/saved-views/queries.ts";
import { openDefaultView } from "../saved-view-default.ts";

export const metadata: Metadata = { title: "Accounts" };

const LABELS: Record<string, string> = {
  q: "search", csmId: "CSM", saId: "SA", roleKey: "role", holderId: "held by", unassignedRole: "missing role",
  segment: "segment", region: "region", level: "hierarchy",
};
const filterSchema = accountTableQuery.pick({
  q: true, csmId: true, saId: true, roleKey: true, holderId: true, unassignedRole: true, segment: true, region: true, level: true,
});

/** The URL's filters, validated by the domain's schema; one that does not parse (an edited link) is dropped and named. */
function readFilters(filters: Record<string, string | string[]>) {
  const raw: Record<string, string> = {};
  for (const key of ACCOUNT_FILTER_KEYS) {
    const value = filters[key];
    const text = Array.isArray(value) ? value[0] : value;
    if (text) raw[key] = text;
  }
  const ignored: string[] = [];
  for (;;) {
    const parsed = filterSchema.safeParse(raw);
    if (parsed.success) return { filters: parsed.data, ignored };
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      if (key in raw) {
        delete raw[key];
        ignored.push(LABELS[key] ?? key);
      }
    }
  }
}

export default async function AccountsPage({ searchParams }: { searchParams: Promise<SearchParamsInput> }) {
  const actor = await requireActor();
  const params = await searchParams;
  const views = await listSavedViews(actor, "accounts");
  openDefaultView("accounts", params, views);
  const fields = await fieldDefinitions();
  // Sort keys stay a whitelist: the fixed ones and `field.<key>` of the fields that exist.
  const sortable = [...ACCOUNT_SORTABLE, ...fields.map((field) => fieldSortKey(field.key))];
  const table = parseTableParams(params, { sortable });
  const { filters, ignored } = readFilters(table.filters);
  const known = new Set(fields.map((field) => field.key));
  const requested = readFieldParams(Object.entries(table.filters));
  for (const filter of requested) if (!known.has(filter.key)) ignored.push(filter.key);
  const fieldFilters = requested.filter((filter) => known.has(filter.key));
  const sort = table.sort?.key ?? "name";
  const dir = table.sort?.desc ? "desc" : "asc";

  const [page, roles, csms, sas, people, facets] = await Promise.all([
    listAccountsForTable(actor, { ...filters, fieldFilters, sort, dir, cursor: table.cursor ?? undefined, limit: table.limit }).catch((error) => {
      // A cursor from another sort or an edited link: say so instead of failing the page.
      if (error instanceof DomainError && error.code === "invalid_request") return null;
      throw error;
    }),
    allRoles(),
    roleHolderOptions(actor, "csm"),
    roleHolderOptions(actor, "sa"),
    listUsers(actor, { active: true }),
    accountFacets(actor),
  ]);
  const filtered = Object.keys(filters).some((key) => key !== "level" || filters.level !== "all") || fieldFilters.length > 0;
  const filteredKeys = new Set(fieldFilters.map((filter) => filter.key));
  const canAssign = can(actor.profile, "team.assign");
  const person = ({ id, name, active }: { id: string; name: string; active?: boolean }) => ({ id, name: active === false ? `${name} (inactive)` : name });

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Accounts</h1>
          <p className="muted" style={{ margin: 0 }}>
            Who covers which customer. {canAssign ? "Select accounts to assign a role on all of them at once." : null}
          </p>
        </div>
        {can(actor.profile, "transfers.run") ? <Link className="btn" href="/transfers">Transfer a book</Link> : null}
      </div>
      {ignored.length ? <div className="alert info" role="status">Ignored a filter this page does not understand: {ignored.join(", ")}.</div> : null}
      {page === null ? (
        <div className="alert error" role="alert">
          This page link no longer works (the list changed its order, or a field filter holds a value of the wrong kind).{" "}
          <Link href="/accounts">Start from the first page</Link>.
        </div>
      ) : (
        <AccountsTable
          rows={page.items}
          nextCursor={page.nextCursor}
          total={page.total}
          roles={roles.map(({ key, label, stamping }) => ({ key, label, stamping }))}
          canAssign={canAssign}
          fields={fields}
          sortable={sortable}
          views={views}
          exportPath="/api/v1/accounts.csv"
          filterOptions={{
            fields: fields.filter((field) => field.showInTable || filteredKeys.has(field.key)),
            roles: roles.map(({ key, label, stamping }) => ({ key, label, stamping })),
            csms: csms.map(person),
            sas: sas.map(person),
            people: people.map(person),
            segments: facets.segments,
            regions: facets.regions,
          }}
          emptyState={filtered ? (
            <EmptyState title="No accounts match these filters">Clear a filter or search for part of the name.</EmptyState>
          ) : (
            <EmptyState title="No accounts yet">Accounts arrive from the CRM through the API or an import.</EmptyState>
          )}
        />
      )}
    </div>
  );
}
