// Usage. Columns go in a "use client" file (cells are functions); the server page fetches one page:
//   const col = defineColumns<AccountRow>();   // module scope, so the columns are stable
//   const columns = col.columns([col.accessor("name", { header: "Name", cell: (c) => <Link href={`/accounts/${c.row.original.id}`}>{c.getValue()}</Link> }),
//     col.accessor("arr", { header: "ARR", meta: { align: "right" } })]);
//   export const AccountsTable = (p: { rows: AccountRow[]; nextCursor: string | null }) =>
//     <DataTable {...p} columns={columns} sortable={SORTABLE} caption="Accounts" emptyState={<EmptyState title="No accounts match" />} />;
// page.tsx (server): const t = parseTableParams(await searchParams, { sortable: SORTABLE }); // from ./url-state.ts
//   const { items, nextCursor } = await listAccounts(actor, { ...t.filters, sort: t.sort, cursor: t.cursor, limit: t.limit });
//   return <AccountsTable rows={items} nextCursor={nextCursor} />;   // export link: `/api/…/export?${filterQuery(t)}`
// Filter controls passed as `filters` call useDataTableUrl().setFilters({ q }), which goes back to page 1.
"use client";

import "./data-table.css";
import { functionalUpdate, useTable, type RowData, type RowSelectionState, type Updater } from "@tanstack/react-table";
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { ColumnVisibilityMenu } from "./column-visibility-menu.tsx";
import { dataTableFeatures, type DataTableColumns } from "./columns.ts";
import { Pager } from "./pager.tsx";
import { SELECT_COLUMN_ID, SelectionBar, selectColumn } from "./selection.tsx";
import { DataTableUrlContext, useTableUrlState } from "./use-table-url-state.ts";
import { pageKey } from "./url-state.ts";

export type DataTableProps<Row extends RowData> = {
  /** One page of rows, already filtered, sorted and limited by the server. */
  rows: Row[];
  columns: DataTableColumns<Row>;
  /** Stable id of a row; defaults to `row.id`. */
  getRowId?: (row: Row) => string;
  /** Cursor of the page after this one, or null on the last page. */
  nextCursor: string | null;
  /** Count of all matching rows, when the server knows it cheaply. */
  total?: number | null;
  /** Column ids the server can sort by; only these get sort buttons or survive in `sort=`. */
  sortable: readonly string[];
  /** Filter controls, shown in the toolbar (they may use useDataTableUrl()). */
  filters?: ReactNode;
  /** Shown instead of the table when there are no rows. */
  emptyState: ReactNode;
  selectable?: boolean;
  /** Text after "Select " in a row checkbox's label; defaults to `row.name`, then the id. */
  rowLabel?: (row: Row) => string;
  onSelectionChange?: (selectedIds: string[]) => void;
  /** Bulk actions for the selected rows, shown in a bar above the table. */
  selectionActions?: (selectedIds: string[]) => ReactNode;
  /** Columns hidden until the user shows them (while the URL has no `hide=`). */
  initialHiddenColumns?: readonly string[];
  /** Accessible name of the table. */
  caption: string;
  /** "Export CSV" link; the page builds it with the current filters (see `filterQuery`). */
  exportHref?: string;
  /** A CSV endpoint taking the table's filters: "Export CSV" links to it with the filters on screen. */
  exportPath?: string;
  /** More controls for the toolbar (saved views); they may use useDataTableUrl(). */
  tools?: ReactNode;
};

const NO_SELECTION: RowSelectionState = {};
const NO_COLUMNS: readonly string[] = [];

function defaultRowId(row: RowData): string {
  return String((row as { id?: unknown }).id);
}

export function DataTable<Row extends RowData>(props: DataTableProps<Row>) {
  const {
    rows, columns, nextCursor, total, sortable, filters, emptyState, selectable = false,
    onSelectionChange, selectionActions, initialHiddenColumns = NO_COLUMNS, caption, exportPath, tools,
  } = props;
  const getRowId = (props.getRowId ?? defaultRowId) as (row: Row) => string;
  const rowLabel = props.rowLabel ?? ((row: Row) => {
    const named = row as { name?: unknown; title?: unknown };
    return String(named.name ?? named.title ?? getRowId(row));
  });
  const url = useTableUrlState({ sortable, defaultHidden: initialHiddenColumns });
  const captionId = useId();
  const exportHref = props.exportHref ?? (exportPath ? `${exportPath}${url.filterQuery ? `?${url.filterQuery}` : ""}` : undefined);

  // Keep the row-label function out of the column memo so inline lambdas do not rebuild columns.
  const rowLabelRef = useRef(rowLabel);
  rowLabelRef.current = rowLabel;
  const allColumns = useMemo(
    () => (selectable ? [selectColumn<Row>((row) => rowLabelRef.current(row)), ...columns] : columns),
    [selectable, columns],
  );

  const sorting = useMemo(
    () => (url.state.sort ? [{ id: url.state.sort.key, desc: url.state.sort.desc }] : []),
    [url.state.sort],
  );
  const columnVisibility = useMemo(
    () => Object.fromEntries(url.hidden.filter((id) => id !== SELECT_COLUMN_ID).map((id) => [id, false])),
    [url.hidden],
  );

  // Selection belongs to the rows on screen: a new page, sort, filter or page size clears it,
  // and ids no longer among the rows (after a refresh) drop out.
  const currentPage = pageKey(url.state);
  const [selection, setSelection] = useState({ page: currentPage, ids: NO_SELECTION });
  const rowIds = useMemo(() => new Set(rows.map((row) => getRowId(row))), [rows, getRowId]);
  const rowSelection = useMemo(() => {
    if (selection.page !== currentPage) return NO_SELECTION;
    const kept = Object.keys(selection.ids).filter((id) => rowIds.has(id));
    return kept.length === Object.keys(selection.ids).length ? selection.ids : Object.fromEntries(kept.map((id) => [id, true as const]));
  }, [selection, currentPage, rowIds]);
  const selectedIds = useMemo(() => Object.keys(rowSelection), [rowSelection]);

  const table = useTable({
    features: dataTableFeatures,
    columns: allColumns,
    data: rows,
    getRowId: (row) => getRowId(row),
    state: { sorting, columnVisibility, rowSelection },
    manualSorting: true,
    enableMultiSort: false,
    enableRowSelection: selectable,
    onSortingChange: (updater) => {
      const [next] = functionalUpdate(updater, sorting);
      url.setSort(next && sortable.includes(next.id) ? { key: next.id, desc: next.desc } : null);
    },
    onColumnVisibilityChange: (updater) => {
      const next = functionalUpdate(updater, columnVisibility);
      url.setHidden(Object.keys(next).filter((id) => next[id] === false));
    },
    onRowSelectionChange: (updater: Updater<RowSelectionState>) =>
      setSelection({ page: currentPage, ids: functionalUpdate(updater, rowSelection) }),
  });

  const notify = useRef({ callback: onSelectionChange, last: "" });
  notify.current.callback = onSelectionChange;
  const selectedKey = selectedIds.join(",");
  useEffect(() => {
    if (selectedKey === notify.current.last) return;
    notify.current.last = selectedKey;
    notify.current.callback?.(selectedKey ? selectedKey.split(",") : []);
  }, [selectedKey]);

  const busy = url.isPending;
  const hideable = table.getAllLeafColumns().filter((column) => column.getCanHide()).map((column) => {
    const header = column.columnDef.header;
    const label = column.columnDef.meta?.label ?? (typeof header === "string" ? header : column.id);
    return { id: column.id, label, visible: column.getIsVisible() };
  });
  const pageRows = table.getRowModel().rows;

  return (
    <DataTableUrlContext.Provider value={url}>
      <div className={busy ? "dt dt-busy" : "dt"}>
        <div className="dt-toolbar">
          <div className="dt-filters">{filters}</div>
          <div className="dt-tools">
            {tools}
            {exportHref ? <a className="btn" href={exportHref} download>Export CSV</a> : null}
            {rows.length > 0 ? <ColumnVisibilityMenu columns={hideable} onToggle={(id, visible) => table.getColumn(id)?.toggleVisibility(visible)} /> : null}
          </div>
        </div>
        <div className="dt-progress" aria-hidden="true" />
        {selectable && selectedIds.length > 0 ? (
          <SelectionBar count={selectedIds.length} onClear={() => table.resetRowSelection(true)}>
            {selectionActions?.(selectedIds)}
          </SelectionBar>
        ) : null}
        {rows.length === 0 ? (
          <div className="empty dt-empty" role="region" aria-label={caption} aria-busy={busy || undefined}>{emptyState}</div>
        ) : (
          <div className="dt-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
            <table className="data dt-table" aria-busy={busy || undefined}>
              <caption id={captionId} className="sr-only">{caption}</caption>
              <thead>
                {table.getHeaderGroups().map((group) => (
                  <tr key={group.id}>
                    {group.headers.map((header) => {
                      const id = header.column.id;
                      const right = header.column.columnDef.meta?.align === "right";
                      const canSort = !header.isPlaceholder && sortable.includes(id);
                      const sorted = url.state.sort?.key === id ? (url.state.sort.desc ? "descending" : "ascending") : undefined;
                      const className = [right && "num", id === SELECT_COLUMN_ID && "dt-select"].filter(Boolean).join(" ") || undefined;
                      return (
                        <th key={header.id} scope="col" colSpan={header.colSpan} className={className} aria-sort={canSort ? sorted : undefined}>
                          {header.isPlaceholder ? null : canSort ? (
                            <button type="button" className="dt-sort" onClick={() => !busy && header.column.toggleSorting()}>
                              <table.FlexRender header={header} />
                              <span className="dt-sort-icon" data-dir={sorted ?? "none"} aria-hidden="true" />
                            </button>
                          ) : (
                            <table.FlexRender header={header} />
                          )}
                        </th>
                      );
                    })}
                  </tr>
                ))}
              </thead>
              <tbody>
                {pageRows.map((row) => (
                  <tr key={row.id} data-selected={selectable && row.getIsSelected() ? "" : undefined}>
                    {row.getVisibleCells().map((cell) => {
                      const right = cell.column.columnDef.meta?.align === "right";
                      const className = [right && "num", cell.column.id === SELECT_COLUMN_ID && "dt-select"].filter(Boolean).join(" ") || undefined;
                      return <td key={cell.id} className={className}><table.FlexRender cell={cell} /></td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rows.length > 0 || url.hasPrevious ? (
          <Pager
            shown={rows.length}
            total={total}
            limit={url.state.limit}
            hasPrevious={url.hasPrevious}
            hasNext={nextCursor !== null}
            busy={busy}
            onPrevious={() => !busy && url.goToPreviousPage()}
            onNext={() => !busy && nextCursor && url.goToNextPage(nextCursor)}
            onLimit={url.setLimit}
          />
        ) : null}
      </div>
    </DataTableUrlContext.Provider>
  );
}
