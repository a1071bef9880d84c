"use client";

import { type CSSProperties, type ReactNode, useEffect, useId, useRef, useState } from "react";

/**
 * A button that opens a modal native <dialog>: the browser traps focus and closes it on Escape;
 * on close, focus goes back to the button. The body renders only while open, so each opening
 * starts fresh (a new form, a new fetch). Each section styles it with its own class names.
 */
export function DialogButton({
  label, title, className = "btn", accessibleLabel, pressed, dialogClassName, bodyClassName, bodyStyle, titleOnlyInBody = false, children,
}: {
  label: ReactNode;
  title: string;
  className?: string;
  /** When the visible label alone is ambiguous ("Change" in a table row), what a screen reader should hear. */
  accessibleLabel?: string;
  /** A switch that asks before it flips (aria-pressed): its state, shown and announced. */
  pressed?: boolean;
  dialogClassName: string;
  bodyClassName: string;
  bodyStyle?: CSSProperties;
  /** The body holds the title only and the content follows it (for content that lays out its own padding). */
  titleOnlyInBody?: boolean;
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
  const heading = <h2 id={titleId}>{title}</h2>;
  return (
    <>
      <button ref={opener} type="button" className={className} aria-haspopup="dialog" aria-label={accessibleLabel} aria-pressed={pressed} onClick={() => setOpen(true)}>
        {label}
      </button>
      <dialog
        ref={dialog}
        className={dialogClassName}
        aria-labelledby={titleId}
        onClose={() => {
          setOpen(false);
          opener.current?.focus();
        }}
      >
        {!open ? null : titleOnlyInBody ? (
          <>
            <div className={bodyClassName} style={bodyStyle}>{heading}</div>
            {children(close, titleId)}
          </>
        ) : (
          <div className={bodyClassName} style={bodyStyle}>
            {heading}
            {children(close, titleId)}
          </div>
        )}
      </dialog>
    </>
  );
}
