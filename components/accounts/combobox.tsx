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
  // The options and the text they were searched for: while a newer search runs, the older
  // options are narrowed by the text at once, so Enter never picks someone the text rules out.
  const [found, setFound] = useState<{ query: string; options: T[] }>({ query: "", options: [] });
  const [active, setActive] = useState(-1);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const request = useRef(0);
  const searchRef = useRef(search);
  // Showing the chosen option's name is not a search: the whole list is offered again.
  const query = selected && text === selected.label ? "" : text.trim();
  searchRef.current = search;

  useEffect(() => {
    if (!open) return;
    const mine = ++request.current;
    setLoading(true);
    const timer = setTimeout(async () => {
      const result = await searchRef.current(query);
      if (mine !== request.current) return; // a newer search has started
      setLoading(false);
      if (typeof result === "string") {
        setLoadError(result);
        setFound({ query, options: [] });
      } else {
        setLoadError(undefined);
        setFound({ query, options: result });
        setActive(result.length ? 0 : -1);
      }
    }, 180);
    return () => clearTimeout(timer);
  }, [open, query]);

  const needle = query.toLowerCase();
  const options = found.query === query ? found.options : found.options.filter((option) => option.label.toLowerCase().includes(needle));

  const activeIndex = options.length ? Math.min(Math.max(active, 0), options.length - 1) : -1;

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
      setActive((current) => (options.length ? (Math.min(current, options.length - 1) + step + options.length) % options.length : -1));
    } else if (event.key === "Enter") {
      if (open && activeIndex >= 0 && options[activeIndex]) {
        event.preventDefault();
        pick(options[activeIndex]);
      }
    } else if (event.key === "Escape" && open) {
      // Close the list only; a second Escape closes the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  }

  const activeId = open && activeIndex >= 0 ? `${listId}-${options[activeIndex].id}` : undefined;
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
          setActive(0);
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
            data-active={index === activeIndex ? "" : undefined}
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
