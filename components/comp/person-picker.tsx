"use client";

import { useId, useState } from "react";
import { invalidProps } from "@/components/ui/field.tsx";

export type PickerPerson = { id: string; name: string; email: string };

/**
 * A filter box over a listbox-style select: plain form controls, so keyboard and screen reader
 * use needs nothing custom. "" is the "nobody" choice.
 */
export function PersonPicker({ id, label, people, value, onChange, error }: {
  id: string;
  label: string;
  people: PickerPerson[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const [query, setQuery] = useState("");
  const searchId = useId();
  const needle = query.trim().toLowerCase();
  const shown = (needle
    ? people.filter((person) => person.name.toLowerCase().includes(needle) || person.email.toLowerCase().includes(needle))
    : people
  ).slice(0, 300);
  // Keep the chosen person visible even when the filter no longer matches them.
  const chosen = people.find((person) => person.id === value);
  if (chosen && !shown.includes(chosen)) shown.unshift(chosen);
  return (
    <>
      <div className="field">
        <label htmlFor={searchId}>Search people</label>
        <input id={searchId} type="search" value={query} autoComplete="off" placeholder="Name or email"
          aria-controls={id} onChange={(event) => setQuery(event.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select id={id} size={8} value={value} onChange={(event) => onChange(event.currentTarget.value)} {...invalidProps(id, error)}>
          <option value="">Nobody (no credit)</option>
          {shown.map((person) => <option key={person.id} value={person.id}>{person.name} — {person.email}</option>)}
        </select>
        {error ? <span className="error" id={`${id}-error`} role="alert">{error}</span>
          : <span className="hint">{shown.length === 0 ? "Nobody matches." : `${shown.length} of ${people.length} eligible, active people`}</span>}
      </div>
    </>
  );
}
