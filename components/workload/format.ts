// Shared by the workload page (server) and its charts (client): nothing here may import server code.

import { formatCompactMoney, formatCount, formatMoney as money, formatPercent } from "@/lib/format/format.ts";

// Numbers and money through the one formatter (lib/format/format.ts).
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
export { formatCompactMoney, formatCount, formatPercent };
export const formatMoney = (value: number) => money(Math.round(value));
export const formatCompact = (value: number) => compact.format(value);
const monthName = new Intl.DateTimeFormat("en-US", { month: "short", year: "2-digit", timeZone: "UTC" });
/** "2025-03" → "Mar 25". */
export const monthLabel = (month: string) => monthName.format(new Date(`${month}-01T00:00:00Z`));

/** Below this share of capacity a rep is "far under" and could take more. */
export const FAR_UNDER = 0.5;

export type LoadStatus = "over" | "under" | "ok" | "none";

/** Over when holding more accounts than the capacity; far under below half of it; none without a capacity. */
export function loadStatus(accounts: number, capacity: number | null): LoadStatus {
  if (capacity === null) return "none";
  if (accounts > capacity) return "over";
  if (capacity > 0 && accounts / capacity < FAR_UNDER) return "under";
  return "ok";
}

export const STATUS_LABELS: Record<LoadStatus, string> = {
  over: "Over capacity", under: "Far under (< 50%)", ok: "Within capacity", none: "No capacity set",
};

/** Bar fills; each meets 3:1 contrast against white, as non-text graphics must. */
export const STATUS_COLORS: Record<LoadStatus, string> = {
  over: "#b42318", under: "#b7791f", ok: "#2f5bd3", none: "#6b7a90",
};

export const SERIES_COLORS = ["#2f5bd3", "#b42318", "#1a7f4b", "#9a3dbd", "#b7791f", "#0e7490", "#c2410c", "#4b5563", "#be185d", "#4d7c0f", "#1e40af", "#7c2d12"];
