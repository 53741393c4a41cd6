import {
  createColumnHelper,
  createSortedRowModel,
  metaHelper,
  rowSelectionFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  sortFn_datetime,
  sortFn_text,
  tableFeatures,
  type ColumnDef,
  type RowData,
} from "@tanstack/react-table";

// The TanStack Table features every DataTable registers (v9 registers features explicitly and
// types columns against them). Kept apart from data-table.tsx, which is a client module, so that
// feature modules can build their typed columns with `columnHelper<Row>()` in any file.

export interface DataTableColumnMeta {
  // Numbers and actions sit at the end of the cell; text at the start.
  align?: "start" | "end";
  // Extra classes for the column's cells, e.g. "font-mono text-xs" or a width.
  className?: string;
  // Keeps the cell's content on one line (names, dates); long text wraps by default.
  nowrap?: boolean;
}

export const dataTableFeatures = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, text: sortFn_text, datetime: sortFn_datetime, basic: sortFn_basic },
  rowSelectionFeature,
  columnMeta: metaHelper<DataTableColumnMeta>(),
});

export type DataTableFeatures = typeof dataTableFeatures;

export type DataTableColumn<TRow extends RowData> = ColumnDef<DataTableFeatures, TRow, any>;

export function columnHelper<TRow extends RowData>() {
  return createColumnHelper<DataTableFeatures, TRow>();
}
