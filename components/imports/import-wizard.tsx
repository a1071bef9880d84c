"use client";
import { useRouter } from "next/navigation";
import { type DragEvent, useEffect, useMemo, useRef, useState } from "react";
import { suggestMappingAction } from "@/lib/actions/imports.ts";
import { Field } from "@/components/ui/field.tsx";
import { type ImportDetail, type ImportKind, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type MappingSuggestion } from "@/lib/domain/imports/schemas.ts";
import { bytes, count, KIND_LABELS } from "./format.ts";
import { ImportProgress } from "./import-progress.tsx";
import { ImportResult } from "./import-result.tsx";
import { MappingTable, mappingProblems } from "./mapping-table.tsx";
import { readHead } from "./read-head.ts";
import { applyImport, uploadImport, useImportJob } from "./use-import-job.ts";
import "./imports.css";

type Chosen = { file: File; headers: string[]; sample: string[] };
const signature = (chosen: Chosen | null, kind: ImportKind, mapping: string[]) =>
  chosen ? JSON.stringify([chosen.file.name, chosen.file.size, chosen.file.lastModified, kind, mapping]) : null;

/**
 * The import journey: choose what the file holds and the file (drop it or pick it), check how its
 * columns map, dry-run it, read the row-by-row preview, then apply exactly that. The job is in
 * the URL (?id=), so a reload or a return later picks up its progress where it is.
 */
export function ImportWizard({ kinds, initialJob }: { kinds: ImportKind[]; initialJob: ImportDetail | null }) {
  const router = useRouter();
  const [kind, setKind] = useState<ImportKind>(initialJob?.kind ?? kinds[0]);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [suggestion, setSuggestion] = useState<MappingSuggestion | null>(null);
  const [mapping, setMapping] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [checked, setChecked] = useState<string | null>(null);
  // Off for every dry run: skipping bad rows is chosen each time, never carried over.
  const [skipBad, setSkipBad] = useState(false);
  const { job, follow, pollError, rate, done } = useImportJob(initialJob);
  useEffect(() => setSkipBad(false), [job?.id]);

  // Another job opened from the recent list (or the URL) replaces the one on screen; the page
  // re-rendering for the job this wizard started itself changes nothing.
  useEffect(() => {
    if (initialJob && initialJob.id !== job?.id) {
      follow(initialJob);
      setKind(initialJob.kind);
      setChosen(null);
      setSuggestion(null);
    }
  }, [initialJob?.id]);

  // When a job finishes here, the recent imports list (and, after an apply, the data) changed.
  const watching = useRef(false);
  useEffect(() => {
    if (!done) watching.current = true;
    else if (watching.current) {
      watching.current = false;
      router.refresh();
    }
  }, [done, router]);

  async function suggest(nextKind: ImportKind, next: Chosen) {
    const result = await suggestMappingAction({ kind: nextKind, headers: next.headers });
    if (!result.ok) {
      setMessage(result.error.message);
      return;
    }
    setSuggestion(result.data);
    // A corrected file uploaded again keeps the columns mapped by hand: same header, same target.
    const previous = new Map(chosen && nextKind === kind ? chosen.headers.map((header, i) => [header, mapping[i]] as const) : []);
    setMapping(result.data.columns.map((column, i) => previous.get(next.headers[i]) ?? column.target));
  }

  async function choose(file: File | undefined) {
    setMessage(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setMessage(`${file.name} is ${bytes(file.size)}; the limit is ${bytes(MAX_IMPORT_BYTES)}. Split it into smaller files.`);
      return;
    }
    if (file.size === 0) {
      setMessage(`${file.name} is empty.`);
      return;
    }
    const head = await readHead(file);
    if (head.headers.length === 0) {
      setMessage(`${file.name} has no header line.`);
      return;
    }
    const next = { file, ...head };
    setChosen(next);
    follow(null);
    setChecked(null);
    router.replace("/imports", { scroll: false });
    await suggest(kind, next);
  }

  async function changeKind(next: ImportKind) {
    setKind(next);
    if (chosen) await suggest(next, chosen);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void choose(event.dataTransfer.files[0]);
  }

  async function run(start: () => Promise<ImportDetail>, remember: string | null) {
    setBusy(true);
    setMessage(null);
    try {
      const started = await start();
      follow(started);
      setChecked(remember);
      router.replace(`/imports?id=${started.id}`, { scroll: false });
    } catch (error) {
      setMessage(error instanceof Error ? error.message : "The import could not be started.");
    } finally {
      setBusy(false);
    }
  }

  const problems = useMemo(() => (suggestion ? mappingProblems(kind, suggestion, mapping) : []), [kind, suggestion, mapping]);
  const current = signature(chosen, kind, mapping);
  const running = job !== null && !done;
  // Apply only what a dry run checked: the same file and mapping (kept on the server).
  const sameFile = chosen === null || checked === current;
  const canApply = job !== null && job.dryRun && job.status === "succeeded" && sameFile;
  // A dry run that needs fixes in some rows (not the whole file) may apply the others, if asked.
  const canSkip = job !== null && job.dryRun && job.status === "failed" && job.invalidRows > 0 && job.invalidRows < job.total && sameFile;
  const validRows = job ? job.total - job.invalidRows : 0;

  return (
    <div className="stack">
      <section className="panel stack" aria-labelledby="import-choose">
        <h2 id="import-choose" className="imp-step">1. The file</h2>
        <div className="form-grid">
          <Field id="import-kind" label="What the file holds">
            <select id="import-kind" value={kind} disabled={running || busy} onChange={(event) => void changeKind(event.target.value as ImportKind)}>
              {kinds.map((value) => <option key={value} value={value}>{KIND_LABELS[value]}</option>)}
            </select>
          </Field>
        </div>
        <div
          className={`imp-drop${dragging ? " active" : ""}`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="import-drop"
        >
          <Field id="import-file" label="CSV file" hint={`Drop it here or choose it. UTF-8, at most ${bytes(MAX_IMPORT_BYTES)} and ${count(MAX_IMPORT_ROWS)} rows.`}>
            <input
              id="import-file" type="file" accept=".csv,text/csv" disabled={running || busy}
              aria-describedby="import-file-hint" onChange={(event) => void choose(event.target.files?.[0])}
            />
          </Field>
          {chosen ? <p className="imp-chosen">{chosen.file.name} · {bytes(chosen.file.size)} · {chosen.headers.length} columns</p> : null}
        </div>
        {message ? <div className="alert error" role="alert">{message}</div> : null}
      </section>

      {chosen && suggestion ? (
        <section className="panel stack" aria-labelledby="import-map">
          <h2 id="import-map" className="imp-step">2. The columns</h2>
          <p className="muted" style={{ margin: 0 }}>
            Recognised from the headers (a Salesforce report&apos;s too). Change any that are wrong; skipped columns are not read.
            {kind === "assignments" ? " Each role cell is an email or a full name; an empty cell leaves that role as it is." : " A column left out leaves that field as it is; an empty cell clears it."}
          </p>
          <MappingTable headers={chosen.headers} sample={chosen.sample} targets={suggestion.targets} mapping={mapping} onChange={setMapping} disabled={running || busy} />
          {problems.length > 0 ? (
            <ul className="imp-problems" aria-label="Mapping problems">{problems.map((problem) => <li key={problem}>{problem}</li>)}</ul>
          ) : null}
          <div className="row">
            <button
              type="button" className="btn primary" disabled={busy || running || problems.length > 0}
              onClick={() => void run(() => uploadImport(chosen.file, kind, true, mapping), current)}
            >
              {busy ? "Uploading…" : "Dry run"}
            </button>
            <span className="muted">Checks every row and shows what would change. Nothing is written.</span>
          </div>
        </section>
      ) : null}

      {job ? (
        <section className="panel stack" aria-labelledby="import-job" aria-live="polite">
          <div className="row" style={{ justifyContent: "space-between" }}>
            <h2 id="import-job" className="imp-step">3. {job.dryRun ? "Dry run" : "Import"} of {job.fileName ?? "the file"}</h2>
            <span className="badge">{KIND_LABELS[job.kind]}</span>
          </div>
          <ImportProgress job={job} rate={rate} />
          {pollError ? <div className="alert error" role="alert">{pollError} Retrying…</div> : null}
          {done ? <ImportResult job={job} /> : null}
          {done && canSkip ? (
            <div className="imp-skip">
              <input
                id={`skip-bad-${job.id}`} type="checkbox" checked={skipBad} disabled={busy}
                aria-describedby={`skip-bad-hint-${job.id}`} onChange={(event) => setSkipBad(event.target.checked)}
              />
              <div>
                <label htmlFor={`skip-bad-${job.id}`}>
                  Apply the {count(validRows)} valid {validRows === 1 ? "row" : "rows"}, skip the {count(job.invalidRows)} bad {job.invalidRows === 1 ? "one" : "ones"}
                </label>
                <p id={`skip-bad-hint-${job.id}`} className="muted">
                  Instead of all or nothing. The skipped rows stay listed, to download and fix; a row that needs a skipped one (a child of
                  a skipped new parent) is skipped too. The import is audited as applied with bad rows skipped.
                </p>
              </div>
            </div>
          ) : null}
          {done ? (
            <div className="row">
              {job.dryRun ? (
                <button
                  type="button" className="btn primary" disabled={!(canApply || (canSkip && skipBad)) || busy}
                  onClick={() => void run(() => applyImport(job.id, !canApply && skipBad), null)}
                >
                  {busy ? "Starting…" : canSkip && skipBad ? `Apply ${count(validRows)} ${validRows === 1 ? "row" : "rows"}` : "Apply"}
                </button>
              ) : null}
              {job.dryRun && !canApply && !(canSkip && skipBad) ? (
                <span className="muted">
                  {job.status === "failed"
                    ? canSkip ? "Fix the file and run it again, or choose to skip the bad rows." : "Apply is possible after a dry run without problems."
                    : "The file or mapping changed since this dry run: run it again."}
                </span>
              ) : null}
              {job.dryRun && canApply ? <span className="muted">Applies this file with this mapping, all or nothing, audited as one import.</span> : null}
              {job.dryRun && canSkip && skipBad ? (
                <span className="muted">Applies the valid rows of this file with this mapping; the {count(job.invalidRows)} bad {job.invalidRows === 1 ? "row is" : "rows are"} skipped.</span>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
