"use client";

import type { FormEvent } from "react";
import { useMutation } from "@/components/opportunities/use-mutation.ts";
import { setPreferencesAction } from "@/lib/actions/notifications.ts";
import type { NotificationType } from "@/lib/domain/notifications/types.ts";

type Row = { type: NotificationType; label: string; inApp: boolean; email: boolean };

export function PreferencesForm({ rows, dailyDigest }: { rows: Row[]; dailyDigest: boolean }) {
  const { pending, message, run } = useMutation();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = Object.fromEntries(rows.map((row) => [row.type, { inApp: form.get(`${row.type}.inApp`) === "on", email: form.get(`${row.type}.email`) === "on" }]));
    run(() => setPreferencesAction({ ...input, dailyDigest: form.get("dailyDigest") === "on" }), "Saved your notification settings.");
  }
  return (
    <form onSubmit={onSubmit} className="stack">
      {message ? <div className={`alert ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>{message.text}</div> : null}
      <table className="data">
        <caption className="sr-only">Where each kind of notification goes</caption>
        <thead><tr><th scope="col">When</th><th scope="col">In Roster</th><th scope="col">By email</th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.type}>
              <th scope="row" style={{ fontWeight: 400 }}>{row.label}</th>
              <td><input type="checkbox" name={`${row.type}.inApp`} defaultChecked={row.inApp} aria-label={`${row.label}: in Roster`} /></td>
              <td><input type="checkbox" name={`${row.type}.email`} defaultChecked={row.email} aria-label={`${row.label}: by email`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="row" style={{ gap: 6 }}>
        <input type="checkbox" name="dailyDigest" defaultChecked={dailyDigest} /> Send my emails as one daily digest (07:00 UTC) instead of one at a time
      </label>
      <div className="row"><button className="btn primary" type="submit" disabled={pending}>{pending ? "Saving…" : "Save settings"}</button></div>
    </form>
  );
}
