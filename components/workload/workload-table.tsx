import Link from "next/link";
import { formatCount, formatMoney, formatPercent, loadStatus, STATUS_LABELS } from "./format.ts";

export type WorkloadRow = {
  id: string; name: string;
  /** Someone who has left still holding accounts: those accounts are gaps, not covered. */
  left?: boolean;
  /** Accounts held within the segment/region filter (the whole book without one). */
  accounts: number;
  /** Accounts in the whole book: what capacity, utilization and the load status are about. */
  bookAccounts: number;
  capacity: number | null; utilization: number | null; arr: number;
  openOpportunities: number; openPipeline: number; supportingOpportunities?: number; activities90d?: number;
  /** CSMs only: CSQLs raised in the last twelve months, and how many became opportunities. */
  csqlsRaised?: number; csqlsConverted?: number;
  accountsHref: string; bookHref: string; opportunitiesHref?: string;
  /** The opportunities an SA supports (SAs only). */
  supportingHref?: string;
};

type Column = { key: string; label: string; numeric: boolean };


/**
 * The charts' numbers as a table, for people who would rather read (and for screen readers).
 * Headers sort through the URL like the rest of the page's state.
 */
export function WorkloadTable({ rows, role, sort, dir, sortHref, slice }: {
  rows: WorkloadRow[];
  role: "csm" | "sa";
  /** The segment/region filter in words, when there is one. */
  slice?: string;
  sort: string;
  dir: "asc" | "desc";
  /** The page's URL sorted by a key, in a direction. */
  sortHref: Record<string, { asc: string; desc: string }>;
}) {
  const columns: Column[] = [
    { key: "name", label: role === "csm" ? "CSM" : "SA", numeric: false },
    { key: "accounts", label: slice ? `Accounts in ${slice}` : "Accounts", numeric: true },
    ...(slice ? [{ key: "bookAccounts", label: "Whole book", numeric: true }] : []),
    { key: "capacity", label: "Capacity", numeric: true },
    { key: "utilization", label: "Used", numeric: true },
    { key: "arr", label: "ARR", numeric: true },
    { key: "openOpportunities", label: role === "csm" ? "Open opps" : "Open opps (primary)", numeric: true },
    { key: "openPipeline", label: "Open pipeline", numeric: true },
    ...(role === "sa"
      ? [{ key: "supportingOpportunities", label: "Supporting opps", numeric: true }, { key: "activities90d", label: "Activities, 90 days", numeric: true }]
      : [{ key: "csqlsRaised", label: "CSQLs, 12 months", numeric: true }, { key: "csqlsConverted", label: "Converted", numeric: true }]),
  ];
  const total = (pick: (row: WorkloadRow) => number) => rows.reduce((sum, row) => sum + pick(row), 0);
  // Money adds up in integer cents, never as floats.
  const money = (pick: (row: WorkloadRow) => number) => total((row) => Math.round(pick(row) * 100)) / 100;

  return (
    <div className="panel wl-table" style={{ padding: 0, overflow: "auto" }}>
      <table className="data">
        <caption className="sr-only">
          Workload per {role === "csm" ? "Customer Success Manager" : "Solutions Architect"}, sorted by {columns.find((c) => c.key === sort)?.label ?? sort}, {dir === "asc" ? "lowest" : "highest"} first
        </caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const sortable = column.key in sortHref;
              const current = sort === column.key;
              const next = current ? (dir === "asc" ? "desc" : "asc") : column.key === "name" ? "asc" : "desc";
              return (
                <th key={column.key} className={column.numeric ? "num" : undefined}
                  aria-sort={current ? (dir === "asc" ? "ascending" : "descending") : undefined} scope="col">
                  {sortable ? (
                    <Link href={sortHref[column.key][next]} scroll={false} className="wl-sort">
                      {column.label}
                      <span aria-hidden="true">{current ? (dir === "asc" ? " ▲" : " ▼") : ""}</span>
                    </Link>
                  ) : column.label}
                </th>
              );
            })}
            <th scope="col">Load</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const status = loadStatus(row.bookAccounts, row.capacity);
            return (
              <tr key={row.id}>
                <th scope="row" className="wl-rowhead"><Link href={row.accountsHref}>{row.name}</Link>
                  {row.left ? <span className="badge" title="These accounts are not covered: transfer them.">left · {formatCount(row.accounts)} uncovered</span> : null}</th>
                <td className="num">{formatCount(row.accounts)}</td>
                {slice ? <td className="num"><Link href={row.bookHref}>{formatCount(row.bookAccounts)}</Link></td> : null}
                <td className="num">{row.capacity ?? "—"}</td>
                <td className="num">{formatPercent(row.utilization)}</td>
                <td className="num">{formatMoney(row.arr)}</td>
                <td className="num">
                  {row.opportunitiesHref ? <Link href={row.opportunitiesHref}>{formatCount(row.openOpportunities)}</Link> : formatCount(row.openOpportunities)}
                </td>
                <td className="num">{formatMoney(row.openPipeline)}</td>
                {role === "sa" ? (
                  <>
                    <td className="num">
                      {row.supportingHref ? <Link href={row.supportingHref}>{formatCount(row.supportingOpportunities ?? 0)}</Link> : formatCount(row.supportingOpportunities ?? 0)}
                    </td>
                    <td className="num">{formatCount(row.activities90d ?? 0)}</td>
                  </>
                ) : (
                  <>
                    <td className="num">{formatCount(row.csqlsRaised ?? 0)}</td>
                    <td className="num">{formatCount(row.csqlsConverted ?? 0)}</td>
                  </>
                )}
                <td><span className={`wl-badge ${status}`}>{STATUS_LABELS[status]}</span></td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total ({rows.length})</th>
            <td className="num">{formatCount(total((row) => row.accounts))}</td>
            {slice ? <td className="num">{formatCount(total((row) => row.bookAccounts))}</td> : null}
            <td className="num">{formatCount(total((row) => row.capacity ?? 0))}</td>
            <td />
            <td className="num">{formatMoney(money((row) => row.arr))}</td>
            <td className="num">{formatCount(total((row) => row.openOpportunities))}</td>
            <td className="num">{formatMoney(money((row) => row.openPipeline))}</td>
            {role === "sa" ? (
              <>
                <td className="num">{formatCount(total((row) => row.supportingOpportunities ?? 0))}</td>
                <td className="num">{formatCount(total((row) => row.activities90d ?? 0))}</td>
              </>
            ) : (
              <>
                <td className="num">{formatCount(total((row) => row.csqlsRaised ?? 0))}</td>
                <td className="num">{formatCount(total((row) => row.csqlsConverted ?? 0))}</td>
              </>
            )}
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
