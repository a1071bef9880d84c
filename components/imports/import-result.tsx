"use client";
import { wasWere } from "@/lib/format/format.ts";
import { useState } from "react";
import { type ImportDetail, ROW_ACTIONS, type RowAction } from "@/lib/domain/imports/schemas.ts";
import { ACTION_BADGE, ACTION_LABELS, count, errorsCsv, sheetRow } from "./format.ts";

/** What a finished job did or would do: the counts, every error, and the rows one by one. */
export function ImportResult({ job }: { job: ImportDetail }) {
  const [filter, setFilter] = useState<RowAction | "all">("all");
  const rows = filter === "all" ? job.preview : job.preview.filter((row) => row.action === filter);
  const failed = job.status === "failed";
  // "1 was created", "3 were created"; a dry run "would be" whatever the number.
  const created = job.dryRun ? `${count(job.created)} would be` : wasWere(job.created);
  return (
    <div className="stack">
      {failed ? (
        <div className="alert error" role="alert">
          {job.dryRun ? "Needs fixes: " : ""}{job.errorCount === 1 ? "1 problem" : `${count(job.errorCount)} problems`} in this file: nothing was changed.
          Fix them (rows are numbered as in your spreadsheet) and upload it again.
        </div>
      ) : (
        <div className="alert ok" role="status">
          {job.dryRun ? "Dry run finished: nothing was changed yet. " : "Applied. "}
          {created} created, {count(job.updated)} updated, {count(job.unchanged)} unchanged
          {job.kind === "assignments" ? `, ${count(job.pending)} pending` : ""}.
          {!job.dryRun && job.invalidRows > 0
            ? ` ${job.invalidRows === 1 ? "1 bad row was" : `${count(job.invalidRows)} bad rows were`} skipped, as chosen: they are listed below.`
            : ""}
        </div>
      )}
      {!failed ? (
        <dl className="stats imp-counts" aria-label="Counts">
          {(["created", "updated", "unchanged", ...(job.kind === "assignments" ? ["pending"] : [])] as RowAction[]).map((action) => (
            <div className="panel stat" key={action}>
              <dt className="muted">{ACTION_LABELS[action]}</dt>
              <dd className="value" data-testid={`count-${action}`}>{count(job[action as "created"])}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {job.errors.length > 0 ? (
        <section aria-labelledby={`errors-${job.id}`} className="panel" style={{ padding: 0 }}>
          <h3 id={`errors-${job.id}`} className="imp-subhead">
            {failed ? "Problems" : "Skipped rows' problems"}{job.errorCount > job.errors.length ? ` (the first ${count(job.errors.length)} of ${count(job.errorCount)})` : ""}
            {" "}<a className="btn" download={`import-problems-${job.id.slice(0, 8)}.csv`}
              href={`data:text/csv;charset=utf-8,${encodeURIComponent(errorsCsv(job.errors))}`}>Download problems (CSV)</a>
          </h3>
          <div className="imp-scroll">
            <table className="data" aria-labelledby={`errors-${job.id}`}>
              <thead><tr><th className="num">Row</th><th>Column</th><th>Problem</th></tr></thead>
              <tbody>
                {job.errors.map((error, index) => (
                  <tr key={index}>
                    <td className="num">{error.row === 0 ? "Header" : sheetRow(error.row)}</td>
                    <td>{error.column ?? "—"}</td>
                    <td>{error.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {job.preview.length > 0 ? (
        <section aria-labelledby={`preview-${job.id}`} className="panel" style={{ padding: 0 }}>
          <div className="row imp-subhead" style={{ justifyContent: "space-between" }}>
            <h3 id={`preview-${job.id}`} style={{ margin: 0 }}>Row by row</h3>
            <div className="field row" style={{ gap: 6 }}>
              <label htmlFor={`preview-filter-${job.id}`}>Show</label>
              <select id={`preview-filter-${job.id}`} value={filter} onChange={(event) => setFilter(event.target.value as RowAction | "all")}>
                <option value="all">Every row</option>
                {ROW_ACTIONS.map((action) => <option key={action} value={action}>{ACTION_LABELS[action]}</option>)}
              </select>
            </div>
          </div>
          <div className="imp-scroll">
            <table className="data" aria-labelledby={`preview-${job.id}`}>
              <thead><tr><th className="num">Row</th><th>Key</th><th>Action</th><th>Why</th></tr></thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.row}>
                    <td className="num">{sheetRow(row.row)}</td>
                    <td><code>{row.key ?? "—"}</code></td>
                    <td><span className={ACTION_BADGE[row.action]}>{ACTION_LABELS[row.action]}</span></td>
                    <td>{row.reason}</td>
                  </tr>
                ))}
                {rows.length === 0 ? <tr><td colSpan={4} className="empty">No rows of this kind.</td></tr> : null}
              </tbody>
            </table>
          </div>
          {job.total > job.preview.length ? (
            <p className="muted imp-note">The first {count(job.preview.length)} rows are listed, rejected and changed rows first; the counts cover all {count(job.total)}.</p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
