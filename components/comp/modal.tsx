"use client";

import type { ReactNode } from "react";
import { DialogButton } from "@/components/ui/dialog-button.tsx";

/** The comp pages' modal dialog behind a button (see DialogButton), optionally wide for tables. */
export function ModalButton({ label, title, className = "btn", wide = false, buttonLabel, children }: {
  label: ReactNode;
  title: string;
  className?: string;
  wide?: boolean;
  /** Accessible name of the button when `label` alone is ambiguous in a table row. */
  buttonLabel?: string;
  children: (close: () => void) => ReactNode;
}) {
  return (
    <DialogButton label={label} title={title} className={className} accessibleLabel={buttonLabel}
      dialogClassName={wide ? "comp-dialog wide" : "comp-dialog"} bodyClassName="comp-dialog-body">
      {(close) => children(close)}
    </DialogButton>
  );
}
