"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * A button that opens a modal native <dialog>: the browser traps focus and closes it on Escape;
 * on close, focus goes back to the button. The body renders only while open, so each opening
 * starts fresh (a new form, a new fetch).
 */
export function ModalButton({ label, title, className = "btn", wide = false, buttonLabel, children }: {
  label: ReactNode;
  title: string;
  className?: string;
  wide?: boolean;
  /** Accessible name of the button when `label` alone is ambiguous in a table row. */
  buttonLabel?: string;
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
      <button ref={opener} type="button" className={className} aria-haspopup="dialog" aria-label={buttonLabel} onClick={() => setOpen(true)}>
        {label}
      </button>
      <dialog
        ref={dialog}
        className={wide ? "comp-dialog wide" : "comp-dialog"}
        aria-labelledby={titleId}
        onClose={() => {
          setOpen(false);
          opener.current?.focus();
        }}
      >
        {open ? (
          <div className="comp-dialog-body">
            <h2 id={titleId}>{title}</h2>
            {children(() => setOpen(false))}
          </div>
        ) : null}
      </dialog>
    </>
  );
}
