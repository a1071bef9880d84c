"use client";

import { useEffect, useState } from "react";
import { opportunityAttributionAction } from "@/lib/actions/comp.ts";
import type { ActivityListItem } from "@/lib/domain/activities/schemas.ts";
import type { CompRowView } from "@/lib/domain/comp/schemas.ts";
import { LocalTime } from "@/components/ui/local-time.tsx";

type State = { status: "loading" } | { status: "error"; message: string } | { status: "done"; items: ActivityListItem[]; more: boolean };

/** The SA activity that counts for one opportunity, with why it counts there (loaded on open). */
export function AttributionList({ row }: { row: CompRowView }) {
  const [state, setState] = useState<State>({ status: "loading" });
  useEffect(() => {
    let live = true;
    opportunityAttributionAction({ opportunityId: row.opportunity.id })
      .then((result) => {
        if (!live) return;
        setState(result.ok ? { status: "done", ...result.data } : { status: "error", message: result.error.message });
      })
      .catch(() => live && setState({ status: "error", message: "Could not reach the server. Try again." }));
    return () => { live = false; };
  }, [row.opportunity.id]);

  if (state.status === "loading") return <p role="status" className="muted">Loading activity…</p>;
  if (state.status === "error") return <div className="alert error" role="alert">{state.message}</div>;
  if (state.items.length === 0) return <p className="empty">No activity counts for this opportunity.</p>;
  const supporting = new Set(row.supportingSas.map((sa) => sa.id));
  const roleOf = (userId: string) =>
    userId === row.primarySa?.id ? "Primary SA" : supporting.has(userId) ? "Supporting SA" : userId === row.csm?.id ? "CSM" : "Not on the deal";
  return (
    <div style={{ maxHeight: "60vh", overflow: "auto" }}>
      <table className="data">
        <caption className="sr-only">Activity attributed to {row.opportunity.name}</caption>
        <thead><tr><th>When</th><th>Who</th><th>Activity</th><th>Why it counts here</th></tr></thead>
        <tbody>
          {state.items.map((item) => (
            <tr key={item.id}>
              <td><LocalTime value={item.occurredAt} /></td>
              <td>
                {item.user?.name ?? "Unknown"}
                <div className="comp-sub">
                  {roleOf(item.userId) === "Supporting SA"
                    ? <span className="badge warn">Supporting SA</span>
                    : roleOf(item.userId)}
                </div>
              </td>
              <td>{item.type}{item.subject ? <div className="comp-sub">{item.subject}</div> : null}</td>
              <td>{item.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.more ? <p className="muted">Showing the latest 200 activities.</p> : null}
    </div>
  );
}
