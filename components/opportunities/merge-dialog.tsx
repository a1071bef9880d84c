"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useRef, useState, useTransition } from "react";
import { mergeOpportunityAction, searchMergeTargetsAction } from "@/lib/actions/opportunities.ts";
import type { OpportunityTableRow } from "@/lib/domain/opportunities/schemas.ts";
import { ActionMessage } from "./action-message.tsx";
import { DialogButton } from "./dialog.tsx";
import { formatAmount, formatDay, STAGE_LABELS } from "./format.ts";
import { useMutation } from "./use-mutation.ts";

/** Merge this duplicate into another opportunity of the same account (record keepers only). */
export function MergeSection({ id, name, accountId, isClosed }: { id: string; name: string; accountId: string; isClosed: boolean }) {
  return (
    <section className="panel" aria-labelledby="opp-merge-title">
      <h2 id="opp-merge-title">Merge</h2>
      <p className="opp-note" style={{ marginTop: 0 }}>
        A duplicate of another opportunity of this account can be merged into it: it {isClosed ? "stays closed" : "closes as lost"},
        drops out of workload and comp, and its activities count for the one it was merged into.
      </p>
      <div className="opp-controls">
        <DialogButton label="Merge into another opportunity…" title={`Merge “${name}”`}>
          {(close) => <MergeForm id={id} name={name} accountId={accountId} isClosed={isClosed} close={close} />}
        </DialogButton>
      </div>
    </section>
  );
}

function MergeForm({ id, name, accountId, isClosed, close }: { id: string; name: string; accountId: string; isClosed: boolean; close: () => void }) {
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<OpportunityTableRow[] | null>(null);
  const [searchError, setSearchError] = useState<string>();
  const [searching, startSearch] = useTransition();
  const [intoId, setIntoId] = useState("");
  const merge = useMutation();
  const searchId = useId();
  const latest = useRef(0);

  // Search as the user types (debounced); the first, empty search lists the account's candidates.
  useEffect(() => {
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      startSearch(async () => {
        const result = await searchMergeTargetsAction({ id, accountId, q: query }).catch(() => null);
        if (ticket !== latest.current) return;
        if (result?.ok) {
          setResults(result.data);
          setSearchError(undefined);
        } else {
          setSearchError(result ? result.error.message : "Could not reach the server. Try again.");
        }
      });
    }, query ? 250 : 0);
    return () => clearTimeout(timer);
  }, [id, accountId, query]);

  const target = results?.find((row) => row.id === intoId);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!target) return;
    merge.run(() => mergeOpportunityAction({ id, intoId: target.id }), "", () => {
      close();
      router.refresh();
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={merge.pending}>
      <div className="field">
        <label htmlFor={searchId}>Search this account&apos;s opportunities</label>
        <input id={searchId} type="search" value={query} autoComplete="off" placeholder="Name or CRM id"
          onChange={(event) => { setQuery(event.currentTarget.value); setIntoId(""); }} />
      </div>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-busy={searching}>
        <legend className="sr-only">Opportunity to merge into</legend>
        {searchError ? <div className="alert error" role="alert">{searchError}</div> : null}
        {results === null ? <p className="muted" role="status">Searching…</p> : results.length === 0 ? (
          <p className="opp-empty" role="status"><strong>No other opportunity matches</strong>Only opportunities of the same account that are not merged themselves can take a merge.</p>
        ) : (
          <ul className="opp-results">
            {results.map((row) => (
              <li key={row.id}>
                <label>
                  <input type="radio" name="intoId" value={row.id} checked={intoId === row.id} onChange={() => setIntoId(row.id)} />
                  <span>
                    {row.name}
                    <small>
                      {STAGE_LABELS[row.stage]} · {formatAmount(row.amount)} · closes {formatDay(row.closeDate)}
                      {row.externalId ? ` · CRM ${row.externalId}` : ""}
                    </small>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      {target ? (
        <p className="alert info" style={{ margin: 0 }} id="opp-merge-confirm">
          “{name}” will be merged into “{target.name}”. {isClosed ? "It stays closed" : "It will close as lost"}, it stops counting
          in workload and comp, and its activities will count for “{target.name}”. This cannot be undone.
        </p>
      ) : null}
      <ActionMessage message={merge.message?.kind === "error" ? merge.message : undefined} />
      <div className="opp-dialog-actions">
        <button type="button" className="btn" onClick={close}>Cancel</button>
        <button type="submit" className="btn primary" disabled={!target || merge.pending} aria-describedby={target ? "opp-merge-confirm" : undefined}>
          {merge.pending ? "Merging…" : target ? `Merge into “${target.name}”` : "Merge"}
        </button>
      </div>
    </form>
  );
}
