"use client";

import type { ReactNode } from "react";
import { DialogButton as Dialog } from "@/components/ui/dialog-button.tsx";

/**
 * The opportunity page's modal dialog behind a button (see components/ui/dialog-button.tsx). Its
 * forms lay out their own padding, so the title sits alone in the body and the form follows.
 */
export function DialogButton({ label, title, className = "btn", children }: {
  label: string;
  title: string;
  className?: string;
  children: (close: () => void, titleId: string) => ReactNode;
}) {
  return (
    <Dialog label={label} title={title} className={className} dialogClassName="opp-dialog" bodyClassName="opp-dialog-body"
      bodyStyle={{ paddingBottom: 0 }} titleOnlyInBody>
      {children}
    </Dialog>
  );
}
