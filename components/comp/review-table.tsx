"use client";

import "./comp.css";
import Link from "next/link";
import { createContext, useContext, useId, useState } from "react";
import { DataTable } from "@/components/data-table/data-table.tsx";
import { EmptyState } from "@/components/data-table/empty-state.tsx";
import { defineColumns } from "@/components/data-table/columns.ts";
import { useDataTableUrl } from "@/components/data-table/use-table-url-state.ts";
import { REVIEW_FLAGS, REVIEW_SORTS, type ReviewFlagFilter } from "@/lib/domain/comp/review-constants.ts";
import type { CompFlag, CompRowView } from "@/lib/domain/comp/schemas.ts";
import { AttributionList } from "./attribution-list.tsx";
import { FixCreditForm } from "./fix-credit-form.tsx";
import { FlagBadges } from "./flag-badges.tsx";
import { FLAG_LABELS, formatCount, formatDay, formatMoney } from "./format.ts";
import { ModalButton } from "./modal.tsx";
import type { PickerPerson } from "./person-picker.tsx";

export type ReviewRow = CompRowView & { changedSinceApproval: boolean };

type Review = {
  canFix: boolean;
  csms: PickerPerson[];
  sas: PickerPerson[];
  onFixed: (text: string) => void;
};
const ReviewContext = createContext<Review>({ canFix: false, csms: [], sas: [], onFixed: () => {} });

function RowActions({ row }: { row: ReviewRow }) {
  const { canFix, csms, sas, onFixed } = useContext(ReviewContext);
  const name = row.opportunity.name;
  return (
    <div className="comp-actions">
      {canFix ? (
        <ModalButton label="Fix credit" buttonLabel={`Fix credit on ${name}`} title="Fix credit">
          {(close) => <FixCreditForm row={row} csms={csms} sas={sas} close={close} onDone={onFixed} />}
        </ModalButton>
      ) : null}
      <ModalButton label="Activity" buttonLabel={`SA activity on ${name}`} title={`SA activity — ${name}`} wide>
        {(close) => (
          <>
            <AttributionList row={row} />
            <div className="comp-dialog-actions"><button type="button" className="btn" onClick={close}>Close</button></div>
          </>
        )}
      </ModalButton>
    </div>
  );
}

const col = defineColumns<ReviewRow>();
const columns = col.columns([
  col.accessor((row) => row.opportunity.name, {
    id: "opportunity",
    header: "Opportunity",
    enableHiding: false,
    cell: (c) => {
      const row = c.row.original;
      return (
        <div className="comp-people">
          <Link href={`/opportunities/${row.opportunity.id}`}>{row.opportunity.name}</Link>
          <span className="comp-sub">{row.opportunity.accountName}{row.opportunity.externalId ? ` · ${row.opportunity.externalId}` : ""}</span>
          {row.changedSinceApproval ? <span><span className="badge warn">Changed since approval</span></span> : null}
        </div>
      );
    },
  }),
  col.accessor("closedAt", { header: "Closed", cell: (c) => formatDay(c.getValue()) }),
  col.accessor("amount", { header: "Amount", meta: { align: "right" }, cell: (c) => formatMoney(c.getValue()) }),
  col.accessor((row) => row.csm?.name ?? "", { id: "csm", header: "CSM", cell: (c) => c.row.original.csm?.name ?? <span className="comp-sub">—</span> }),
  col.accessor((row) => row.primarySa?.name ?? "", { id: "primarySa", header: "Primary SA", cell: (c) => c.row.original.primarySa?.name ?? <span className="comp-sub">—</span> }),
  col.accessor((row) => row.supportingSas.map((sa) => sa.name).join(", "), {
    id: "supportingSas",
    header: "Supporting SAs",
    cell: (c) => c.getValue() || <span className="comp-sub">—</span>,
  }),
  col.accessor((row) => row.csql?.raisedBy?.name ?? "", {
    id: "csql",
    header: "From a CSQL",
    cell: (c) => (c.row.original.csql
      ? <Link href={`/csqls/${c.row.original.csql.id}`}>{c.row.original.csql.raisedBy?.name ?? "CSQL"}</Link>
      : <span className="comp-sub">—</span>),
  }),
  col.accessor("flags", { header: "Flags", cell: (c) => <FlagBadges flags={c.getValue()} /> }),
  col.display({ id: "actions", header: "Actions", enableHiding: false, cell: (c) => <RowActions row={c.row.original} /> }),
]);

const FLAG_CHOICES: [ReviewFlagFilter, string][] = [
  ...REVIEW_FLAGS.map((flag): [ReviewFlagFilter, string] => [flag, FLAG_LABELS[flag]]),
  ["flagged", "Any flag"],
  ["clean", "No flags"],
];

function Filters({ reps, flagCounts }: { reps: PickerPerson[]; flagCounts: Record<CompFlag, number> }) {
  const url = useDataTableUrl();
  const flagId = useId();
  const repId = useId();
  const value = (key: string) => {
    const raw = url.state.filters[key];
    return Array.isArray(raw) ? raw[0] : raw ?? "";
  };
  return (
    <div className="comp-filters">
      <div className="field">
        <label htmlFor={flagId}>Flag</label>
        <select id={flagId} value={value("flag")} onChange={(event) => url.setFilters({ flag: event.currentTarget.value })}>
          <option value="">All opportunities</option>
          {FLAG_CHOICES.map(([flag, label]) => (
            <option key={flag} value={flag}>
              {label}{flag in flagCounts ? ` (${formatCount(flagCounts[flag as CompFlag])})` : ""}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={repId}>Rep</label>
        <select id={repId} value={value("rep")} onChange={(event) => url.setFilters({ rep: event.currentTarget.value })}>
          <option value="">Everyone</option>
          {reps.map((rep) => <option key={rep.id} value={rep.id}>{rep.name}</option>)}
        </select>
      </div>
    </div>
  );
}

export function ReviewTable({ rows, nextCursor, total, reps, flagCounts, canFix, csms, sas, exportHref }: {
  rows: ReviewRow[];
  nextCursor: string | null;
  total: number;
  reps: PickerPerson[];
  flagCounts: Record<CompFlag, number>;
  canFix: boolean;
  csms: PickerPerson[];
  sas: PickerPerson[];
  exportHref: string;
}) {
  const [message, setMessage] = useState<string>();
  return (
    <ReviewContext.Provider value={{ canFix, csms, sas, onFixed: setMessage }}>
      <div className="stack">
        <div role="status" aria-live="polite">{message ? <div className="alert ok">{message}</div> : null}</div>
        <DataTable
          rows={rows}
          columns={columns}
          getRowId={(row) => row.opportunity.id}
          rowLabel={(row) => row.opportunity.name}
          nextCursor={nextCursor}
          total={total}
          sortable={REVIEW_SORTS}
          caption="Closed-won opportunities in the period"
          filters={<Filters reps={reps} flagCounts={flagCounts} />}
          exportHref={exportHref}
          initialHiddenColumns={[]}
          emptyState={
            <EmptyState title="No closed-won opportunities match">
              Nothing closed won in this period with these filters. Pick another period or clear the filters.
            </EmptyState>
          }
        />
      </div>
    </ReviewContext.Provider>
  );
}
