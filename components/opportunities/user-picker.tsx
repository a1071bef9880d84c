"use client";

import { useId, useState } from "react";
import { invalidProps } from "@/components/ui/field.tsx";
import type { PickerUser } from "@/lib/domain/opportunities/eligible-users.ts";

const PROFILE_NAMES: Record<string, string> = {
  csm: "CSM", csm_manager: "CSM manager", sa: "Solutions architect",
};

export const pickerLabel = (user: PickerUser) => `${user.name} — ${user.email}`;

/**
 * A searchable list of eligible people: a filter box above a listbox-style select, both plain
 * form controls, so keyboard and screen reader use needs nothing custom.
 */
export function UserPicker({ id, label, users, value, onChange, none, error, exclude = [] }: {
  id: string;
  label: string;
  users: PickerUser[];
  value: string;
  onChange: (value: string) => void;
  /** Label of a "nobody" choice (value ""), when clearing is allowed. */
  none?: string;
  error?: string;
  exclude?: string[];
}) {
  const [query, setQuery] = useState("");
  const searchId = useId();
  const hintId = `${id}-hint`;
  const needle = query.trim().toLowerCase();
  const candidates = users.filter((user) => !exclude.includes(user.id));
  const shown = (needle
    ? candidates.filter((user) => user.name.toLowerCase().includes(needle) || user.email.toLowerCase().includes(needle))
    : candidates
  ).slice(0, 300);
  // Keep the chosen person visible even when the filter no longer matches them.
  const chosen = candidates.find((user) => user.id === value);
  if (chosen && !shown.includes(chosen)) shown.unshift(chosen);

  return (
    <div className="stack opp-picker">
      <div className="field">
        <label htmlFor={searchId}>Search people</label>
        <input id={searchId} type="search" value={query} onChange={(event) => setQuery(event.currentTarget.value)}
          placeholder="Name or email" autoComplete="off" aria-controls={id} />
      </div>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select id={id} size={8} value={value} onChange={(event) => onChange(event.currentTarget.value)}
          aria-describedby={error ? undefined : hintId} {...invalidProps(id, error)}>
          {none !== undefined ? <option value="">{none}</option> : null}
          {shown.map((user) => (
            <option key={user.id} value={user.id}>{pickerLabel(user)}</option>
          ))}
        </select>
        {error ? <span className="error" id={`${id}-error`} role="alert">{error}</span> : (
          <span className="hint" id={hintId}>
            {shown.length === 0 ? "Nobody matches." : `${shown.length} of ${candidates.length} eligible, active people`}
            {chosen ? ` · ${PROFILE_NAMES[chosen.profile] ?? chosen.profile}` : ""}
          </span>
        )}
      </div>
    </div>
  );
}
