"use client";

import "./command-palette.css";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { searchAction } from "@/lib/actions/search.ts";
import type { PersonHit, SearchResults } from "@/lib/domain/search/schemas.ts";
import { OPEN_PALETTE_EVENT } from "./palette-event.ts";

const EMPTY: SearchResults = { accounts: [], opportunities: [], people: [] };
const STAGES: Record<string, string> = {
  prospecting: "Prospecting", discovery: "Discovery", proposal: "Proposal", negotiation: "Negotiation",
  closed_won: "Closed won", closed_lost: "Closed lost",
};

/** Where a person leads: their admin page for admins, else the accounts they cover. */
function personHref(person: PersonHit, canOpenUsers: boolean): string {
  if (canOpenUsers) return `/admin/users/${person.id}`;
  if (person.profile === "sa") return `/accounts?view=none&saId=${person.id}`;
  if (person.profile === "csm" || person.profile === "csm_manager") return `/accounts?view=none&csmId=${person.id}`;
  return "/workload";
}

/**
 * ⌘K / Ctrl-K from anywhere in the app (or a "Search" button, PaletteButton): accounts, opportunities and
 * people by name or CRM id. Arrow keys move, Enter opens, Escape closes. The server searches
 * (cmdk's own filtering is off); typing waits a moment before asking, and an answer that
 * arrives after a newer one is dropped. It sits outside the sidebar, which a phone folds away.
 */
export function CommandPalette({ canOpenUsers }: { canOpenUsers: boolean }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<SearchResults>(EMPTY);
  const [state, setState] = useState<"idle" | "loading" | "done" | "error">("idle");
  const asked = useRef(0);
  const titleId = useId();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        setOpen((was) => {
          if (!was) opener.current = document.activeElement as HTMLElement | null;
          return !was;
        });
      }
    };
    const onOpen = () => {
      opener.current = document.activeElement as HTMLElement | null;
      setOpen(true);
    };
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener(OPEN_PALETTE_EVENT, onOpen);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener(OPEN_PALETTE_EVENT, onOpen);
    };
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  useEffect(() => {
    const q = query.trim();
    const ticket = ++asked.current;
    if (!q) {
      setResults(EMPTY);
      setState("idle");
      return;
    }
    setState("loading");
    const timer = setTimeout(async () => {
      const result = await searchAction({ q, limit: 5 }).catch(() => null);
      if (ticket !== asked.current) return;
      if (!result || !result.ok) {
        setState("error");
        return;
      }
      setResults(result.data);
      setState("done");
    }, 120);
    return () => clearTimeout(timer);
  }, [query]);

  function go(href: string) {
    setOpen(false);
    router.push(href);
  }

  const count = results.accounts.length + results.opportunities.length + results.people.length;
  return (
    <>
      <dialog ref={dialog} className="palette" aria-labelledby={titleId}
        onClose={() => { setOpen(false); setQuery(""); opener.current?.focus(); }}
        onClick={(event) => { if (event.target === dialog.current) setOpen(false); }}>
        {open ? (
          <Command label="Search accounts, opportunities and people" shouldFilter={false} loop>
            <h2 id={titleId} className="sr-only">Search Roster</h2>
            <Command.Input autoFocus value={query} onValueChange={setQuery} className="palette-input"
              placeholder="Search accounts, opportunities, people — name or CRM id" />
            <Command.List className="palette-list">
              {state === "idle" ? <p className="palette-hint">Type a name or a CRM id. ↑ ↓ to move, Enter to open, Esc to close.</p> : null}
              {state === "loading" && count === 0 ? <Command.Loading>Searching…</Command.Loading> : null}
              {state === "error" ? <p className="palette-hint" role="alert">Search is not available right now. Try again in a moment.</p> : null}
              {state === "done" && count === 0 ? <p className="palette-hint" role="status">Nothing matches “{query.trim()}”.</p> : null}
              {results.accounts.length ? (
                <Command.Group heading="Accounts">
                  {results.accounts.map((hit) => (
                    <Command.Item key={hit.id} value={`account:${hit.id}`} onSelect={() => go(`/accounts/${hit.id}`)} className="palette-item">
                      <span className="palette-name">{hit.name}</span>
                      <span className="palette-detail">{[hit.externalId, hit.segment, hit.region].filter(Boolean).join(" · ") || "Account"}</span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              {results.opportunities.length ? (
                <Command.Group heading="Opportunities">
                  {results.opportunities.map((hit) => (
                    <Command.Item key={hit.id} value={`opportunity:${hit.id}`} onSelect={() => go(`/opportunities/${hit.id}`)} className="palette-item">
                      <span className="palette-name">{hit.name}</span>
                      <span className="palette-detail">
                        {[hit.accountName, hit.merged ? "Merged" : STAGES[hit.stage] ?? hit.stage, hit.externalId].filter(Boolean).join(" · ")}
                      </span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
              {results.people.length ? (
                <Command.Group heading="People">
                  {results.people.map((hit) => (
                    <Command.Item key={hit.id} value={`person:${hit.id}`} onSelect={() => go(personHref(hit, canOpenUsers))} className="palette-item">
                      <span className="palette-name">{hit.name}{hit.active ? null : " (inactive)"}</span>
                      <span className="palette-detail">{hit.email}</span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
            </Command.List>
          </Command>
        ) : null}
      </dialog>
    </>
  );
}

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** Opens the palette; shows the shortcut of this machine. */
export function PaletteButton({ className = "btn ghost palette-button", compact = false }: { className?: string; compact?: boolean }) {
  const [shortcut, setShortcut] = useState("Ctrl K");
  useEffect(() => setShortcut(isMac() ? "⌘K" : "Ctrl K"), []);
  return (
    <button type="button" className={className} aria-haspopup="dialog" aria-keyshortcuts="Control+K Meta+K"
      onClick={() => document.dispatchEvent(new Event(OPEN_PALETTE_EVENT))}>
      <span aria-hidden="true">⌕</span> Search {compact ? null : <kbd className="palette-kbd">{shortcut}</kbd>}
    </button>
  );
}
