import type { ReactNode } from "react";

/**
 * A designed empty state for DataTable's `emptyState`: what is empty, why, and what to do next.
 * Server-safe (no hooks), so a server page may build it and pass it down.
 */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="dt-empty-state">
      <svg className="dt-empty-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
        <rect x="6" y="10" width="36" height="28" rx="4" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="M6 18h36M18 18v20" stroke="currentColor" strokeWidth="2" />
        <circle cx="34" cy="32" r="7" fill="var(--panel)" stroke="currentColor" strokeWidth="2" />
        <path d="m39 37 4 4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <p className="dt-empty-title">{title}</p>
      {children ? <div className="dt-empty-text">{children}</div> : null}
      {action ? <div className="dt-empty-action">{action}</div> : null}
    </div>
  );
}
