"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * A button that opens a modal native <dialog>: the browser traps focus and closes it on Escape;
 * on close, focus goes back to the button. The body renders only while open, so each opening
 * starts with a fresh form.
 */
export function DialogButton({ label, title, className = "btn", children }: {
  label: string;
  title: string;
  className?: string;
  children: (close: () => void, titleId: string) => ReactNode;
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

  const close = () => setOpen(false);
  return (
    <>
      <button ref={opener} type="button" className={className} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {label}
      </button>
      <dialog
        ref={dialog}
        className="opp-dialog"
        aria-labelledby={titleId}
        onClose={() => {
          setOpen(false);
          opener.current?.focus();
        }}
      >
        {open ? (
          <>
            <div className="opp-dialog-body" style={{ paddingBottom: 0 }}>
              <h2 id={titleId}>{title}</h2>
            </div>
            {children(close, titleId)}
          </>
        ) : null}
      </dialog>
    </>
  );
}
