"use client";

import { useTable, type RowData, type RowSelectionState, type SortingState } from "@tanstack/react-table";
import { useMemo, useRef, useState } from "react";
import { buttonClass } from "./button";
import { dataTableFeatures, type DataTableColumn, type DataTableColumnMeta } from "./data-table-columns";
import { EmptyState } from "./empty-state";
import { Skeleton } from "./skeleton";

// Every table of the standalone pages. TanStack Table (headless) owns sorting and selection
// state; this component owns the markup, so every table has the same accessible structure (a
// named <table>, real <th scope>, aria-sort on sorted columns), the same sticky header, empty
// state, loading rows, bulk-action bar, paging and CSV link. Client component: sorting and
// selection are interactive. Columns come from `columnHelper<Row>()` (data-table-columns.ts) and
// must be stable (module scope or useMemo).

export type DataTablePaging =
  // Server-paged with known totals: Previous / Next and "21–40 of 312".
  | { kind: "pages"; pageIndex: number; pageSize: number; rowCount: number; onPageChange: (pageIndex: number) => void; pending?: boolean }
  // Cursor-paged (feeds, logs): one "Load more" button while the server says there is more.
  | { kind: "more"; hasMore: boolean; onLoadMore: () => void; pending?: boolean };

export interface DataTableSelection<TRow extends RowData> {
  // The bulk actions for the selected rows; `clear` empties the selection after acting.
  actions: (selected: { ids: string[]; rows: TRow[]; clear: () => void }) => React.ReactNode;
  // The row's name for its checkbox, e.g. the flag's record name ("Select Acme GmbH").
  rowLabel: (row: TRow) => string;
  canSelect?: (row: TRow) => boolean;
}

export interface DataTableProps<TRow extends RowData> {
  // The table's accessible name; also the visible caption unless `caption` says otherwise.
  label: string;
  caption?: React.ReactNode | false;
  columns: DataTableColumn<TRow>[];
  data: TRow[];
  getRowId: (row: TRow) => string;
  loading?: boolean;
  empty?: React.ReactNode;
  // Left of the bar above the table: a count, filters or a title.
  toolbar?: React.ReactNode;
  // The server builds the CSV within the caller's scope; the table only links to it.
  csv?: { href: string; label?: string };
  selection?: DataTableSelection<TRow>;
  // Server-sorted data: the sort lives with the caller (often in the URL) and the rows arrive sorted.
  sorting?: { state: SortingState; onChange: (next: SortingState) => void };
  initialSorting?: SortingState;
  paging?: DataTablePaging;
  // Height past which the body scrolls under the sticky header.
  maxHeightClass?: string;
}

const SKELETON_ROWS = 5;
const noSorting: SortingState = [];

export function DataTable<TRow extends RowData>(props: DataTableProps<TRow>) {
  const { selection, loading = false, data } = props;
  const [localSorting, setLocalSorting] = useState<SortingState>(props.initialSorting ?? noSorting);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const selectionRef = useRef(selection);
  selectionRef.current = selection;

  const hasSelection = Boolean(selection);
  const columns = useMemo<DataTableColumn<TRow>[]>(
    () => (hasSelection ? [selectColumn<TRow>(selectionRef), ...props.columns] : props.columns),
    [hasSelection, props.columns],
  );

  const sorting = props.sorting?.state ?? localSorting;
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId: (row) => props.getRowId(row),
    state: { sorting, rowSelection },
    manualSorting: Boolean(props.sorting),
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      if (props.sorting) props.sorting.onChange(next);
      else setLocalSorting(next);
    },
    onRowSelectionChange: setRowSelection,
    enableRowSelection: (row) => selectionRef.current?.canSelect?.(row.original) ?? true,
    enableMultiSort: false,
  });

  const rows = table.getRowModel().rows;
  const selectedRows = hasSelection ? table.getSelectedRowModel().rows : [];
  const columnCount = table.getAllLeafColumns().length;
  const showSkeleton = loading && data.length === 0;
  const caption = props.caption === undefined ? props.label : props.caption;

  return (
    <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
      {props.toolbar || props.csv ? (
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
          <div className="min-w-0 text-slate-600">{props.toolbar}</div>
          {props.csv ? (
            <a href={props.csv.href} download className={buttonClass("secondary", "sm")}>
              <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round">
                <path d="M8 2.5v8M4.5 7 8 10.5 11.5 7M3 13.5h10" />
              </svg>
              {props.csv.label ?? "Download CSV"}
            </a>
          ) : null}
        </div>
      ) : null}
      {selection && selectedRows.length > 0 ? (
        <div className="flex flex-wrap items-center gap-3 border-b border-brand-100 bg-brand-50 px-4 py-2">
          <p aria-live="polite" className="font-medium text-brand-700">
            {selectedRows.length} selected
          </p>
          <div className="flex flex-wrap items-center gap-2">
            {selection.actions({
              ids: selectedRows.map((r) => r.id),
              rows: selectedRows.map((r) => r.original),
              clear: () => setRowSelection({}),
            })}
          </div>
          <button type="button" onClick={() => setRowSelection({})} className="ml-auto text-sm font-medium text-brand-700 hover:underline">
            Clear selection
          </button>
        </div>
      ) : null}
      <div
        role="region"
        aria-label={`${props.label} (scrollable)`}
        tabIndex={0}
        className={`overflow-auto ${props.maxHeightClass ?? "max-h-[min(70vh,48rem)]"}`}
      >
        <table aria-label={caption ? undefined : props.label} aria-busy={loading || undefined} className="w-full border-separate border-spacing-0 text-left">
          {caption ? <caption className="sr-only">{caption}</caption> : null}
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const meta = header.column.columnDef.meta as DataTableColumnMeta | undefined;
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                      className={`sticky top-0 z-10 whitespace-nowrap border-b border-slate-200 bg-slate-50 px-3 py-2.5 text-xs xl:px-4 font-semibold uppercase tracking-wide text-slate-600 ${
                        meta?.align === "end" ? "text-right" : ""
                      }`}
                    >
                      {header.isPlaceholder ? null : canSort ? (
                        // The arrow sits in the cell's padding, so sortable columns are no wider than the others.
                        <button
                          type="button"
                          onClick={header.column.getToggleSortingHandler()}
                          className="relative rounded uppercase tracking-wide hover:text-slate-900"
                        >
                          <table.FlexRender header={header} />
                          <SortIcon direction={sorted} side={meta?.align === "end" ? "start" : "end"} />
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
          <tbody className={loading && !showSkeleton ? "opacity-60 transition-opacity" : undefined}>
            {showSkeleton
              ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
                  <tr key={`skeleton-${i}`} aria-hidden="true">
                    {Array.from({ length: columnCount }, (__, j) => (
                      <td key={j} className="border-b border-slate-100 px-3 py-3 xl:px-4">
                        <Skeleton className={`h-4 ${j === 0 ? "w-3/4" : "w-1/2"}`} />
                      </td>
                    ))}
                  </tr>
                ))
              : null}
            {!loading && rows.length === 0 ? (
              <tr>
                <td colSpan={columnCount} className="border-b border-slate-100">
                  {props.empty ?? <EmptyState compact title="Nothing to show" />}
                </td>
              </tr>
            ) : null}
            {rows.map((row) => (
              <tr key={row.id} className={row.getIsSelected() ? "bg-brand-50/60" : "hover:bg-slate-50"}>
                {row.getAllCells().map((cell) => {
                  const meta = cell.column.columnDef.meta as DataTableColumnMeta | undefined;
                  return (
                    <td
                      key={cell.id}
                      className={`border-b border-slate-100 px-3 py-2.5 align-middle xl:px-4 text-slate-800 ${meta?.align === "end" ? "text-right" : ""} ${
                        meta?.nowrap ? "whitespace-nowrap" : ""
                      } ${meta?.className ?? ""}`}
                    >
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.paging ? <Paging paging={props.paging} shown={rows.length} /> : null}
    </div>
  );
}

function selectColumn<TRow extends RowData>(selection: React.RefObject<DataTableSelection<TRow> | undefined>): DataTableColumn<TRow> {
  return {
    id: "__select",
    enableSorting: false,
    meta: { className: "w-10" },
    header: ({ table }) => (
      <Checkbox
        label="Select all rows"
        checked={table.getIsAllRowsSelected()}
        indeterminate={table.getIsSomeRowsSelected()}
        onChange={table.getToggleAllRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        label={`Select ${selection.current?.rowLabel(row.original) ?? "row"}`}
        checked={row.getIsSelected()}
        disabled={!row.getCanSelect()}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  };
}

function Checkbox({ label, checked, indeterminate = false, disabled, onChange }: {
  label: string;
  checked: boolean;
  indeterminate?: boolean;
  disabled?: boolean;
  onChange: (event: unknown) => void;
}) {
  return (
    <input
      type="checkbox"
      aria-label={label}
      checked={checked}
      disabled={disabled}
      ref={(el) => {
        if (el) el.indeterminate = indeterminate && !checked;
      }}
      onChange={onChange}
      className="size-4 rounded border-slate-300 accent-brand-600"
    />
  );
}

function SortIcon({ direction, side }: { direction: false | "asc" | "desc"; side: "start" | "end" }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 12 12"
      className={`absolute top-1/2 size-2.5 -translate-y-1/2 ${side === "end" ? "left-[calc(100%+2px)]" : "right-[calc(100%+2px)]"} ${direction ? "text-slate-900" : "text-slate-400"}`}
      fill="currentColor"
    >
      {direction !== "desc" ? <path d="M6 2 9 5.5H3Z" opacity={direction === "asc" ? 1 : 0.6} /> : null}
      {direction !== "asc" ? <path d="M6 10 3 6.5h6Z" opacity={direction === "desc" ? 1 : 0.6} /> : null}
    </svg>
  );
}

function Paging({ paging, shown }: { paging: DataTablePaging; shown: number }) {
  if (paging.kind === "more") {
    if (!paging.hasMore) return null;
    return (
      <div className="flex justify-center border-t border-slate-200 px-4 py-3">
        <button type="button" onClick={paging.onLoadMore} disabled={paging.pending} className={buttonClass("secondary", "sm")}>
          {paging.pending ? "Loading…" : "Load more"}
        </button>
      </div>
    );
  }
  const first = paging.rowCount === 0 ? 0 : paging.pageIndex * paging.pageSize + 1;
  const last = paging.pageIndex * paging.pageSize + shown;
  const lastPage = Math.max(0, Math.ceil(paging.rowCount / paging.pageSize) - 1);
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3 border-t border-slate-200 px-4 py-3">
      <p className="text-sm text-slate-600 tabular-nums">
        {first}–{last} of {paging.rowCount.toLocaleString("en")}
      </p>
      <div className="flex gap-2">
        <button
          type="button"
          onClick={() => paging.onPageChange(paging.pageIndex - 1)}
          disabled={paging.pending || paging.pageIndex <= 0}
          className={buttonClass("secondary", "sm")}
        >
          Previous
        </button>
        <button
          type="button"
          onClick={() => paging.onPageChange(paging.pageIndex + 1)}
          disabled={paging.pending || paging.pageIndex >= lastPage}
          className={buttonClass("secondary", "sm")}
        >
          Next
        </button>
      </div>
    </nav>
  );
}
