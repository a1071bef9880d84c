import type { Metadata } from "next";
import Link from "next/link";
import { requireActor } from "@/lib/auth/session.ts";
import { accountFacets } from "@/lib/domain/accounts/facets.ts";
import { getAccount } from "@/lib/domain/accounts/queries.ts";
import { DomainError } from "@/lib/errors/domain-error.ts";
import { eligibleUsersForRole } from "@/lib/domain/opportunities/eligible-users.ts";
import { opportunityTableQuery } from "@/lib/domain/opportunities/schemas.ts";
import { listOpportunitiesForTable } from "@/lib/domain/opportunities/table-query.ts";
import { EmptyState } from "@/components/data-table/empty-state.tsx";
import { parseTableParams, type SearchParamsInput } from "@/components/data-table/url-state.ts";
import { OPPORTUNITY_SORTABLE } from "@/components/opportunities/format.ts";
import { FILTER_KEYS } from "@/components/opportunities/filter-keys.ts";
import { OpportunitiesTable } from "@/components/opportunities/opportunities-table.tsx";
import { listSavedViews } from "@/lib/domain/saved-views/queries.ts";
import { openDefaultView } from "../saved-view-default.ts";

export const metadata: Metadata = { title: "Opportunities" };

const LABELS: Record<string, string> = {
  q: "search", accountId: "account", stage: "stage", open: "status", csmId: "CSM", primarySaId: "primary SA", supportingSaId: "supporting SA", segment: "segment", region: "region",
  overridden: "CSM override", closeFrom: "close date from", closeTo: "close date to", amountMin: "amount from", amountMax: "amount to",
};

/**
 * The URL's filters, validated by the same schema as the API. A filter that does not parse (a
 * hand-edited link) is dropped and named, rather than failing the page.
 */
function readFilters(filters: Record<string, string | string[]>) {
  const raw: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    const text = Array.isArray(value) ? value[0] : value;
    if (text) raw[key] = text;
  }
  const ignored: string[] = [];
  for (;;) {
    const parsed = opportunityTableQuery.pick({
      q: true, accountId: true, stage: true, open: true, csmId: true, primarySaId: true, supportingSaId: true, segment: true, region: true, overridden: true,
      closeFrom: true, closeTo: true, amountMin: true, amountMax: true,
    }).safeParse(raw);
    if (parsed.success) return { filters: parsed.data, ignored };
    const before = ignored.length;
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      if (key in raw) {
        delete raw[key];
        ignored.push(LABELS[key] ?? key);
      }
    }
    if (ignored.length === before) return { filters: {}, ignored: ["all filters"] };
  }
}

export default async function OpportunitiesPage({ searchParams }: { searchParams: Promise<SearchParamsInput> }) {
  const actor = await requireActor();
  const params = await searchParams;
  const views = await listSavedViews(actor, "opportunities");
  openDefaultView("opportunities", params, views);
  const table = parseTableParams(params, { sortable: OPPORTUNITY_SORTABLE });
  const { filters, ignored } = readFilters(table.filters);
  const sort = (table.sort?.key ?? "createdAt") as (typeof OPPORTUNITY_SORTABLE)[number];
  const dir = table.sort ? (table.sort.desc ? "desc" : "asc") : "desc";

  const [page, csms, sas, account, facets] = await Promise.all([
    listOpportunitiesForTable(actor, { ...filters, sort, dir, cursor: table.cursor ?? undefined, limit: table.limit })
      .catch((error) => {
        // A cursor from another sort or an edited link: say so instead of failing the page.
        if (error instanceof DomainError && error.code === "invalid_request") return null;
        throw error;
      }),
    eligibleUsersForRole(actor, "csm"),
    eligibleUsersForRole(actor, "sa"),
    filters.accountId ? getAccount(actor, filters.accountId).catch(() => null) : null,
    accountFacets(actor),
  ]);
  const filtered = Object.keys(filters).length > 0;

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Opportunities</h1>
          <p className="muted" style={{ margin: 0 }}>
            Each open opportunity carries its account&apos;s CSM unless overridden; closed ones are locked.
          </p>
        </div>
      </div>
      {ignored.length ? (
        <div className="alert info" role="status">Ignored a filter this page does not understand: {ignored.join(", ")}.</div>
      ) : null}
      {page === null ? (
        <div className="alert error" role="alert">
          This page link no longer works (the list changed its order). <Link href="/opportunities">Start from the first page</Link>.
        </div>
      ) : (
        <OpportunitiesTable
          views={views}
          rows={page.items}
          nextCursor={page.nextCursor}
          options={{
            csms: csms.map(({ id, name }) => ({ id, name })),
            sas: sas.map(({ id, name }) => ({ id, name })),
            account: account ? { id: account.id, name: account.name } : null,
            segments: facets.segments,
            regions: facets.regions,
          }}
          emptyState={filtered ? (
            <EmptyState title="No opportunities match these filters">
              Widen the close-date or amount range, or clear a filter to see more.
            </EmptyState>
          ) : (
            <EmptyState title="No opportunities yet">
              Opportunities arrive from the CRM through the API or an import, each stamped with its account&apos;s CSM.
            </EmptyState>
          )}
        />
      )}
    </div>
  );
}
