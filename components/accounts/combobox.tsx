"use client";

import "./accounts.css";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

export type ComboOption = { id: string; label: string };

/**
 * A searchable list (ARIA combobox with a listbox): type to search, arrows to move, Enter to pick,
 * Escape to close the list. Options come from `search`, called as the text changes (debounced) and
 * when the field is focused. The list sits in the page flow, so it also works inside a dialog.
 */
export function Combobox<T extends ComboOption>({ id, label, hint, error, placeholder, selected, onSelect, search, renderOption, autoFocus }: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  placeholder?: string;
  selected: T | null;
  onSelect: (option: T | null) => void;
  /** Options for the text; a string is an error message to show. */
  search: (q: string) => Promise<T[] | string>;
  renderOption?: (option: T) => ReactNode;
  autoFocus?: boolean;
}) {
  const listId = useId();
  const [text, setText] = useState(selected?.label ?? "");
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<T[]>([]);
  const [active, setActive] = useState(-1);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const request = useRef(0);
  const searchRef = useRef(search);
  searchRef.current = search;

  useEffect(() => {
    if (!open) return;
    const mine = ++request.current;
    setLoading(true);
    const timer = setTimeout(async () => {
      const result = await searchRef.current(selected && text === selected.label ? "" : text);
      if (mine !== request.current) return; // a newer search has started
      setLoading(false);
      if (typeof result === "string") {
        setLoadError(result);
        setOptions([]);
      } else {
        setLoadError(undefined);
        setOptions(result);
        setActive(result.length ? 0 : -1);
      }
    }, 180);
    return () => clearTimeout(timer);
  }, [open, text, selected]);

  function pick(option: T) {
    onSelect(option);
    setText(option.label);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (options.length ? (current + step + options.length) % options.length : -1));
    } else if (event.key === "Enter") {
      if (open && active >= 0 && options[active]) {
        event.preventDefault();
        pick(options[active]);
      }
    } else if (event.key === "Escape" && open) {
      // Close the list only; a second Escape closes the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  }

  const activeId = open && active >= 0 && options[active] ? `${listId}-${options[active].id}` : undefined;
  const describedBy = [error ? `${id}-error` : null, hint && !error ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field acc-combo">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        autoFocus={autoFocus}
        placeholder={placeholder}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          if (selected) onSelect(null);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {hint && !error ? <span className="hint" id={`${id}-hint`}>{hint}</span> : null}
      {error ? <span className="error" id={`${id}-error`} role="alert">{error}</span> : null}
      <div className="acc-combo-popup" hidden={!open}>
        <p className={loadError ? "acc-combo-note error" : "acc-combo-note"} role="status" hidden={!(loadError || options.length === 0)}>
          {loadError ?? (loading ? "Searching…" : options.length === 0 ? "No matches." : "")}
        </p>
        <ul id={listId} role="listbox" aria-label={label} className="acc-combo-list" hidden={options.length === 0}>
        {options.map((option, index) => (
          <li
            key={option.id}
            id={`${listId}-${option.id}`}
            role="option"
            aria-selected={selected?.id === option.id}
            data-active={index === active ? "" : undefined}
            className="acc-combo-option"
            // mousedown, not click: picking must happen before the input's blur closes the list.
            onMouseDown={(event) => {
              event.preventDefault();
              pick(option);
            }}
            onMouseEnter={() => setActive(index)}
          >
            {renderOption ? renderOption(option) : option.label}
          </li>
        ))}
        </ul>
      </div>
    </div>
  );
}
