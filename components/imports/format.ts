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
