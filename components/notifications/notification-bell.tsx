"use client";

import { LocalTime } from "@/components/ui/local-time.tsx";
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { markReadAction } from "@/lib/actions/notifications.ts";

const OPEN_REFRESH_MS = 5_000;

type Item = { id: string; title: string; body: string | null; link: string | null; at: string; readAt: string | null };


/**
 * The bell in the shell: how many notifications are unread, and a panel of the latest. It asks
 * again every minute, when the panel opens and every few seconds while it is open, so news arrives
 * without a reload.
 */
export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState<string>();
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);

  const load = useCallback(async (limit: number) => {
    try {
      const response = await fetch(`/api/v1/notifications?limit=${limit}`, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      const body = (await response.json()) as { items: Item[]; unread: number };
      setUnread(body.unread);
      if (limit > 1) setItems(body.items);
      setError(undefined);
    } catch {
      if (limit > 1) setError("Could not load your notifications. Try again in a moment.");
    }
  }, []);

  useEffect(() => {
    const timer = setInterval(() => void load(1), 60_000);
    return () => clearInterval(timer);
  }, [load]);

  useEffect(() => {
    if (!open) return;
    void load(10);
    // News is written by the worker a moment after the change that causes it: an open panel keeps
    // asking, so an assignment made just before it opened still shows up in it.
    const refresh = setInterval(() => void load(10), OPEN_REFRESH_MS);
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      clearInterval(refresh);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, load]);

  async function read(ids: string[] | "all") {
    const result = await markReadAction({ ids });
    if (result.ok) {
      setUnread(result.data.unread);
      setItems((current) => current?.map((item) => (ids === "all" || ids.includes(item.id) ? { ...item, readAt: item.readAt ?? new Date().toISOString() } : item)) ?? null);
    }
  }

  return (
    <div className="bell">
      <button ref={button} type="button" className="btn ghost bell-button" aria-expanded={open} aria-controls={panelId}
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"} onClick={() => setOpen((value) => !value)}>
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" /><path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        Notifications
        {unread ? <span className="bell-count" data-testid="unread-count">{unread > 99 ? "99+" : unread}</span> : null}
      </button>
      {open ? (
        <div id={panelId} className="bell-panel" role="region" aria-label="Latest notifications">
          <div className="row" style={{ justifyContent: "space-between" }}>
            <strong>Notifications</strong>
            <button type="button" className="btn" disabled={!unread} onClick={() => void read("all")}>Mark all read</button>
          </div>
          {error ? <p className="error" role="alert">{error}</p> : null}
          {items === null && !error ? <p className="muted">Loading…</p> : null}
          {items?.length === 0 ? <p className="muted">Nothing yet. You will hear here when someone assigns you an account or a CSQL.</p> : null}
          <ul className="bell-list">
            {items?.map((item) => (
              <li key={item.id} className={item.readAt ? "read" : "unread"}>
                {item.link ? (
                  <Link href={item.link} onClick={() => { void read([item.id]); setOpen(false); }}>{item.title}</Link>
                ) : <span>{item.title}</span>}
                {item.body ? <div className="muted">{item.body}</div> : null}
                <div className="muted bell-time"><LocalTime value={item.at} />{item.readAt ? "" : " · unread"}</div>
              </li>
            ))}
          </ul>
          <div className="row" style={{ justifyContent: "space-between" }}>
            <Link href="/notifications" onClick={() => setOpen(false)}>All notifications</Link>
            <Link href="/settings/notifications" onClick={() => setOpen(false)}>Settings</Link>
          </div>
        </div>
      ) : null}
    </div>
  );
}
