"use client";

import { useId } from "react";
import { LIMITS } from "./url-state.ts";

const count = new Intl.NumberFormat("en-US");

/** Keyset pager: no page numbers, because a cursor only knows what comes after it. */
export function Pager({ shown, total, limit, hasPrevious, hasNext, busy, onPrevious, onNext, onLimit }: {
  shown: number;
  total?: number | null;
  limit: number;
  hasPrevious: boolean;
  hasNext: boolean;
  busy: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onLimit: (limit: number) => void;
}) {
  const limitId = useId();
  const rows = (n: number) => `${count.format(n)} ${n === 1 ? "row" : "rows"}`;
  return (
    <nav className="dt-pager" aria-label="Pagination">
      <p className="dt-count" role="status">
        Showing {rows(shown)}
        {total != null ? <> of {count.format(total)}</> : null}
      </p>
      <div className="dt-pager-controls">
        <label htmlFor={limitId} className="dt-limit-label">Rows per page</label>
        <select
          id={limitId}
          className="dt-limit"
          value={limit}
          onChange={(event) => onLimit(Number(event.currentTarget.value))}
        >
          {LIMITS.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <button type="button" className="btn" onClick={onPrevious} disabled={!hasPrevious} aria-disabled={busy || undefined}>
          <span aria-hidden="true">‹</span> Previous
        </button>
        <button type="button" className="btn" onClick={onNext} disabled={!hasNext} aria-disabled={busy || undefined}>
          Next <span aria-hidden="true">›</span>
        </button>
      </div>
    </nav>
  );
}
