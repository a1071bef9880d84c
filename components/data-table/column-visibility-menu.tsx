"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";

export type ColumnChoice = { id: string; label: string; visible: boolean };

/**
 * "Columns" disclosure: a button and a panel of checkboxes. Escape or a click outside closes
 * it; Escape returns focus to the button so keyboard users are not dropped at the top of the page.
 */
export function ColumnVisibilityMenu({ columns, onToggle }: {
  columns: ColumnChoice[];
  onToggle: (id: string, visible: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const visibleCount = columns.filter((c) => c.visible).length;

  useEffect(() => {
    if (!open) return;
    wrapper.current?.querySelector<HTMLInputElement>("input:not([disabled])")?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      setOpen(false);
      button.current?.focus();
    }
  }

  if (columns.length === 0) return null;
  return (
    <div
      className="dt-menu"
      ref={wrapper}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        // Tabbing out of the panel closes it, like a click outside.
        if (open && !wrapper.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className="btn"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        Columns
        <span className="dt-caret" aria-hidden="true">▾</span>
      </button>
      <div id={panelId} className="dt-menu-panel" hidden={!open}>
        <fieldset>
          <legend>Show columns</legend>
          {columns.map((column) => (
            <label key={column.id} className="dt-menu-item">
              <input
                type="checkbox"
                checked={column.visible}
                // Keep at least one column on screen.
                disabled={column.visible && visibleCount === 1}
                onChange={(event) => onToggle(column.id, event.currentTarget.checked)}
              />
              {column.label}
            </label>
          ))}
        </fieldset>
      </div>
    </div>
  );
}
