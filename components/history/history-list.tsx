"use client";

import "./history.css";
import { useState, useTransition } from "react";
import type { HistoryItem, HistoryPage } from "@/lib/domain/audit/history.ts";
import { LocalTime } from "@/components/ui/local-time.tsx";
import { loadHistoryAction } from "@/lib/actions/history.ts";
import { UndoButton } from "./undo-button.tsx";


function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((part) => part[0]?.toUpperCase()).join("");
}

function Entry({ item }: { item: HistoryItem }) {
  return (
    <li className="history-item">
      <span className={item.actor ? "history-avatar" : "history-avatar system"} aria-hidden="true">
        {item.actor ? initials(item.actor.name) : "⚙"}
      </span>
      <div className="history-body">
        <p className="history-sentence">
          {item.sentence}
          {item.details.map((detail) => <span key={detail} className="history-detail"> · {detail}</span>)}
        </p>
        <p className="history-meta">
          {/* Formatted in the reader's time zone; the server's rendering may differ by a few hours. */}
          <LocalTime value={item.at} />
          {item.via ? <span className="badge">{item.via}</span> : null}
          {item.undo.isUndo ? <span className="badge">undo</span> : null}
          {item.undo.undoneBy ? <span className="history-undone">Undone by {item.undo.undoneBy}</span> : null}
          {item.undo.canUndo && item.batchId ? <UndoButton batchId={item.batchId} sentence={item.sentence} /> : null}
        </p>
        {item.reason ? <p className="history-reason">“{item.reason}”</p> : null}
      </div>
    </li>
  );
}

export function HistoryList({ initial, entityType, entityId, pageSize }: {
  initial: HistoryPage;
  entityType: "account" | "opportunity" | "csql";
  entityId: string;
  pageSize: number;
}) {
  const [items, setItems] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function showMore() {
    if (!cursor) return;
    startTransition(async () => {
      const result = await loadHistoryAction({ entityType, entityId, cursor, limit: pageSize });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(undefined);
      setItems((current) => [...current, ...result.data.items]);
      setCursor(result.data.nextCursor);
    });
  }

  if (items.length === 0) return <p className="empty history-empty">No changes recorded yet.</p>;
  return (
    <div className="stack">
      <ol className="history" aria-busy={pending || undefined}>
        {items.map((item) => <Entry key={item.id} item={item} />)}
      </ol>
      {error ? <div className="alert error" role="alert">{error}</div> : null}
      {cursor ? (
        <div>
          <button type="button" className="btn" onClick={showMore} disabled={pending}>
            {pending ? "Loading…" : "Show more"}
          </button>
        </div>
      ) : null}
    </div>
  );
}
