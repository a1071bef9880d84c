"use client";

import "./accounts.css";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * A button that opens a modal native <dialog>: the browser traps focus and closes it on Escape;
 * on close, focus returns to the button. The body renders only while open, so every opening
 * starts fresh.
 */
export function DialogButton({ label, title, className = "btn", accessibleLabel, children }: {
  label: ReactNode;
  title: string;
  className?: string;
  /** When the visible label alone is ambiguous ("Change"), what a screen reader should hear. */
  accessibleLabel?: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <>
      <button ref={opener} type="button" className={className} aria-haspopup="dialog" aria-label={accessibleLabel} onClick={() => setOpen(true)}>
        {label}
      </button>
      <dialog
        ref={dialog}
        className="acc-dialog"
        aria-labelledby={titleId}
        onClose={() => {
          setOpen(false);
          opener.current?.focus();
        }}
      >
        {open ? (
          <div className="acc-dialog-body">
            <h2 id={titleId}>{title}</h2>
            {children(() => setOpen(false))}
          </div>
        ) : null}
      </dialog>
    </>
  );
}
