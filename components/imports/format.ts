import type { ImportKind, RowAction } from "@/lib/domain/imports/schemas.ts";
import { formatCount, formatDateTime } from "@/lib/format/format.ts";

export const KIND_LABELS: Record<ImportKind, string> = {
  accounts: "Accounts",
  opportunities: "Opportunities",
  assignments: "Team assignments",
};

export const ACTION_LABELS: Record<RowAction, string> = {
  created: "Created",
  updated: "Updated",
  unchanged: "Unchanged",
  pending: "Pending",
  rejected: "Rejected",
};

export const ACTION_BADGE: Record<RowAction, string> = {
  created: "badge ok",
  updated: "badge brand",
  unchanged: "badge",
  pending: "badge warn",
  rejected: "badge danger",
};

export const count = (value: number) => formatCount(value);

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  if (seconds < 1) return "under a second";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

export const when = (iso: string) => formatDateTime(iso);

export const bytes = (size: number) =>
  size < 1024 ? `${size} B` : size < 1024 * 1024 ? `${(size / 1024).toFixed(1)} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`;

/**
 * An import's status as people read it: a dry run that found problems did its job — the file
 * "needs fixes" — it did not fail. (The API keeps "failed", its contract.)
 */
export function statusLabel(job: { status: "queued" | "running" | "succeeded" | "failed"; dryRun: boolean; errorCount: number }): string {
  if (job.status === "failed" && job.dryRun && job.errorCount > 0) return "Needs fixes";
  return { queued: "Queued", running: "Running", succeeded: "Succeeded", failed: "Failed" }[job.status];
}

/** The row as the spreadsheet numbers it: its header is row 1, so data row 1 is row 2. */
export const sheetRow = (row: number) => row + 1;

/** Spreadsheet-safe CSV of an import's problems, with a BOM so Excel reads it as UTF-8. */
export function errorsCsv(errors: { row: number; column?: string; message: string }[]): string {
  const cell = (value: string) => {
    const safe = /^[\s]*[=+\-@\t\r＝＋－＠]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = errors.map((error) => [error.row === 0 ? "Header" : String(sheetRow(error.row)), error.column ?? "", error.message].map(cell).join(","));
  return `\uFEFF${["Row,Column,Problem", ...lines].join("\r\n")}\r\n`;
}
