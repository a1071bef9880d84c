"use client";

import "./saved-views.css";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { DialogButton } from "@/components/ui/dialog-button.tsx";
import { Field } from "@/components/ui/field.tsx";
import { useDataTableUrl } from "@/components/data-table/use-table-url-state.ts";
import { sameQuery, viewQuery } from "@/components/data-table/url-state.ts";
import { createSavedViewAction, deleteSavedViewAction, updateSavedViewAction } from "@/lib/actions/saved-views.ts";
import type { SavedView, SavedViewTable } from "@/lib/domain/saved-views/schemas.ts";

export type SavedViewsProps = {
  table: SavedViewTable;
  views: SavedView[];
  /** The table's columns hidden by default, so a view keeps `hide=` only when it differs. */
  defaultHidden?: readonly string[];
};

const hrefOf = (table: string, view: { id: string; query: string }) => `/${table}?${new URLSearchParams([["view", view.id], ...new URLSearchParams(view.query)])}`;

/**
 * "Views": the saved views of a table (one's own, then those shared with the team), the one in
 * use with what may be done to it, and "Save view" to name what is on screen now.
 */
export function SavedViewsMenu({ table, views, defaultHidden = [] }: SavedViewsProps) {
  const url = useDataTableUrl();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<{ kind: "status" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  const current = views.find((view) => view.id === url.state.view) ?? null;
  const onScreen = viewQuery(url.state, { defaultHidden });
  const changed = current !== null && !sameQuery(current.query, onScreen);
  const mine = views.filter((view) => view.mine);
  const shared = views.filter((view) => !view.mine);

  useEffect(() => {
    if (!open) return;
    wrapper.current?.querySelector<HTMLElement>("a, button:not([disabled])")?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      setOpen(false);
      button.current?.focus();
    }
  }

  async function change(run: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>, done: string, after?: () => void) {
    setBusy(true);
    const result = await run();
    setBusy(false);
    if (!result.ok) return setMessage({ kind: "error", text: result.error.message });
    setMessage({ kind: "status", text: done });
    setOpen(false);
    after?.();
    router.refresh();
  }

  const list = (title: string, items: SavedView[]) => items.length === 0 ? null : (
    <>
      <p className="sv-group-title">{title}</p>
      <ul className="sv-group">
        {items.map((view) => (
          <li key={view.id}>
            <Link href={hrefOf(table, view)} aria-current={view.id === current?.id ? "true" : undefined} onClick={() => setOpen(false)}>
              <span>{view.name}</span>
              {view.isDefault ? <span className="badge">Default</span> : null}
              {view.mine ? (view.shared ? <span className="sv-owner">shared</span> : null) : <span className="sv-owner">by {view.owner.name}</span>}
            </Link>
          </li>
        ))}
      </ul>
    </>
  );

  return (
    <div className="sv-tools">
      <div className="dt-menu sv-menu" ref={wrapper} onKeyDown={onKeyDown}
        onBlur={(event) => { if (open && !wrapper.current?.contains(event.relatedTarget as Node | null)) setOpen(false); }}>
        <button ref={button} type="button" className="btn" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
          {current ? <>View: {current.name}{changed ? <span className="sv-changed"> (changed)</span> : null}</> : "Views"}
          <span className="dt-caret" aria-hidden="true">▾</span>
        </button>
        <div id={panelId} className="dt-menu-panel" hidden={!open}>
          {views.length === 0 ? <p className="muted" style={{ margin: "4px 6px 8px" }}>No saved views yet. Filter and sort the table, then “Save view”.</p> : null}
          {list("Your views", mine)}
          {list("Shared with the team", shared)}
          <ul className="sv-group">
            <li><Link href={`/${table}?view=none`} onClick={() => setOpen(false)}>All {table}, no view</Link></li>
          </ul>
          {current ? (
            <div className="sv-actions" aria-label={`“${current.name}”`} role="group">
              {current.mine && changed ? (
                <button type="button" className="btn ghost" disabled={busy}
                  onClick={() => change(() => updateSavedViewAction({ id: current.id, changes: { query: onScreen } }), `Saved the changes to “${current.name}”.`)}>
                  Save changes to “{current.name}”
                </button>
              ) : null}
              <button type="button" className="btn ghost" disabled={busy}
                onClick={() => change(() => updateSavedViewAction({ id: current.id, changes: { isDefault: !current.isDefault } }),
                  current.isDefault ? `“${current.name}” is no longer your default.` : `${table === "accounts" ? "Accounts" : "Opportunities"} now open with “${current.name}”.`)}>
                {current.isDefault ? "Stop opening with this view" : "Open the table with this view (my default)"}
              </button>
              {current.mine ? (
                <>
                  <button type="button" className="btn ghost" disabled={busy}
                    onClick={() => change(() => updateSavedViewAction({ id: current.id, changes: { shared: !current.shared } }),
                      current.shared ? `“${current.name}” is private again.` : `“${current.name}” is shared with the team.`)}>
                    {current.shared ? "Stop sharing" : "Share with the team"}
                  </button>
                  <button type="button" className="btn ghost danger" disabled={busy}
                    onClick={() => change(() => deleteSavedViewAction({ id: current.id }), `Deleted “${current.name}”.`,
                      () => router.push(`/${table}?${new URLSearchParams([["view", "none"], ...new URLSearchParams(onScreen)])}`))}>
                    Delete view
                  </button>
                </>
              ) : null}
            </div>
          ) : null}
        </div>
      </div>
      <DialogButton label="Save view" title="Save this view" dialogClassName="sv-dialog" bodyClassName="sv-dialog-body">
        {(close) => (
          <SaveViewForm table={table} query={onScreen} onSaved={(view) => {
            close();
            setMessage({ kind: "status", text: `Saved “${view.name}”.` });
            router.push(hrefOf(table, view));
          }} />
        )}
      </DialogButton>
      <span role="status" className="sr-only">{message?.kind === "status" ? message.text : null}</span>
      {message?.kind === "error" ? <span role="alert" className="sv-error">{message.text}</span> : null}
    </div>
  );
}

function SaveViewForm({ table, query, onSaved }: { table: SavedViewTable; query: string; onSaved: (view: SavedView) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await createSavedViewAction({
      table, query, name: String(form.get("name") ?? ""), shared: form.get("shared") === "on", isDefault: form.get("isDefault") === "on",
    });
    setBusy(false);
    if (!result.ok) return setError(result.error.fields?.name ?? result.error.message);
    onSaved(result.data);
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <p className="muted" style={{ margin: 0 }}>Keeps this table&apos;s filters, sort and columns under a name.</p>
      {error ? <div className="alert error" role="alert">{error}</div> : null}
      <Field id="saved-view-name" label="Name">
        <input id="saved-view-name" name="name" maxLength={80} required autoFocus />
      </Field>
      <label className="sv-check"><input type="checkbox" name="shared" /> Share with the team (everyone sees it; only you change it)</label>
      <label className="sv-check"><input type="checkbox" name="isDefault" /> Open the table with this view (my default)</label>
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy}>{busy ? "Saving…" : "Save view"}</button>
      </div>
    </form>
  );
}
