"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table.tsx";
import { defineColumns } from "@/components/data-table/columns.ts";
import type { OpportunityTableRow } from "@/lib/domain/opportunities/schemas.ts";
import { formatAmount, formatDay, OPPORTUNITY_SORTABLE, STAGE_LABELS } from "./format.ts";
import { LockIcon, OverrideBadge, StageBadge } from "./lock-icon.tsx";
import { OpportunityFilters, type FilterOptions } from "./opportunity-filters.tsx";
import "./opportunities.css";
import type { SavedView } from "@/lib/domain/saved-views/schemas.ts";
import { SavedViewsMenu } from "@/components/saved-views/saved-views-menu.tsx";

const col = defineColumns<OpportunityTableRow>();
const columns = col.columns([
  col.accessor("name", {
    header: "Opportunity",
    cell: (cell) => {
      const row = cell.row.original;
      return (
        <span className="opp-name">
          {row.isClosed ? <LockIcon /> : null}
          <Link href={`/opportunities/${row.id}`}>{row.name}</Link>
          {row.mergedIntoId ? <span className="badge">Merged</span> : null}
        </span>
      );
    },
  }),
  col.accessor("externalId", { header: "CRM id", cell: (cell) => cell.getValue() ?? "—" }),
  col.accessor((row) => row.account.name, {
    id: "account",
    header: "Account",
    cell: (cell) => <Link href={`/accounts/${cell.row.original.account.id}`}>{cell.getValue()}</Link>,
  }),
  col.accessor("stage", { header: "Stage", cell: (cell) => <StageBadge stage={cell.getValue()} label={STAGE_LABELS[cell.getValue()]} /> }),
  col.accessor("amount", { header: "Amount", meta: { align: "right" }, cell: (cell) => formatAmount(cell.getValue()) }),
  col.accessor("closeDate", { header: "Close date", cell: (cell) => <span className="opp-nowrap">{formatDay(cell.getValue())}</span> }),
  col.accessor((row) => row.csm?.name ?? null, {
    id: "csm",
    header: "CSM",
    cell: (cell) => (
      <span className="opp-name">
        {cell.getValue() ?? <span className="muted">None</span>}
        {cell.row.original.csmOverridden ? <OverrideBadge /> : null}
      </span>
    ),
  }),
  col.accessor((row) => row.primarySa?.name ?? null, {
    id: "primarySa",
    header: "Primary SA",
    cell: (cell) => cell.getValue() ?? <span className="muted">None</span>,
  }),
  col.accessor("supportingSaCount", { header: "Supporting SAs", meta: { align: "right" } }),
  col.accessor("createdAt", { header: "Created", cell: (cell) => <span className="opp-nowrap">{formatDay(cell.getValue())}</span> }),
]);

const HIDDEN_AT_FIRST = ["externalId"] as const;

export function OpportunitiesTable({ rows, nextCursor, options, emptyState, views }: {
  rows: OpportunityTableRow[];
  nextCursor: string | null;
  options: FilterOptions;
  emptyState: ReactNode;
  /** The table's saved views, for "Views" and "Save view". */
  views: SavedView[];
}) {
  return (
    <DataTable
      rows={rows}
      columns={columns}
      nextCursor={nextCursor}
      sortable={OPPORTUNITY_SORTABLE}
      initialHiddenColumns={HIDDEN_AT_FIRST}
      caption="Opportunities"
      filters={<OpportunityFilters options={options} />}
      emptyState={emptyState}
      exportPath="/api/v1/opportunities.csv"
      tools={<SavedViewsMenu table="opportunities" views={views} defaultHidden={HIDDEN_AT_FIRST} />}
    />
  );
}
