"use client";

import "./comp.css";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table.tsx";
import { EmptyState } from "@/components/data-table/empty-state.tsx";
import { defineColumns } from "@/components/data-table/columns.ts";
import type { CompRowView } from "@/lib/domain/comp/schemas.ts";
import { formatDay, formatMoney } from "./format.ts";
import { FlagBadges } from "./flag-badges.tsx";

const FROZEN_SORTS = ["closedAt", "amount"];
const col = defineColumns<CompRowView>();
const columns = col.columns([
  col.accessor((row) => row.opportunity.name, {
    id: "opportunity",
    header: "Opportunity",
    enableHiding: false,
    cell: (c) => (
      <div className="comp-people">
        <Link href={`/opportunities/${c.row.original.opportunity.id}`}>{c.getValue()}</Link>
        <span className="comp-sub">{c.row.original.opportunity.accountName}</span>
      </div>
    ),
  }),
  col.accessor("closedAt", { header: "Closed", cell: (c) => formatDay(c.getValue()) }),
  col.accessor("amount", { header: "Amount", meta: { align: "right" }, cell: (c) => formatMoney(c.getValue()) }),
  col.accessor((row) => row.csm?.name ?? "—", { id: "csm", header: "CSM" }),
  col.accessor((row) => row.primarySa?.name ?? "—", { id: "primarySa", header: "Primary SA" }),
  col.accessor((row) => row.supportingSas.map((sa) => sa.name).join(", ") || "—", { id: "supportingSas", header: "Supporting SAs" }),
  col.accessor("flags", { header: "Flags at approval", cell: (c) => <FlagBadges flags={c.getValue()} /> }),
]);

/** An approval's frozen rows, as they were approved. */
export function FrozenTable({ rows, nextCursor, total, exportHref }: {
  rows: CompRowView[]; nextCursor: string | null; total: number; exportHref: string;
}) {
  return (
    <DataTable
      rows={rows}
      columns={columns}
      getRowId={(row) => row.opportunity.id}
      nextCursor={nextCursor}
      total={total}
      sortable={FROZEN_SORTS}
      caption="Frozen rows of the approval"
      exportHref={exportHref}
      emptyState={<EmptyState title="Nothing was approved">The period had no closed-won opportunities when it was approved.</EmptyState>}
    />
  );
}
