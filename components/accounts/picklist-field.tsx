"use client";

import { useState } from "react";
import { Field, invalidProps } from "@/components/ui/field.tsx";

const NEW = "\u0000new";

/**
 * A picklist (segment, region): the values accounts already have, none, or a new one typed in.
 * The form reads `name` from whichever control is in use; the domain stores a typed value that
 * matches an existing one ignoring case in that one's spelling, so "enterprise" stays "Enterprise".
 */
export function PicklistField({ id, name, label, values, initial, error }: {
  id: string; name: string; label: string; values: string[]; initial: string | null; error?: string;
}) {
  // The account's own value is offered even when the list (a moment old) lacks it.
  const options = initial && !values.includes(initial) ? [...values, initial].sort((a, b) => a.localeCompare(b)) : values;
  const [choice, setChoice] = useState(initial ?? "");
  const adding = choice === NEW;
  const newId = `${id}-new`;
  return (
    <>
      <Field id={id} label={label} error={adding ? undefined : error}>
        <select id={id} name={adding ? undefined : name} value={choice} onChange={(event) => setChoice(event.currentTarget.value)}
          {...invalidProps(id, adding ? undefined : error)}>
          <option value="">None</option>
          {options.map((value) => <option key={value} value={value}>{value}</option>)}
          <option value={NEW}>Add a new {label.toLowerCase()}…</option>
        </select>
      </Field>
      {adding ? (
        <Field id={newId} label={`New ${label.toLowerCase()}`} error={error} hint={`Spelled as you type it, unless it matches one already in use.`}>
          <input id={newId} name={name} maxLength={64} autoFocus required {...invalidProps(newId, error)} />
        </Field>
      ) : null}
    </>
  );
}
