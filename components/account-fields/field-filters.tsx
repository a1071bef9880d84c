"use client";

import { useEffect, useState } from "react";
import { useDataTableUrl } from "@/components/data-table/use-table-url-state.ts";
import { fieldParam } from "@/lib/domain/account-fields/field-params.ts";
import type { AccountFieldView } from "@/lib/domain/account-fields/schemas.ts";

const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const first = (value: string | string[] | undefined) => list(value)[0] ?? "";

/** A text box that writes the URL when it loses focus or on Enter, and follows the URL otherwise. */
function CommitInput({ id, label, value, type = "text", onCommit }: { id: string; label: string; value: string; type?: string; onCommit: (value: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => { if (text.trim() !== value) onCommit(text.trim()); };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={text} inputMode={type === "text" ? undefined : undefined}
        onChange={(event) => setText(event.currentTarget.value)} onBlur={commit}
        onKeyDown={(event) => { if (event.key === "Enter") { event.preventDefault(); commit(); } }} />
    </div>
  );
}

/** A picklist's multi-select: ticks show at once, and the URL follows (then leads again on Back). */
function PicklistFilter({ field, chosen, onChange }: { field: AccountFieldView; chosen: string[]; onChange: (values: string[]) => void }) {
  const [local, setLocal] = useState(chosen);
  const fromUrl = chosen.join(",");
  useEffect(() => setLocal(fromUrl ? fromUrl.split(",") : []), [fromUrl]);
  const toggle = (option: string, on: boolean) => {
    const next = on ? [...local, option] : local.filter((o) => o !== option);
    setLocal(next);
    onChange(next);
  };
  return (
    <fieldset className="field aff-picklist">
      <legend>{field.label}</legend>
      <details>
        <summary>{local.length ? local.join(", ") : `Any ${field.label.toLowerCase()}`}</summary>
        <div className="aff-options">
          {(field.options ?? []).map((option) => (
            <label key={option}>
              <input type="checkbox" checked={local.includes(option)} onChange={(event) => toggle(option, event.currentTarget.checked)} />
              {option}
            </label>
          ))}
        </div>
      </details>
    </fieldset>
  );
}

/**
 * Filters for account fields, all in the URL: a picklist is a multi-select (`field.<key>` once per
 * option), numbers and dates a range (`.min`, `.max`), a yes/no field a choice, text an exact match.
 */
export function FieldFilters({ fields }: { fields: AccountFieldView[] }) {
  const url = useDataTableUrl();
  const set = (name: string, value: string | string[] | null) => url.setFilters({ [name]: value && value.length ? value : null });
  return (
    <>
      {fields.map((field) => {
        const id = `aff-${field.key}`;
        const current = url.state.filters[fieldParam(field.key)];
        if (field.type === "picklist") {
          const chosen = list(current).flatMap((value) => value.split(","));
          return <PicklistFilter key={field.key} field={field} chosen={chosen} onChange={(values) => set(fieldParam(field.key), values)} />;
        }
        if (field.type === "boolean") {
          return (
            <div key={field.key} className="field">
              <label htmlFor={id}>{field.label}</label>
              <select id={id} value={first(current)} onChange={(event) => set(fieldParam(field.key), event.currentTarget.value || null)}>
                <option value="">Any</option><option value="true">Yes</option><option value="false">No</option>
              </select>
            </div>
          );
        }
        if (field.type === "text") {
          return <CommitInput key={field.key} id={id} label={field.label} value={first(current)} onCommit={(value) => set(fieldParam(field.key), value || null)} />;
        }
        const type = field.type === "date" ? "date" : "text";
        return (
          <div key={field.key} className="aff-range" role="group" aria-label={`${field.label} range`}>
            <CommitInput id={`${id}-min`} label={`${field.label} from`} type={type} value={first(url.state.filters[fieldParam(field.key, "min")])}
              onCommit={(value) => set(fieldParam(field.key, "min"), value || null)} />
            <CommitInput id={`${id}-max`} label={`${field.label} to`} type={type} value={first(url.state.filters[fieldParam(field.key, "max")])}
              onCommit={(value) => set(fieldParam(field.key, "max"), value || null)} />
          </div>
        );
      })}
    </>
  );
}
