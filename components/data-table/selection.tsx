"use client";

import { useEffect, useRef, type ReactNode } from "react";
import type { RowData } from "@tanstack/react-table";
import type { DataTableColumn } from "./columns.ts";

/** A checkbox whose mixed state (some rows on the page selected) is set as a DOM property. */
export function Checkbox({ checked, indeterminate = false, label, onChange }: {
  checked: boolean;
  indeterminate?: boolean;
  label: string;
  onChange: (checked: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate && !checked;
  }, [indeterminate, checked]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="dt-check"
      aria-label={label}
      checked={checked}
      onChange={(event) => onChange(event.currentTarget.checked)}
    />
  );
}

export const SELECT_COLUMN_ID = "__select";

/** The leading checkbox column; selection covers the rows on this page only. */
export function selectColumn<Row extends RowData>(rowLabel: (row: Row) => string): DataTableColumn<Row> {
  return {
    id: SELECT_COLUMN_ID,
    enableHiding: false,
    enableSorting: false,
    header: ({ table }) => (
      <Checkbox
        label="Select all rows on this page"
        checked={table.getIsAllPageRowsSelected()}
        indeterminate={table.getIsSomePageRowsSelected()}
        onChange={(checked) => table.toggleAllPageRowsSelected(checked)}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        label={`Select ${rowLabel(row.original)}`}
        checked={row.getIsSelected()}
        onChange={(checked) => row.toggleSelected(checked)}
      />
    ),
  };
}

/** Shown above the table while rows are selected: the count, the page's bulk actions, Clear. */
export function SelectionBar({ count, onClear, children }: { count: number; onClear: () => void; children?: ReactNode }) {
  return (
    <div className="dt-selection" role="region" aria-label="Selected rows">
      <span className="dt-selection-count" aria-live="polite">
        {count} {count === 1 ? "row" : "rows"} selected
      </span>
      <div className="row">{children}</div>
      <button type="button" className="btn ghost" onClick={onClear}>Clear selection</button>
    </div>
  );
}
