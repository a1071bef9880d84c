"use client";

import "./accounts.css";
import type { ReactNode } from "react";
import { DialogButton as Dialog } from "@/components/ui/dialog-button.tsx";

/** The assignment desk's modal dialog behind a button (see components/ui/dialog-button.tsx). */
export function DialogButton({ label, title, className = "btn", accessibleLabel, pressed, children }: {
  label: ReactNode;
  title: string;
  className?: string;
  /** When the visible label alone is ambiguous ("Change"), what a screen reader should hear. */
  accessibleLabel?: string;
  pressed?: boolean;
  children: (close: () => void) => ReactNode;
}) {
  return (
    <Dialog label={label} title={title} className={className} accessibleLabel={accessibleLabel} pressed={pressed}
      dialogClassName="acc-dialog" bodyClassName="acc-dialog-body">
      {(close) => children(close)}
    </Dialog>
  );
}
