import {
  columnVisibilityFeature,
  createColumnHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type RowData,
} from "@tanstack/react-table";

/** Per-column presentation, typed through the features object rather than global declaration merging. */
export type DataTableColumnMeta = {
  /** "right" for numbers and money: right-aligned, tabular figures. */
  align?: "left" | "right";
  /** Plain-text name for the Columns menu when `header` is not a string. */
  label?: string;
};

// Sorting and paging happen on the server, so no sorted/paginated row models are registered:
// the sorting feature only carries the URL's sort into headers and back out on click.
export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  rowSelectionFeature,
  columnVisibilityFeature,
  columnMeta: {} as DataTableColumnMeta,
});

export type DataTableFeatures = typeof dataTableFeatures;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each column keeps its own value type
export type DataTableColumn<Row extends RowData> = ColumnDef<DataTableFeatures, Row, any>;
export type DataTableColumns<Row extends RowData> = ReadonlyArray<DataTableColumn<Row>>;

/**
 * The typed column helper for a DataTable of `Row`. A column's id (its accessor key or `id`) is
 * also its sort key when listed in the table's `sortable`, and its name in `hide=`.
 * Define columns at module scope of a "use client" file (cell renderers are functions, which
 * cannot cross from a server component).
 */
export function defineColumns<Row extends RowData>() {
  return createColumnHelper<DataTableFeatures, Row>();
}
